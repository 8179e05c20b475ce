// Bad input: every string of the Big List of Naughty Strings (tests/data/blns.json, MIT)
// plus script-injection payloads of our own, loaded from a backend and posted through the
// forms. No script may run, no console error may appear, the text must show as typed, and
// malformed backend answers must end in a clear message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSite, REPO_ROOT, waitFor } from './lib/servers.js';
import { openPage, closeBrowser, noErrors, waitForAttribute, waitForText, fillSupport, submitSupport, postComment } from './lib/browser.js';
import { waitForThread } from './lib/live.js';

const OWN_PAYLOADS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  '<svg onload="window.__xss=\'svg\'"><script>window.__xss=1</script></svg>',
  '"><iframe src="javascript:window.parent.__xss=\'iframe\'"></iframe>',
  "';window.__xss='quote';//\"",
  '<a href="jav&#x09;ascript:window.__xss=1">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  'java\u0000script:window.__xss=1',
  '\u202Egpj.exe — right-to-left override \u202C',
  '<style>*{display:none!important}</style>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  'x'.repeat(100_000),
  'Привет 👋🏳️‍🌈 مرحبا שלום 𝕳𝖊𝖑𝖑𝖔',
];

let naughty;
before(async () => {
  const blns = JSON.parse(await readFile(path.join(REPO_ROOT, 'tests', 'data', 'blns.json'), 'utf8'));
  naughty = [...blns.filter((s) => s.length > 0), ...OWN_PAYLOADS];
});
after(async () => {
  await closeBrowser();
});

/** One top-level comment with every naughty string as a reply, so none is paged away. */
function thread() {
  const root = { id: 'root', parent_id: null, author: 'Root', body: 'Naughty strings below', created_at: '2013-07-31T10:00:00Z' };
  return [root, ...naughty.map((body, i) => ({ id: `n${i}`, parent_id: 'root', author: body.slice(0, 80), body, created_at: '2013-07-31T10:00:00Z' }))];
}

