// The configuration: errors shown inside the widget (and logged), and the host element's
// attributes overriding the file.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, startStatic, startBackend, commentsResponder, seedComments, indexWithMain, config, waitFor, sleep } from './lib/servers.js';
import {
  openPage,
  closeBrowser,
  noErrors,
  waitForText,
  waitForAttribute,
  waitForComments,
  fillSupport,
  submitSupport,
} from './lib/browser.js';

const ERROR = '[data-testid=config-error]';
const STATUS = '[data-testid=support-status]';

after(async () => {
  await closeBrowser();
});

/** Serves dist with `configText` as /config.json and opens the page; the error must show. */
async function openWithConfig(configText, { path = '', ...options } = {}) {
  const site = await startStatic({ overrides: { '/config.json': configText } });
  const page = await openPage(`${site.url}/${path}`, { locale: 'en-US', ...options });
  await page.locator(ERROR).waitFor({ state: 'visible', timeout: 10_000 });
  return { site, page };
}

/** The widget still shows the article next to the error, and the error is an alert. */
async function assertArticleAndAlert(page) {
  assert.equal(await page.locator('[data-testid=article]').isVisible(), true, 'the article still renders');
  assert.equal((await page.textContent('[data-testid=article] h1')).trim(), 'Solidarity with LGBT Russia');
  assert.equal(await page.getAttribute(ERROR, 'role'), 'alert');
  const inside = await page.evaluate((s) => !!document.querySelector(s).closest('[data-solidarity]'), ERROR);
  assert.ok(inside, 'the error is inside the widget');
}

/** Waits until a console error mentioning `text` was logged. */
async function waitForConsoleError(page, text) {
  await waitFor(() => page.consoleErrors.some((e) => e.text.includes(text)), {
    timeout: 5000,
    message: `console error mentioning ${text}; got ${JSON.stringify(page.consoleErrors)}`,
  });
}

test('an unknown messages.encoding is named in the widget and in the console', async () => {
  const { site, page } = await openWithConfig(JSON.stringify({ messages: { encoding: 'xml', endpoint: '/x' } }));
  try {
    await assertArticleAndAlert(page);
    const text = await page.textContent(ERROR);
    assert.match(text, /messages\.encoding/);
    assert.match(text, /xml/);
    assert.match(text, /This campaign widget is not set up correctly/);
    await waitForConsoleError(page, 'messages.encoding');
    assert.deepEqual(page.pageErrors, []);
    assert.equal(await page.isDisabled('[data-testid=support-form] button[type=submit]'), true, 'nothing can be sent');
  } finally {
    await page.close();
    await site.close();
  }
});

