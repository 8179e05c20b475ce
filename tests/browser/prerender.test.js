// The prerendered pages (scripts/post-build.sh runs the `prerender` binary): what the
// release build wrote for each language, reading and posting with JavaScript off, and
// the app taking over with JavaScript on (the same markup, nothing duplicated, no layout
// shift, no warning, then the toggle and the form work; see also takeover.test.js).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, REPO_ROOT, startStatic, startSite, articleContent, seedComments, config, waitFor } from './lib/servers.js';
import { launchBrowser, closeBrowser, openPage, noErrors, waitForApp, waitForText, waitForAttribute, fillSupport, submitSupport, TIMEOUT } from './lib/browser.js';
import { startReferenceServer } from './lib/reference-server.js';
import { prerender } from './lib/prerender.js';

after(async () => {
  await closeBrowser();
});

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const PAGES = { en: 'index.html', ru: path.join('ru', 'index.html') };
const DATES = { en: '30 July 2013', ru: '30\u00a0июля 2013\u00a0г.' };

/** A page with JavaScript disabled (its own context; closed by `page.close()`). */
async function openWithoutJs(url) {
  const browser = await launchBrowser();
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.close = () => context.close().catch(() => {});
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  return page;
}

const visible = (page, selector) => page.locator(selector).first().isVisible();

for (const lang of ['en', 'ru']) {
  test(`the release build prerendered the ${lang} page: article, date, comments and head tags`, async () => {
    const html = await readFile(path.join(DIST, PAGES[lang]), 'utf8');
    const article = await articleContent(lang);
    assert.match(html, new RegExp(`<html lang="${lang}">`));
    assert.ok(html.includes(`<title>${escapeHtml(article.title)}</title>`), 'title in the page language');
    assert.ok(html.includes(`<meta name="description" content="${escapeHtml(article.description)}"`), 'description');
    assert.ok(html.includes(`<meta property="og:title" content="${escapeHtml(article.title)}">`), 'og:title');
    assert.ok(html.includes(`<meta property="og:locale" content="${lang === 'en' ? 'en_GB' : 'ru_RU'}">`), 'og:locale');
    assert.ok(html.includes('<link rel="alternate" hreflang="en" href="./">'), 'hreflang en');
    assert.ok(html.includes('<link rel="alternate" hreflang="ru" href="ru/">'), 'hreflang ru');
    assert.ok(html.includes(`<h1>${escapeHtml(article.title)}</h1>`), 'the article heading');
    assert.ok(html.includes(DATES[lang].replace(' г.', '\u00a0г.')) || html.includes(DATES[lang]), `the date ${DATES[lang]}`);
    const bodies = html.match(/<p [^>]*data-testid="comment-body"[^>]*>/g) ?? [];
    assert.equal(bodies.length, 3, 'three prerendered comment bodies');
    for (const tag of bodies) assert.match(tag, /\slang="en"/, `each prerendered comment says its language: ${tag}`);
    for (const comment of await seedComments()) {
      assert.ok(html.includes(escapeHtml(comment.author)), `comment author ${comment.author}`);
      assert.ok(html.includes(escapeHtml(comment.body)), `comment body by ${comment.author}`);
    }
    assert.match(html, /<main data-solidarity data-standalone data-prerendered>/);
    assert.match(html, /<script type="application\/json" id="solidarity-seed">/);
    assert.equal(html.includes('<base'), lang === 'ru', 'only the page one level down has a <base>');
  });
}

