// Automated accessibility checks (axe-core) of the embedded widget: inside its open shadow
// root on a partner page, in English and in Russian (data-lang), with validation errors
// showing; and the iframe-mode page (embed.html) in Russian.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startBackend, commentsResponder, config, seedComments, REPO_ROOT, sleep } from './lib/servers.js';
import { openPage, closeBrowser, noErrors, waitForAttribute, TIMEOUT } from './lib/browser.js';
import { startCampaign, startPartner, html, waitForWidget, langOf } from './lib/embed-helpers.js';

let axeSource;
let backend;
let campaign;
let partner;

before(async () => {
  axeSource = await readFile(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  backend = await startBackend({ respond: commentsResponder(await seedComments()) });
  campaign = await startCampaign({
    overrides: {
      '/config.json': JSON.stringify(
        config({ messages: { endpoint: `${backend.url}/messages` }, comments: { endpoint: `${backend.url}/comments` } }),
      ),
    },
  });
  const partnerPage = (lang) =>
    html({
      body: `<header><p>Partner News</p></header>
<main>
  <h1>Partner story</h1>
  <p>The partner's own article text.</p>
  <div data-solidarity id="w" data-lang="${lang}"></div>
</main>
<script type="module" src="${campaign.url}/embed.js"></script>`,
    });
  partner = await startPartner({ '/en.html': partnerPage('en'), '/ru.html': partnerPage('ru') });
});

after(async () => {
  await closeBrowser();
  await partner?.close();
  await campaign?.close();
  await backend?.close();
});

/**
 * Runs axe on `context` (a selector of the shadow host, or the whole document when null)
 * and returns the violations plus how many checked nodes lay inside a shadow root (axe
 * gives those a nested target: [host, selector-inside]).
 */
async function runAxe(page, hostSelector) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (hostSelector) => {
    const context = hostSelector ? document.querySelector(hostSelector) : document;
    const result = await window.axe.run(context, { resultTypes: ['violations', 'passes'] });
    const inShadow = (node) => node.target.some((t) => Array.isArray(t));
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
      })),
      shadowNodesChecked: result.passes.reduce((n, rule) => n + rule.nodes.filter(inShadow).length, 0),
      rulesPassed: result.passes.map((r) => r.id),
    };
  }, hostSelector);
}

/** Submits both forms empty inside the shadow root and waits for the errors to show. */
async function showValidationErrors(page, scope) {
  const root = scope ? page.locator(scope) : page;
  await root.locator('[data-testid=comment]').first().waitFor({ state: 'visible', timeout: TIMEOUT });
  await root.locator('[data-testid=support-form] button[type=submit]').click();
  await root.locator('[data-testid=comment-form] button[type=submit]').click();
  await root.locator('[data-testid=support-form] [name=name][aria-invalid=true]').waitFor({ timeout: TIMEOUT });
  await root.locator('[data-testid=comment-form] [name=author][aria-invalid=true]').waitFor({ timeout: TIMEOUT });
  await sleep(100);
}

for (const lang of ['en', 'ru']) {
  test(`axe finds no violations inside the embedded widget's shadow root (${lang}, validation errors shown)`, async () => {
    const page = await openPage(`${partner.url}/${lang}.html`, { wait: false, locale: 'en-US' });
    try {
      await waitForWidget(page, '#w');
      assert.equal(await page.evaluate(() => document.querySelector('#w').shadowRoot?.mode), 'open');
      assert.equal(await langOf(page, '#w'), lang, 'the widget root carries its language (language of parts)');
      await showValidationErrors(page, '#w');
      // The errors really are inside the shadow root.
      const errors = await page.evaluate(
        () => document.querySelector('#w').shadowRoot.querySelectorAll('[aria-invalid=true]').length,
      );
      assert.ok(errors >= 2, `invalid fields inside the shadow root: ${errors}`);

      // The widget as context (axe descends into its shadow root).
      const widget = await runAxe(page, '#w');
      assert.ok(widget.shadowNodesChecked > 20, `axe checked nodes inside the shadow root (${widget.shadowNodesChecked})`);
      assert.deepEqual(widget.violations, [], JSON.stringify(widget.violations, null, 2));

      // The whole partner page (a well-formed page around the widget).
      const whole = await runAxe(page, null);
      assert.ok(whole.shadowNodesChecked > 20, `axe on the document checked nodes inside the shadow root (${whole.shadowNodesChecked})`);
      assert.deepEqual(whole.violations, [], JSON.stringify(whole.violations, null, 2));
      noErrors(page);
    } finally {
      await page.close();
    }
  });
}

test('axe finds no violations on the iframe-mode page embed.html?lang=ru (validation errors shown)', async () => {
  const page = await openPage(`${campaign.url}/embed.html?lang=ru`, { locale: 'en-US' });
  try {
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    await waitForAttribute(page, '[data-testid=lang-ru]', 'aria-pressed', 'true');
    await showValidationErrors(page, null);
    const result = await runAxe(page, null);
    assert.ok(result.rulesPassed.includes('html-has-lang'), 'page-level rules ran');
    assert.deepEqual(result.violations, [], JSON.stringify(result.violations, null, 2));
    noErrors(page);
  } finally {
    await page.close();
  }
});