test('an empty config object names the missing "messages" key', async () => {
  const { site, page } = await openWithConfig('{}');
  try {
    await assertArticleAndAlert(page);
    const text = await page.textContent(ERROR);
    assert.match(text, /“messages”/);
    assert.match(text, /missing/);
    await waitForConsoleError(page, 'messages');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a missing messages.endpoint is named', async () => {
  const { site, page } = await openWithConfig(JSON.stringify({ messages: { encoding: 'json' } }));
  try {
    await assertArticleAndAlert(page);
    assert.match(await page.textContent(ERROR), /messages\.endpoint/);
    await waitForConsoleError(page, 'messages.endpoint');
  } finally {
    await page.close();
    await site.close();
  }
});

test('a wrong type is named with what was expected', async () => {
  const { site, page } = await openWithConfig(JSON.stringify({ messages: { endpoint: '/x', timeout_ms: 'soon' } }));
  try {
    await assertArticleAndAlert(page);
    const text = await page.textContent(ERROR);
    assert.match(text, /messages\.timeout_ms/);
    assert.match(text, /positive whole number/);
    await waitForConsoleError(page, 'messages.timeout_ms');
  } finally {
    await page.close();
    await site.close();
  }
});

test('a config file that is not JSON shows an error', async () => {
  const { site, page } = await openWithConfig('{"messages": {"endpoint": "/x",,}');
  try {
    await assertArticleAndAlert(page);
    assert.match(await page.textContent(ERROR), /not valid JSON/);
    await waitFor(() => page.consoleErrors.some((e) => /not valid JSON/.test(e.text)), { timeout: 5000 });
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a missing config file shows an error naming the file', async () => {
  const site = await startStatic({ overrides: { '/index.html': await indexWithMain('<main data-solidarity data-standalone data-config="nowhere.json">') } });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await page.locator(ERROR).waitFor({ state: 'visible', timeout: 10_000 });
    await assertArticleAndAlert(page);
    const text = await page.textContent(ERROR);
    assert.match(text, /nowhere\.json/);
    assert.match(text, /404/);
  } finally {
    await page.close();
    await site.close();
  }
});

test('the config error is shown in Russian after switching, still naming the key', async () => {
  const { site, page } = await openWithConfig(JSON.stringify({ messages: { encoding: 'xml', endpoint: '/x' } }));
  try {
    await page.click('[data-testid=lang-ru]');
    await waitForAttribute(page, 'html', 'lang', 'ru');
    await waitForText(page, ERROR, 'Виджет кампании настроен неправильно');
    const text = await page.textContent(ERROR);
    assert.match(text, /messages\.encoding/);
    assert.match(text, /неизвестное значение «xml»/);
    assert.equal(await page.locator('[data-testid=article]').isVisible(), true);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a Russian reader sees the config error in Russian from the start', async () => {
  const { site, page } = await openWithConfig('{}', { locale: 'ru-RU', path: 'ru/' });
  try {
    await waitForText(page, ERROR, 'нет ключа «messages»');
  } finally {
    await page.close();
    await site.close();
  }
});

test('a config with everything right shows no error', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    assert.equal(await page.locator(ERROR).count(), 0);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('data-lang="ru" and data-messages-endpoint on the host override the file', async () => {
  const seeds = await seedComments();
  const backend = await startBackend({ respond: commentsResponder(seeds) });
  const fileConfig = config({
    default_lang: 'en',
    messages: { endpoint: `${backend.url}/messages` },
    comments: { endpoint: `${backend.url}/comments` },
  });
  const site = await startStatic({
    overrides: {
      '/config.json': JSON.stringify(fileConfig),
      '/index.html': await indexWithMain(
        `<main data-solidarity data-standalone data-lang="ru" data-messages-endpoint="${backend.url}/custom">`,
      ),
    },
  });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await waitForAttribute(page, 'html', 'lang', 'ru');
    // The Russian article comes from fragment-ru.html, which may still be on its way
    // when the page has switched its language: wait for it (the English text stands in).
    await waitForAttribute(page, '[data-testid=article]', 'lang', 'ru');
    assert.equal(await page.getAttribute('[data-testid=article]', 'lang'), 'ru');
    assert.equal(await page.getAttribute('[data-testid=lang-ru]', 'aria-pressed'), 'true');
    await fillSupport(page, { name: 'Анна', message: 'Привет', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const posts = backend.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => r.pathname), ['/custom']);
    assert.equal(posts[0].json.lang, 'ru');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('a widget pinned with data-lang keeps its own stored choice, apart from other widgets', async () => {
  const site = await startSite({
    overrides: async () => ({ '/index.html': await indexWithMain('<main data-solidarity data-standalone data-lang="ru">') }),
  });
  // The shared choice (made in an unpinned widget) does not override the partner's data-lang…
  const shared = await openPage(site.url, { locale: 'en-US', storage: { 'solidarity.lang': 'en' } });
  try {
    await sleep(200);
    assert.equal(await shared.getAttribute('html', 'lang'), 'ru');
  } finally {
    await shared.close();
  }
  // …but the reader's own choice in this pinned widget does, and is kept under its own key.
  const own = await openPage(site.url, { locale: 'en-US', storage: { 'solidarity.lang.ru': 'en' } });
  try {
    await sleep(200);
    assert.equal(await own.getAttribute('html', 'lang'), 'en');
    assert.equal((await own.textContent('[data-testid=article] h1')).trim(), 'Solidarity with LGBT Russia');
    await own.getByTestId('lang-ru').click();
    assert.equal(await own.evaluate(() => sessionStorage.getItem('solidarity.lang.ru')), 'ru', 'in the tab under no-trace');
    assert.equal(await own.evaluate(() => localStorage.getItem('solidarity.lang.ru')), null, 'not on the device');
    assert.equal(await own.evaluate(() => sessionStorage.getItem('solidarity.lang') ?? localStorage.getItem('solidarity.lang')), null);
    noErrors(own);
  } finally {
    await own.close();
    await site.close();
  }
});

test('data-lang wins over navigator.languages', async () => {
  const site = await startSite({
    overrides: async () => ({ '/index.html': await indexWithMain('<main data-solidarity data-standalone data-lang="en">') }),
  });
  const page = await openPage(site.url, { locale: 'ru-RU' });
  try {
    await sleep(200);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('[data-testid=lang-en]', 'aria-pressed'), 'true');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('config default_lang applies when the browser prefers neither language', async () => {
  // Client-rendered: a prerendered page is in the language of its address.
  const site = await startSite({ configChanges: () => ({ default_lang: 'ru' }), clientRendered: true });
  const page = await openPage(site.url, { locale: 'de-DE' });
  try {
    await waitForAttribute(page, 'html', 'lang', 'ru');
    assert.equal(await page.getAttribute('[data-testid=lang-ru]', 'aria-pressed'), 'true');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('data-comments-endpoint and data-config on the host are honoured', async () => {
  const other = [{ id: 'o-1', parent_id: null, author: 'Other', body: 'From the other endpoint', created_at: '2013-08-01T00:00:00Z' }];
  const backend = await startBackend({ respond: commentsResponder(other, { path: '/other-comments' }) });
  const site = await startStatic({
    overrides: {
      '/partner/widget.json': JSON.stringify(config({ messages: { endpoint: `${backend.url}/messages` }, comments: { endpoint: null, static: 'none.json' } })),
      '/index.html': await indexWithMain(
        `<main data-solidarity data-standalone data-config="/partner/widget.json" data-comments-endpoint="${backend.url}/other-comments">`,
      ),
    },
  });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 1 });
    const authors = await page.locator('[data-testid=comment-author]').allTextContents();
    assert.deepEqual(authors.map((a) => a.trim()), ['Other']);
    assert.ok(site.requests.some((r) => r.path === '/partner/widget.json'));
    assert.ok(!site.requests.some((r) => r.path === '/config.json'), 'the default config is not read');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('relative URLs in the config resolve against the config file, not the page', async () => {
  const site = await startStatic({
    overrides: {
      '/partner/widget.json': JSON.stringify(config({ messages: { endpoint: 'api/messages' }, comments: { endpoint: null, static: 'seed.json' } })),
      '/partner/seed.json': JSON.stringify({ comments: [{ id: 'p-1', author: 'Partner', body: 'Relative works' }] }),
      '/index.html': await indexWithMain('<main data-solidarity data-standalone data-config="/partner/widget.json">'),
    },
  });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 1 });
    const authors = await page.locator('[data-testid=comment-author]').allTextContents();
    assert.deepEqual(authors.map((a) => a.trim()), ['Partner']);
    assert.ok(site.requests.some((r) => r.path === '/partner/seed.json'));
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});