test('every naughty string loaded from the backend shows as typed and runs nothing', async () => {
  const site = await startSite({ comments: thread() });
  const page = await openPage(site.url);
  try {
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=comment]').length >= n, naughty.length + 1, { timeout: 20_000 });
    const shown = await page.$$eval('[data-comment-id^=n]', (items) =>
      items.map((item) => ({ id: item.getAttribute('data-comment-id'), body: item.querySelector('[data-testid=comment-body]').textContent })),
    );
    assert.equal(shown.length, naughty.length);
    for (const { id, body } of shown) {
      assert.equal(body, naughty[Number(id.slice(1))], `comment ${id} shows exactly as typed`);
    }
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
    const injected = await page.$$eval('[data-testid=comments] script, [data-testid=comments] img, [data-testid=comments] iframe, [data-testid=comments] svg, [data-testid=comments] style, [data-testid=comments] a', (nodes) => nodes.length);
    assert.equal(injected, 0, 'no element was created from comment text');
    // Nothing broke the layout: the thread is no wider than the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
    assert.ok(await page.getByTestId('support-form').isVisible(), 'the form below the thread still shows');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('naughty comments and messages posted through the forms arrive byte-exact', async () => {
  const site = await startSite();
  const page = await openPage(site.url);
  const sample = naughty.filter((s) => s.length <= 2000 && s.trim().length > 0 && s.trim() === s).filter((_, i) => i % 25 === 0);
  try {
    for (const body of sample) {
      await postComment(page, { author: 'Tester', body });
      await waitFor(() => site.backend.requests.some((r) => r.method === 'POST' && r.json?.body === body), { timeout: 10_000, message: `comment ${JSON.stringify(body).slice(0, 40)}` });
      await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
    }
    const message = sample.find((s) => /[<>]/.test(s)) ?? sample[0];
    await fillSupport(page, { name: 'Tester', message, consent: true });
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
    const posted = site.backend.requests.filter((r) => r.method === 'POST' && r.json?.message !== undefined);
    assert.equal(posted.length, 1);
    assert.equal(posted[0].json.message, message);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a 100 kB comment is refused with a clear message in the reader\'s language, and kept', async () => {
  const site = await startSite();
  const page = await openPage(`${site.url}ru/`, { locale: 'ru-RU' });
  try {
    const huge = 'я'.repeat(100_000);
    await postComment(page, { author: 'Tester', body: huge });
    await waitForText(page, '[data-testid=comment-form] .solidarity-error:not([hidden])', 'Сократите');
    assert.equal(await page.inputValue('[data-testid=comment-form] [name=body]'), huge);
    assert.equal(site.backend.requests.filter((r) => r.method === 'POST').length, 0);
  } finally {
    await page.close();
    await site.close();
  }
});

// Each answer with what it must end in: a clear message, or (valid JSON under the wrong
// content type) the one comment it holds.
const MALFORMED = [
  ['an HTML error page', { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }, 'alert'],
  ['the wrong JSON shape', { status: 200, body: { data: { items: 'nope' } } }, 'alert'],
  ['an empty body', { status: 200, body: '' }, 'alert'],
  ['a huge body', { status: 200, body: `{"comments": "${'x'.repeat(3_000_000)}"}` }, 'alert'],
  ['JSON with the wrong content type', { status: 200, headers: { 'Content-Type': 'text/plain' }, body: '{"comments":[{"id":"1","author":"A","body":"fine"}]}' }, 'comment'],
];

for (const [what, answer, outcome] of MALFORMED) {
  test(`comments answered with ${what} end in ${outcome === 'alert' ? 'a clear message' : 'the comment'}, never a crash`, async () => {
    const site = await startSite({ configChanges: () => ({ comments: { static: null } }), respond: () => answer });
    // The thread's GET goes to the responder above (startSite serves seeds only on /comments).
    site.config.comments.endpoint = `${site.backend.url}/bad`;
    await site.site.close();
    const { startStatic } = await import('./lib/servers.js');
    // Client-rendered: a prerendered page would keep showing the thread it was built with.
    const { clientRenderedIndex } = await import('./lib/servers.js');
    const staticSite = await startStatic({ overrides: { '/config.json': JSON.stringify(site.config), '/index.html': await clientRenderedIndex() } });
    const page = await openPage(`${staticSite.url}/`);
    try {
      // Only an outcome counts (not "Loading…" or the no-JavaScript note).
      await page.waitForFunction(
        () => document.querySelector('[data-testid=comments] [role=alert]') || document.querySelector('[data-testid=comment]'),
        null,
        { timeout: 15_000 },
      );
      await waitForThread(page, { states: [outcome === 'alert' ? 'failed' : 'live'] });
      const alert = await page.locator('[data-testid=comments] [role=alert]').count();
      const comments = await page.locator('[data-testid=comment]').count();
      if (outcome === 'alert') {
        assert.deepEqual({ alert, comments }, { alert: 1, comments: 0 }, 'a clear message and no comment');
        await waitForText(page, '[data-testid=comments] [role=alert]', 'could not be loaded');
      } else {
        assert.deepEqual({ alert, comments }, { alert: 0, comments: 1 }, 'the one comment and no message');
        await waitForText(page, '[data-testid=comment-body]', 'fine');
      }
      assert.ok(await page.getByTestId('support-form').isVisible(), 'the rest of the widget still works');
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.close();
      await staticSite.close();
      await site.backend.close();
    }
  });
}

test('a message answered by a hanging server times out with a clear status and is kept', async () => {
  const site = await startSite({
    configChanges: () => ({ messages: { timeout_ms: 700 } }),
    respond: (request) => (request.method === 'POST' ? new Promise(() => {}) : undefined),
  });
  const page = await openPage(site.url);
  try {
    await fillSupport(page, { name: 'Anna', message: 'Hello', consent: true });
    await submitSupport(page);
    await waitForText(page, '[data-testid=support-status]', 'took too long');
    assert.equal(await page.inputValue('[data-testid=support-form] [name=message]'), 'Hello');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close().catch(() => {});
  }
});