test('without JavaScript both languages read fully and the language links switch pages', async () => {
  const site = await startStatic();
  const page = await openWithoutJs(`${site.url}/`);
  try {
    const en = await articleContent('en');
    const ru = await articleContent('ru');
    assert.equal(await page.textContent('h1'), en.title);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.ok((await page.textContent('[data-testid=article] time')).includes('2013'));
    const authors = await page.locator('[data-testid=comment-author]').allTextContents();
    assert.deepEqual(authors, (await seedComments()).map((c) => c.author));
    assert.equal(await page.getAttribute('[data-testid=lang-en]', 'aria-current'), 'page');
    // What needs the app is hidden, and a note says so; the support form stays.
    assert.equal(await visible(page, '[data-testid=comment-form]'), false, 'comment form hidden');
    assert.equal(await visible(page, '.solidarity-comment .solidarity-link-button'), false, 'reply buttons hidden');
    assert.equal(await visible(page, '.solidarity-comments .solidarity-without-js'), true, 'comment note shown');
    assert.equal(await visible(page, '[data-testid=support-form] button[type=submit]'), true);

    await Promise.all([page.waitForURL(`${site.url}/ru/`), page.click('[data-testid=lang-ru]')]);
    assert.equal(await page.textContent('h1'), ru.title);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.title(), ru.title);
    assert.equal(await page.getAttribute('[data-testid=lang-ru]', 'aria-current'), 'page');
    assert.match(await page.textContent('[data-testid=comment-count]'), /3\u00a0комментария/);
    // Assets resolve from the site root (the page has <base>): the stylesheet applied.
    const display = await page.evaluate(() => getComputedStyle(document.querySelector('.solidarity-toggle')).display);
    assert.equal(display, 'flex');

    await Promise.all([page.waitForURL(`${site.url}/`), page.click('[data-testid=lang-en]')]);
    assert.equal(await page.textContent('h1'), en.title);
  } finally {
    await page.close();
    await site.close();
  }
});

