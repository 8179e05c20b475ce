// Partner widgets are readable before the WebAssembly arrives: embed.js puts the
// prerendered article (dist/fragment-<lang>.html) into the widget's shadow root at once,
// in the language the app will choose, and the app then replaces it with the live widget.
// The .wasm request is held back (Playwright route) until the fragment has been checked.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, closeBrowser, TIMEOUT } from './lib/browser.js';
import { sleep, articleContent } from './lib/servers.js';
import { startCampaign, startPartner, html, waitForWidget, headingOf, langOf } from './lib/embed-helpers.js';

const cleanups = [];
after(async () => {
  await closeBrowser();
  for (const close of cleanups.reverse()) await close().catch(() => {});
});

/** The title and the first paragraph's plain text of content/<lang>.json, as the page
 *  shows it (the Russian with its no-break spaces). */
async function article(lang) {
  const content = await articleContent(lang);
  const first = content.body.find((block) => block.type === 'paragraph');
  const text = first.text.map((segment) => (typeof segment === 'string' ? segment : segment.text)).join('');
  return { title: content.title, paragraph: text };
}

/** What the shadow root of `host` shows: heading, first paragraph, language, whether the
 *  container is visible, whether the app has mounted. */
function shown(page, host) {
  return page.evaluate((host) => {
    const element = document.querySelector(host);
    const root = element?.shadowRoot;
    const container = root?.querySelector('.solidarity-root');
    const widget = root?.querySelector('.solidarity');
    const h1 = root?.querySelector('[data-testid=article] h1');
    return {
      title: h1?.textContent ?? null,
      paragraph: root?.querySelector('[data-testid=article] > p')?.textContent ?? null,
      lang: widget?.getAttribute('lang') ?? null,
      visible: Boolean(container && !container.hidden && h1 && h1.getBoundingClientRect().height > 0),
      fragment: Boolean(widget?.hasAttribute('data-solidarity-fragment')),
      mounted: element?.hasAttribute('data-solidarity-mounted') ?? false,
      stylesheets: root?.querySelectorAll('link[rel=stylesheet]').length ?? 0,
    };
  }, host);
}

/** Opens `body` on a partner page with every .wasm request held back; `release()` lets
 *  them through. `held()` says whether the browser has asked for the wasm. */
async function openHeld(body, { locale }) {
  const campaign = await startCampaign();
  cleanups.push(campaign.close);
  const partner = await startPartner({ '/story.html': html({ body: body(campaign) }) });
  cleanups.push(partner.close);
  const page = await openPage('about:blank', { wait: false, locale });
  const waiting = [];
  let releasing = false;
  await page.route('**/*.wasm', (route) => (releasing ? route.continue() : waiting.push(route)));
  await page.goto(`${partner.url}/story.html`, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
  const release = async () => {
    releasing = true;
    for (const route of waiting.splice(0)) await route.continue();
  };
  return { page, campaign, release, held: () => waiting.length };
}

const snippet = (campaign, widgets) => `${widgets}\n<script type="module" src="${campaign.url}/embed.js"></script>`;

async function waitShown(page, host, expected) {
  await page
    .waitForFunction(
      ({ host, title }) => {
        const root = document.querySelector(host)?.shadowRoot;
        const container = root?.querySelector('.solidarity-root');
        const h1 = root?.querySelector('[data-testid=article] h1');
        return Boolean(container && !container.hidden && h1?.textContent === title && h1.getBoundingClientRect().height > 0);
      },
      { host, title: expected.title },
      { timeout: TIMEOUT },
    )
    .catch(async (error) => {
      throw new Error(`${host} never showed "${expected.title}": ${JSON.stringify(await shown(page, host))}\n${error.message}`);
    });
}

for (const { name, locale, widgets, expect } of [
  { name: 'an English reader', locale: 'en-US', widgets: '<div id="w" data-solidarity></div>', expect: { '#w': 'en' } },
  { name: 'a Russian reader', locale: 'ru-RU', widgets: '<div id="w" data-solidarity></div>', expect: { '#w': 'ru' } },
  {
    name: 'widgets pinned with data-lang (whatever the browser language)',
    locale: 'en-US',
    widgets: '<div id="r" data-solidarity data-lang="ru"></div><div id="e" data-solidarity data-lang="en-GB"></div>',
    expect: { '#r': 'ru', '#e': 'en' },
  },
]) {
  test(`a partner widget shows the article before any wasm byte, for ${name}, then the app takes over`, async () => {
    const { page, release, held } = await openHeld((campaign) => snippet(campaign, widgets), { locale });
    try {
      for (const [host, lang] of Object.entries(expect)) {
        const wanted = await article(lang);
        await waitShown(page, host, wanted);
        const before = await shown(page, host);
        assert.equal(before.title, wanted.title);
        assert.equal(before.paragraph, wanted.paragraph, 'the first paragraph is there too');
        assert.equal(before.lang, lang);
        assert.ok(before.fragment, 'it is the prerendered fragment');
        assert.equal(before.mounted, false, 'the app has not mounted');
      }
      // The browser has asked for the wasm and it is still held: no byte has arrived.
      for (let tries = 0; held() === 0 && tries < 150; tries++) await sleep(100);
      assert.ok(held() >= 1, 'the wasm was requested and held back');
      for (const host of Object.keys(expect)) assert.equal((await shown(page, host)).mounted, false);

      await release();
      for (const [host, lang] of Object.entries(expect)) {
        await waitForWidget(page, host);
        const wanted = await article(lang);
        assert.equal(await headingOf(page, host), wanted.title);
        assert.equal(await langOf(page, host), lang, 'the live widget is in the same language');
        const after = await shown(page, host);
        assert.equal(after.fragment, false, 'the live widget replaced the fragment');
        assert.equal(after.stylesheets, 1, 'the shadow root keeps one stylesheet');
      }
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.close();
    }
  });
}

test('a stored language choice picks the fragment, as it picks the app language', async () => {
  const campaign = await startCampaign();
  cleanups.push(campaign.close);
  const partner = await startPartner({ '/story.html': html({ body: snippet(campaign, '<div id="w" data-solidarity></div>') }) });
  cleanups.push(partner.close);
  const page = await openPage('about:blank', { wait: false, locale: 'en-US' });
  try {
    await page.route('**/*.wasm', () => {}); // never answered: only the fragment can show text
    await page.goto(`${partner.url}/`, { waitUntil: 'domcontentloaded' });
    await page.evaluate(() => localStorage.setItem('solidarity.lang', 'ru'));
    await page.goto(`${partner.url}/story.html`, { waitUntil: 'domcontentloaded' });
    await waitShown(page, '#w', await article('ru'));
    assert.equal((await shown(page, '#w')).lang, 'ru');
  } finally {
    await page.close();
  }
});