test('without JavaScript the support form posts form-encoded to the reference server, in Russian', async () => {
  const server = await startReferenceServer({ args: ['--rate-per-minute', '0'] });
  const page = await openWithoutJs(`${server.url}/ru/`);
  try {
    // The browser's own validation stops an empty form: nothing is posted.
    const posts = [];
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
    await page.click('[data-testid=support-form] button[type=submit]');
    await page.waitForTimeout(300);
    assert.deepEqual(posts, [], 'an invalid form is not posted');
    assert.equal(new URL(page.url()).pathname, '/ru/');

    const message = 'Держитесь! Мы с вами — 100% + «кавычки» & <b>теги</b>';
    await fillSupport(page, { name: 'Мария', location: 'Казань', message, consent: true });
    await Promise.all([page.waitForURL(`${server.url}/api/messages`), page.click('[data-testid=support-form] button[type=submit]')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.match(await page.textContent('h1'), /Спасибо/);
    const back = await page.getAttribute('a', 'href');
    assert.equal(back, '/ru/', 'the thank-you page links back to the Russian page');

    const { stdout } = await server.run(['export', '--db', server.db, '--format', 'json']);
    const stored = JSON.parse(stdout);
    const list = Array.isArray(stored) ? stored : stored.messages;
    assert.equal(list.length, 1, 'exactly one message stored');
    assert.equal(list[0].message, message);
    assert.equal(list[0].name, 'Мария');
    assert.equal(list[0].location, 'Казань');
    assert.equal(list[0].lang, 'ru');
  } finally {
    await page.close();
    await server.stop();
  }
});

test('without JavaScript, a backend that only takes JSON says so and its form cannot be sent', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'solidarity-prerender-'));
  try {
    await cp(DIST, tmp, { recursive: true });
    const json = config({
      messages: { preset: 'action-network', endpoint: 'https://actionnetwork.org/api/v2/forms/f-1/submissions' },
    });
    await writeFile(path.join(tmp, 'config.json'), JSON.stringify(json));
    await prerender(tmp);
    const site = await startStatic({ root: tmp });
    const page = await openWithoutJs(`${site.url}/ru/`);
    try {
      const note = page.locator('[data-testid=support-form] .solidarity-without-js');
      assert.equal(await note.isVisible(), true);
      assert.match(await note.textContent(), /JavaScript/);
      assert.equal(await page.getAttribute('[data-testid=support-form]', 'action'), null);
      assert.equal(await page.isDisabled('[data-testid=support-form] button[type=submit]'), true);
    } finally {
      await page.close();
      await site.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

for (const lang of ['en', 'ru']) {
  // axe needs timers, which do not run with page scripts off; so the prerendered HTML is
  // checked with scripts on but the app's loader blocked: the same markup, before the app.
  test(`axe finds no violations in the prerendered ${lang} page before the app loads`, async () => {
    const axeSource = await readFile(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const site = await startStatic();
    const browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US' });
    context.setDefaultTimeout(TIMEOUT);
    await context.route('**/embed.js', (route) => route.abort());
    const page = await context.newPage();
    try {
      await page.goto(`${site.url}/${lang === 'ru' ? 'ru/' : ''}`, { waitUntil: 'load' });
      assert.equal(await page.locator('[data-solidarity-mounted]').count(), 0, 'the app did not load');
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
      });
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    } finally {
      await context.close();
      await site.close();
    }
  });
}


/** Before any page script: the static markup's shape, layout shifts and console warnings. */
const RECORD_TAKEOVER = () => {
  window.__warnings = [];
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__shift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const shape = (main) => [...main.querySelectorAll('*')].map((e) => `${e.tagName}.${e.className}`);
  // Each element's rendered text (the root's own would count the markers between blocks).
  const texts = (main) => [...main.querySelectorAll('.solidarity *')].map((e) => e.innerText);
  window.__markup = () => {
    const main = document.querySelector('main');
    return { shape: shape(main), text: texts(main), height: main.getBoundingClientRect().height };
  };
  for (const level of ['warn', 'error']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      window.__warnings.push(args.map(String).join(' '));
      original(...args);
    };
  }
};

test('with JavaScript the app takes the page over: the same markup, no layout shift, no warning', async () => {
  // The live thread equals the built one, so after the takeover nothing has reason to change.
  const site = await startSite({ comments: await seedComments() });
  const browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(RECORD_TAKEOVER);
  const page = await context.newPage();
  page.consoleErrors = [];
  page.pageErrors = [];
  page.on('console', (m) => m.type() === 'error' && page.consoleErrors.push({ text: m.text(), url: m.location()?.url ?? '' }));
  page.on('pageerror', (e) => page.pageErrors.push(String(e)));
  // The wasm waits until the static page has been read.
  const held = [];
  let releasing = false;
  await page.route('**/*.wasm', (route) => (releasing ? route.continue() : held.push(route)));
  try {
    await page.goto(site.url, { waitUntil: 'load' });
    await waitFor(() => held.length > 0, { message: 'the page asked for the wasm' });
    const before = await page.evaluate(() => window.__markup());
    releasing = true;
    for (const route of held.splice(0)) await route.continue();
    await waitForApp(page);
    await waitFor(() => site.backend.requests.some((r) => r.pathname.startsWith('/comments')), { message: 'live comments requested' });
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => {
      return {
        after: window.__markup(),
        shift: window.__shift,
        warnings: window.__warnings,
        apps: document.querySelectorAll('.solidarity').length,
        articles: document.querySelectorAll('[data-testid=article]').length,
        forms: document.querySelectorAll('[data-testid=support-form]').length,
        comments: document.querySelectorAll('[data-testid=comment]').length,
      };
    });
    assert.deepEqual(state.after.shape, before.shape, 'the same elements, in the same order, with the same classes');
    assert.deepEqual(state.after.text, before.text, 'the same text in every element');
    assert.equal(state.after.height, before.height, 'the same height');
    assert.equal(state.shift, 0, 'no layout shift');
    assert.deepEqual(state.warnings, [], 'no console warning or error');
    assert.deepEqual([state.apps, state.articles, state.forms, state.comments], [1, 1, 1, 3]);
    noErrors(page);

    // Interactive: the counter follows typing, the toggle switches in place and updates
    // the address, and the form sends through the live configuration.
    await fillSupport(page, { message: 'Hello' });
    await waitForText(page, '[id$="-message-hint"]', '1995');
    await page.click('[data-testid=lang-ru]');
    await waitForText(page, '[data-testid=article] h1', (await articleContent('ru')).title);
    assert.equal(new URL(page.url()).pathname, '/ru/');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    await waitForAttribute(page, '[data-testid=lang-ru]', 'aria-current', 'page');
    await fillSupport(page, { name: 'Jo', message: 'Taken over and working', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
    const posts = site.backend.requests.filter((r) => r.method === 'POST' && r.pathname.startsWith('/messages'));
    assert.equal(posts.length, 1);
    assert.equal(JSON.parse(posts[0].text).lang, 'ru');
    noErrors(page);
  } finally {
    await context.close();
    await site.close();
  }
});

test('a saved draft fills the taken-over form, with its counter', async () => {
  const site = await startSite();
  const draft = { name: 'Ana', email: '', location: '', message: 'Twelve chars', consent: true, email_required: false };
  const page = await openPage(`${site.url}ru/`, { storage: { 'solidarity.draft.support': JSON.stringify(draft) } });
  try {
    assert.equal(await page.inputValue('[data-testid=support-form] [name=message]'), 'Twelve chars');
    assert.equal(await page.isChecked('[data-testid=support-form] [name=consent]'), true);
    await waitForText(page, '[id$="-message-hint"]', '1988');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});
