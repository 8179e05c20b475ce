// Embedding on partner sites (docs/embedding.md): the script snippet on another origin,
// independent instances, style isolation both ways, forms inside the shadow root, the
// iframe mode and its resize messages, late elements, and the standalone page under a
// strict Content-Security-Policy.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBackend, commentsResponder, config, waitFor, sleep } from './lib/servers.js';
import { openPage, closeBrowser, waitForApp, waitForComments, TIMEOUT } from './lib/browser.js';
import {
  STRICT_CSP,
  startCampaign,
  startPartner,
  html,
  waitForWidget,
  shadowStyles,
  pageStyles,
  headingOf,
  langOf,
  recordCspViolations,
  cspViolations,
} from './lib/embed-helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const EN_TITLE = 'Solidarity with LGBT Russia';

const cleanups = [];
after(async () => {
  await closeBrowser();
  for (const close of cleanups.reverse()) await close().catch(() => {});
});
function later(close) {
  cleanups.push(close);
}

function comment(id, author, body) {
  return { id, parent_id: null, author, body, created_at: '2024-05-01T10:00:00Z' };
}

/** A backend (recording, CORS) whose GET /comments answers `comments`. */
async function backendWith(comments = []) {
  const backend = await startBackend({ respond: commentsResponder(comments) });
  later(backend.close);
  return backend;
}

/** The campaign (dist/ with CORS) whose config.json points at `backend`; `extra` maps more
 *  paths to config objects (their relative URLs resolve against their own location). */
async function campaignFor(backend, extra = {}) {
  const overrides = {
    '/config.json': JSON.stringify(
      config({ messages: { endpoint: `${backend.url}/messages` }, comments: { endpoint: `${backend.url}/comments` } }),
    ),
  };
  for (const [path, value] of Object.entries(extra)) overrides[path] = JSON.stringify(value);
  const campaign = await startCampaign({ overrides });
  later(campaign.close);
  return campaign;
}

async function partnerWith(pages, options) {
  const partner = await startPartner(pages, options);
  later(partner.close);
  return partner;
}

const snippet = (campaign, attributes = '') =>
  `<div data-solidarity${attributes ? ` ${attributes}` : ''}></div>\n<script type="module" src="${campaign.url}/embed.js"></script>`;

/** Problems the page reported: console errors, page errors, CSP violations. */
async function problems(page) {
  return [
    ...page.consoleErrors.map((e) => `console: ${e.text} (${e.url})`),
    ...page.pageErrors.map((e) => `page: ${e}`),
    ...(await cspViolations(page)).map((v) => `csp: ${v}`),
  ];
}

/** Opens `url` in a fresh context that records CSP violations from the first script on. */
async function openRecorded(url, options = {}) {
  const page = await openPage('about:blank', { wait: false, ...options });
  await recordCspViolations(page.context());
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  return page;
}

test('the snippet mounts in a shadow root on another origin, with the campaign config and files, under the documented partner CSP', async () => {
  const backend = await backendWith([comment('c-1', 'Alpha', 'From the campaign config')]);
  const campaign = await campaignFor(backend);
  const page0 = html({ body: `<h2>Partner news</h2>\n${snippet(campaign, 'id="w"')}` });
  // The Content-Security-Policy docs/embedding.md tells partners to send.
  const partnerCsp = `default-src 'self'; script-src 'self' ${campaign.url} 'wasm-unsafe-eval'; style-src 'self' ${campaign.url}; connect-src 'self' ${campaign.url} ${backend.url}`;
  const partner = await partnerWith({ '/news/2024/deep/story.html': page0 }, { csp: partnerCsp });
  const page = await openRecorded(`${partner.url}/news/2024/deep/story.html`);
  try {
    await waitForWidget(page, '#w');
    // Playwright locators pierce open shadow roots.
    await page.locator('#w').locator('[data-testid=article] h1').waitFor({ state: 'visible' });
    assert.equal(await headingOf(page, '#w'), EN_TITLE);
    const inLight = await page.evaluate(() => document.querySelectorAll('[data-testid=article], .solidarity').length);
    assert.equal(inLight, 0, 'nothing of the app is in the light DOM');
    const mode = await page.evaluate(() => document.querySelector('#w').shadowRoot?.mode ?? null);
    assert.equal(mode, 'open');
    // The config came from beside embed.js (the campaign), and so did the comments it names.
    await page.locator('#w').locator('[data-testid=comment]').first().waitFor({ state: 'visible' });
    assert.match(await page.locator('#w').locator('[data-testid=comment]').first().textContent(), /From the campaign config/);
    const fromCampaign = campaign.requests.map((r) => r.path);
    for (const wanted of ['/embed.js', '/config.json']) assert.ok(fromCampaign.includes(wanted), `campaign served ${wanted}: ${fromCampaign}`);
    assert.ok(fromCampaign.some((p) => /^\/solidarity-[0-9a-f]+_bg\.wasm$/.test(p)), 'wasm from the campaign');
    assert.ok(fromCampaign.some((p) => /^\/main-[0-9a-f]+\.css$/.test(p)), 'stylesheet from the campaign');
    assert.deepEqual(
      partner.requests.map((r) => r.path).filter((p) => p !== '/favicon.ico'),
      ['/news/2024/deep/story.html'],
      'the partner origin was asked for nothing but its page',
    );
    const stylesheet = await page.evaluate(() => document.querySelector('#w').shadowRoot.querySelector('link[rel=stylesheet]')?.href);
    assert.match(stylesheet, new RegExp(`^${campaign.url}/main-[0-9a-f]+\\.css$`));
    assert.deepEqual(await problems(page), []);
  } finally {
    await page.close();
  }
});

test('embed.js served from a sub-path finds its files and default config beside itself', async () => {
  const backend = await backendWith([comment('c-1', 'Alpha', 'Config from the sub-path')]);
  const overrides = {
    '/config.json': JSON.stringify(config({ messages: { endpoint: `${backend.url}/messages` }, comments: { endpoint: `${backend.url}/comments` } })),
  };
  const campaign = await startCampaign({ overrides, prefix: '/cdn/solidarity/v2' });
  later(campaign.close);
  const base = `${campaign.url}/cdn/solidarity/v2`;
  const partner = await partnerWith({
    '/a/b/c/page.html': html({ body: `<div data-solidarity id="w"></div><script type="module" src="${base}/embed.js"></script>` }),
  });
  const page = await openPage(`${partner.url}/a/b/c/page.html`, { wait: false });
  try {
    await waitForWidget(page, '#w');
    await page.locator('#w').locator('[data-testid=comment-body]').first().waitFor({ state: 'visible' });
    assert.equal(await page.locator('#w').locator('[data-testid=comment-body]').first().textContent(), 'Config from the sub-path');
    const paths = campaign.requests.map((r) => r.path);
    assert.ok(paths.every((p) => p.startsWith('/cdn/solidarity/v2/')), `every campaign request is under the sub-path: ${paths}`);
    assert.ok(paths.includes('/cdn/solidarity/v2/config.json'));
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await page.close();
  }
});

test('the loader defines no globals on the partner page', async () => {
  const backend = await backendWith();
  const campaign = await campaignFor(backend);
  const partner = await partnerWith({
    '/plain.html': html({ body: '<div id="w"></div>' }),
    '/embedded.html': html({ body: snippet(campaign, 'id="w"') }),
  });
  const names = (page) => page.evaluate(() => Object.getOwnPropertyNames(window).sort());
  const plain = await openPage(`${partner.url}/plain.html`, { wait: false });
  const embedded = await openPage(`${partner.url}/embedded.html`, { wait: false });
  try {
    await waitForWidget(embedded, '#w');
    const before = new Set(await names(plain));
    const added = (await names(embedded)).filter((name) => !before.has(name));
    assert.deepEqual(added, [], `globals added by the embed: ${added}`);
  } finally {
    await plain.close();
    await embedded.close();
  }
});

test('two instances with their own config, language and endpoint work side by side', async () => {
  const backendA = await backendWith([comment('a-1', 'Alpha', 'Comment for instance A')]);
  const backendB = await backendWith([comment('b-1', 'Beta', 'Comment for instance B')]);
  const campaign = await campaignFor(backendA, {
    '/a/config.json': config({ messages: { endpoint: `${backendA.url}/messages` }, comments: { endpoint: `${backendA.url}/comments`, static: '../comments.json' } }),
    '/b/config.json': config({ messages: { endpoint: `${backendB.url}/messages` }, comments: { endpoint: `${backendB.url}/comments`, static: '../comments.json' } }),
  });
  const partner = await partnerWith({
    '/two.html': html({
      body: `
        <section><div data-solidarity id="a" data-config="${campaign.url}/a/config.json" data-lang="ru"></div></section>
        <section><div data-solidarity id="b" data-config="${campaign.url}/b/config.json" data-lang="en"
          data-messages-endpoint="${backendB.url}/override"></div></section>
        <script type="module" src="${campaign.url}/embed.js"></script>`,
    }),
  });
  const page = await openPage(`${partner.url}/two.html`, { wait: false });
  try {
    await waitForWidget(page, '#a');
    await waitForWidget(page, '#b');
    const ruTitle = await headingOf(page, '#a');
    assert.notEqual(ruTitle, EN_TITLE);
    assert.match(ruTitle, /[А-Яа-я]/, 'instance A is in Russian');
    assert.equal(await headingOf(page, '#b'), EN_TITLE, 'instance B is in English');
    assert.deepEqual([await langOf(page, '#a'), await langOf(page, '#b')], ['ru', 'en']);
    // Each has its own comments, from its own config.
    const a = page.locator('#a');
    const b = page.locator('#b');
    await a.locator('[data-testid=comment]').first().waitFor({ state: 'visible' });
    await b.locator('[data-testid=comment]').first().waitFor({ state: 'visible' });
    assert.deepEqual(await a.locator('[data-testid=comment-body]').allTextContents(), ['Comment for instance A']);
    assert.deepEqual(await b.locator('[data-testid=comment-body]').allTextContents(), ['Comment for instance B']);
    // Toggling one leaves the other alone (both ways).
    await b.locator('[data-testid=lang-ru]').click();
    await waitFor(async () => (await langOf(page, '#b')) === 'ru', { message: 'B switched to Russian' });
    assert.equal(await langOf(page, '#a'), 'ru');
    await a.locator('[data-testid=lang-en]').click();
    await waitFor(async () => (await langOf(page, '#a')) === 'en', { message: 'A switched to English' });
    await sleep(200);
    assert.equal(await langOf(page, '#b'), 'ru', 'B stayed Russian when A switched');
    assert.match(await headingOf(page, '#b'), /[А-Яа-я]/);
    assert.equal(await headingOf(page, '#a'), EN_TITLE);
    // Element ids are unique across the page's instances.
    const ids = await page.evaluate(() =>
      ['#a', '#b'].flatMap((h) => [...document.querySelector(h).shadowRoot.querySelectorAll('[id]')].map((e) => e.id)),
    );
    assert.equal(new Set(ids).size, ids.length, 'no id appears twice');
    // B's host attribute sends its messages to its own endpoint.
    const form = b.locator('[data-testid=support-form]');
    await form.locator('[name=name]').fill('Boris');
    await form.locator('[name=message]').fill('Из второго виджета');
    await form.locator('[name=consent]').setChecked(true);
    await form.locator('button[type=submit]').click();
    await waitFor(() => backendB.requests.some((r) => r.method === 'POST'), { message: 'a POST at backend B' });
    await sleep(200);
    const posts = [...backendA.requests, ...backendB.requests].filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => `${r.pathname}:${r.json?.name}`), ['/override:Boris']);
    assert.equal(posts[0].json.lang, 'ru');
  } finally {
    await page.close();
  }
});

const HOSTILE = `
  html { font-size: 40px; }
  body { line-height: 3; letter-spacing: 4px; text-transform: uppercase; font-family: serif; }
  * { font-size: 40px !important; color: red !important; line-height: 5 !important; font-weight: 900 !important; }
  button { display: none; }
  input { all: unset; }
  textarea, label, p, h1, div { background: yellow !important; padding: 30px !important; border: 9px solid lime !important; }
  [data-solidarity] { letter-spacing: 3px !important; text-transform: uppercase !important; font-style: italic !important; }
`;
// Taller than the widget, so the body's height does not depend on it.
const PARTNER_BASE = `body { min-height: 6000px; }`;
const PARTNER_ELEMENTS = `
  <p id="pp">A partner paragraph.</p>
  <button id="pb" type="button">Partner button</button>
  <input id="pi" type="text" value="partner input">
  <h1 id="ph">Partner heading</h1>`;
const INSIDE = {
  h1: '[data-testid=article] h1',
  paragraph: '[data-testid=article] p',
  toggle: '[data-testid=lang-ru]',
  name: '[data-testid=support-form] [name=name]',
  message: '[data-testid=support-form] [name=message]',
  consent: '[data-testid=support-form] [name=consent]',
  label: '[data-testid=support-form] label',
  submit: '[data-testid=support-form] button[type=submit]',
  root: '.solidarity',
};
const OUTSIDE = { p: '#pp', button: '#pb', input: '#pi', h1: '#ph', body: 'body' };

test('style isolation: a hostile partner stylesheet changes nothing inside, and the widget changes nothing outside', async () => {
  const backend = await backendWith();
  const campaign = await campaignFor(backend);
  const partner = await partnerWith({
    '/plain.html': html({ head: `<style>${PARTNER_BASE}</style>`, body: PARTNER_ELEMENTS }),
    '/embedded.html': html({ head: `<style>${PARTNER_BASE}</style>`, body: `${PARTNER_ELEMENTS}\n${snippet(campaign, 'id="w"')}` }),
    '/hostile.html': html({ head: `<style>${PARTNER_BASE}${HOSTILE}</style>`, body: `${PARTNER_ELEMENTS}\n${snippet(campaign, 'id="w"')}` }),
  });
  const open = async (name) => {
    const page = await openPage(`${partner.url}/${name}.html`, { wait: false });
    later(page.close);
    return page;
  };
  const plain = await open('plain');
  const embedded = await open('embedded');
  const hostile = await open('hostile');
  await waitForWidget(embedded, '#w');
  await waitForWidget(hostile, '#w');

  // Inside: identical computed styles with and without the hostile stylesheet.
  const calm = await shadowStyles(embedded, '#w', INSIDE);
  const attacked = await shadowStyles(hostile, '#w', INSIDE);
  for (const [label, styles] of Object.entries(calm)) assert.ok(styles, `${label} exists inside the widget`);
  assert.deepEqual(attacked, calm);
  // And those styles are the widget's own, not the browser's defaults.
  assert.equal(calm.root['font-size'], '16px');
  assert.equal(calm.h1['font-size'], '32px');
  assert.notEqual(calm.submit.display, 'none');
  assert.equal(calm.submit.visibility, 'visible');
  assert.notEqual(calm.root.color, 'rgb(255, 0, 0)');
  // The hostile sheet did apply to the partner's own elements (so the comparison means something).
  const hostileOutside = await pageStyles(hostile, OUTSIDE);
  assert.equal(hostileOutside.p['font-size'], '40px');
  assert.equal(hostileOutside.button.display, 'none');
  // Partner elements: identical with and without the embed.
  assert.deepEqual(await pageStyles(embedded, OUTSIDE), await pageStyles(plain, OUTSIDE));
  // The submit button is really there and usable in the hostile page.
  await hostile.locator('#w').locator(INSIDE.submit).waitFor({ state: 'visible' });
  const box = await hostile.locator('#w').locator(INSIDE.submit).boundingBox();
  assert.ok(box && box.width > 20 && box.height > 20, `submit button box ${JSON.stringify(box)}`);
});

test('theming: custom properties on the host reach inside; data-theme picks light or dark', async () => {
  const backend = await backendWith();
  const campaign = await campaignFor(backend);
  const partner = await partnerWith({
    '/themed.html': html({
      head: `<link rel="stylesheet" href="/theme.css">`,
      body: `<div data-solidarity id="t" class="brand"></div><div data-solidarity id="d" data-theme="dark"></div>
        <div dir="rtl"><div data-solidarity id="r" data-theme="light"></div></div>
        <script type="module" src="${campaign.url}/embed.js"></script>`,
    }),
    '/theme.css': `.brand { --solidarity-accent: rgb(0, 128, 0); --solidarity-font: monospace; --solidarity-radius: 0px; }`,
  });
  const page = await openPage(`${partner.url}/themed.html`, { wait: false, viewport: { width: 320, height: 800 } });
  try {
    await waitForWidget(page, '#t');
    await waitForWidget(page, '#d');
    const styles = await shadowStyles(page, '#t', { root: '.solidarity', submit: INSIDE.submit });
    assert.equal(styles.submit['background-color'], 'rgb(0, 128, 0)');
    assert.match(styles.root['font-family'], /monospace/);
    const dark = await shadowStyles(page, '#d', { root: '.solidarity' });
    assert.equal(dark.root['background-color'], 'rgb(22, 20, 26)', 'data-theme="dark" on the host');
    // data-theme="light" wins over a dark system preference.
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitForWidget(page, '#r');
    const light = await shadowStyles(page, '#r', { root: '.solidarity' });
    assert.equal(light.root['background-color'], 'rgb(255, 255, 255)', 'data-theme="light" on the host');
    const system = await shadowStyles(page, '#t', { root: '.solidarity' });
    assert.equal(system.root['background-color'], 'rgb(22, 20, 26)', 'no data-theme: the system preference');
    // A right-to-left page mirrors the layout (logical properties).
    const rtl = await page.evaluate(() => {
      const root = document.querySelector('#r').shadowRoot;
      const quote = getComputedStyle(root.querySelector('.solidarity-quote'));
      return { direction: getComputedStyle(root.querySelector('.solidarity')).direction, right: quote.borderRightWidth, left: quote.borderLeftWidth };
    });
    assert.deepEqual(rtl, { direction: 'rtl', right: '4px', left: '0px' });
    // 320 px wide: nothing inside is wider than the widget.
    const overflow = await page.evaluate(() => {
      const root = document.querySelector('#t').shadowRoot.querySelector('.solidarity');
      return root.scrollWidth - root.clientWidth;
    });
    assert.ok(overflow <= 0, `content overflows the 320 px widget by ${overflow}px`);
  } finally {
    await page.close();
  }
});

test('a message sent from inside the shadow root reaches the backend with the canonical fields', async () => {
  const backend = await backendWith();
  const campaign = await campaignFor(backend);
  const partner = await partnerWith({ '/form.html': html({ body: snippet(campaign, 'id="w" data-lang="en"') }) });
  const page = await openPage(`${partner.url}/form.html`, { wait: false });
  try {
    await waitForWidget(page, '#w');
    const form = page.locator('#w').locator('[data-testid=support-form]');
    await form.locator('[name=name]').fill('Anna');
    await form.locator('[name=location]').fill('Manchester');
    await form.locator('[name=message]').fill('We stand with you.');
    await form.locator('[name=consent]').setChecked(true);
    // Keyboard focus works inside the shadow root too: submit with Enter from a text field.
    await form.locator('[name=name]').focus();
    const focused = await page.evaluate(() => document.querySelector('#w').shadowRoot.activeElement?.getAttribute('name'));
    assert.equal(focused, 'name');
    await form.locator('[name=name]').press('Enter');
    await waitFor(
      () => page.evaluate(() => document.querySelector('#w').shadowRoot.querySelector('[data-testid=support-status]')?.getAttribute('data-state') === 'sent'),
      { message: 'the status reads sent' },
    );
    const posts = backend.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1);
    const [post] = posts;
    assert.equal(post.pathname, '/messages');
    assert.equal(post.headers.origin, partner.url, 'sent from the partner page');
    assert.match(post.headers['content-type'], /^application\/json/);
    const body = post.json;
    assert.deepEqual(Object.keys(body).sort(), ['consent', 'created_at', 'email', 'id', 'lang', 'location', 'message', 'name']);
    assert.match(body.id, UUID_V4);
    assert.deepEqual(
      { name: body.name, location: body.location, message: body.message, consent: body.consent, lang: body.lang, email: body.email },
      { name: 'Anna', location: 'Manchester', message: 'We stand with you.', consent: true, lang: 'en', email: null },
    );
  } finally {
    await page.close();
  }
});

test('an element added after load is mounted', async () => {
  const backend = await backendWith();
  const campaign = await campaignFor(backend);
  const partner = await partnerWith({ '/late.html': html({ body: `<div id="slot"></div><script type="module" src="${campaign.url}/embed.js"></script>` }) });
  const page = await openPage(`${partner.url}/late.html`, { wait: false });
  try {
    await waitFor(() => campaign.requests.some((r) => r.path === '/embed.js'), { message: 'embed.js loaded' });
    await sleep(300);
    assert.equal(campaign.requests.some((r) => r.path.endsWith('.wasm')), false, 'no wasm before there is a widget');
    await page.evaluate(() => {
      const host = document.createElement('div');
      host.id = 'late';
      host.setAttribute('data-solidarity', '');
      host.setAttribute('data-lang', 'ru');
      document.querySelector('#slot').append(host);
    });
    await waitForWidget(page, '#late');
    assert.equal(await langOf(page, '#late'), 'ru');
    // A second one, nested in a fragment, after the WebAssembly is already running.
    await page.evaluate(() => {
      const wrapper = document.createElement('section');
      wrapper.innerHTML = '<article><div id="later" data-solidarity data-lang="en"></div></article>';
      document.body.append(wrapper);
    });
    await waitForWidget(page, '#later');
    assert.equal(await langOf(page, '#later'), 'en');
    assert.equal(campaign.requests.filter((r) => r.path.endsWith('.wasm')).length, 1, 'the wasm is loaded once');
  } finally {
    await page.close();
  }
});

/** The laid-out height of an iframe. */
function frameState(page, selector) {
  return page.evaluate((selector) => {
    const frame = document.querySelector(selector);
    return { height: Math.round(frame.getBoundingClientRect().height) };
  }, selector);
}

test('iframe mode: the frame follows its content height, and ignores messages from elsewhere', async () => {
  const backend = await backendWith();
  const campaign = await campaignFor(backend);
  const evil = await partnerWith({
    '/evil.html': html({
      body: `<p>not the campaign</p><script>
        setInterval(() => parent.postMessage({ type: 'solidarity:height', height: 7 }, '*'), 50);
      </script>`,
    }),
  });
  const frameAttributes = `sandbox="allow-scripts allow-same-origin allow-forms allow-popups" allow="clipboard-write" title="Solidarity" loading="eager"`;
  const partner = await partnerWith({
    '/frames.html': html({
      head: `<style>iframe { display: block; inline-size: 100%; border: 0; block-size: 150px; }</style>`,
      body: `
        <iframe id="f1" data-solidarity-iframe src="${campaign.url}/embed.html?lang=en" ${frameAttributes}></iframe>
        <iframe id="f2" data-solidarity-iframe src="${campaign.url}/embed.html?lang=en&theme=dark" ${frameAttributes}></iframe>
        <script type="module" src="${campaign.url}/embed.js"></script>
        <script>
          window.sevens = 0;
          addEventListener('message', (event) => { if (event.data && event.data.height === 7) window.sevens += 1; });
        </script>`,
    }),
  });
  const page = await openPage(`${partner.url}/frames.html`, { wait: false, viewport: { width: 800, height: 600 } });
  try {
    const inFrame = (id) => page.frameLocator(`#${id}`);
    await inFrame('f1').locator('[data-testid=article] h1').waitFor({ state: 'visible' });
    await inFrame('f1').locator('[data-testid=support-form] button[type=submit]:not([disabled])').waitFor();
    await inFrame('f2').locator('[data-testid=support-form] button[type=submit]:not([disabled])').waitFor();
    const frame1 = page.frame({ url: /embed\.html\?lang=en$/ });
    const contentHeight = () => frame1.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    // The frame is as tall as its content: no scrollbar.
    await waitFor(async () => {
      const [{ height }, content] = [await frameState(page, '#f1'), await contentHeight()];
      return height > 600 && Math.abs(height - content) <= 1;
    }, { message: 'frame 1 sized to its content' });
    const english = (await frameState(page, '#f1')).height;
    const other = (await frameState(page, '#f2')).height;
    assert.ok(
      await frame1.evaluate(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight + 1),
      'no vertical scrolling inside the frame',
    );

    // Russian is longer: the frame grows with it; the other frame does not move.
    await inFrame('f1').locator('[data-testid=lang-ru]').click();
    await waitFor(async () => (await frameState(page, '#f1')).height > english, { message: 'frame 1 grew after switching to Russian' });
    await waitFor(async () => Math.abs((await frameState(page, '#f1')).height - (await contentHeight())) <= 1, {
      message: 'frame 1 matches its Russian content',
    });
    assert.equal((await frameState(page, '#f2')).height, other, 'frame 2 kept its height');
    assert.equal(await frame1.evaluate(() => document.documentElement.lang), 'ru', 'the frame document follows the language');

    // A campaign frame resizes only itself: a message from frame 2 does not touch frame 1.
    const before = (await frameState(page, '#f1')).height;
    const frame2 = page.frame({ url: /theme=dark$/ });
    await frame2.evaluate(() => parent.postMessage({ type: 'solidarity:height', height: 333 }, '*'));
    await waitFor(async () => (await frameState(page, '#f2')).height === 333, { message: 'frame 2 took its own message' });
    assert.equal((await frameState(page, '#f1')).height, before, 'frame 1 ignored frame 2');

    // Another origin posting the same message from inside the same <iframe> is ignored.
    await frame1.evaluate((url) => {
      location.href = url;
    }, `${evil.url}/evil.html`);
    await waitFor(() => page.evaluate(() => window.sevens >= 5), { message: 'the evil frame posted its messages' });
    await sleep(200);
    assert.equal((await frameState(page, '#f1')).height, before, 'a message from another origin did not resize the frame');
    // And the partner page's own window cannot resize it either.
    await page.evaluate(() => window.postMessage({ type: 'solidarity:height', height: 9 }, '*'));
    await sleep(200);
    assert.equal((await frameState(page, '#f2')).height, 333);
    assert.equal((await frameState(page, '#f1')).height, before);
  } finally {
    await page.close();
  }
});

test('the standalone page and embed.html run under a strict CSP without violations', async () => {
  // Same-origin config: static comments only, so nothing is fetched from elsewhere.
  const overrides = {
    '/config.json': JSON.stringify({ default_lang: 'en', messages: { endpoint: '/api/messages', encoding: 'json' }, comments: { static: 'comments.json' } }),
  };
  const campaign = await startCampaign({ overrides, csp: STRICT_CSP });
  later(campaign.close);
  for (const path of ['/', '/embed.html?lang=ru']) {
    const page = await openRecorded(`${campaign.url}${path}`);
    try {
      // The prerendered HTML alone shows all of this: wait for the app itself (mounted,
      // config read) and its live comment load, so its own work is under the CSP too.
      await waitForApp(page);
      await waitForComments(page, { min: 1 });
      await page.locator('[data-testid=comment]').first().waitFor({ state: 'visible' });
      assert.ok(page.requests.some((r) => r.url.endsWith('.wasm')), 'the wasm was fetched');
      const response = await page.request.get(`${campaign.url}${path}`);
      assert.equal(response.headers()['content-security-policy'], STRICT_CSP, 'the page was served with the CSP');
      const inline = await page.evaluate(() => ({
        // Inline JSON data (the prerender's seed) is never run, so a CSP does not apply to it.
        scripts: [...document.scripts].filter((s) => !s.src && s.type !== 'application/json').length,
        styled: document.querySelectorAll('[style]').length,
      }));
      assert.deepEqual(inline, { scripts: 0, styled: 0 });
      // The page's own stylesheet applies (the widget is in the light DOM here).
      const size = await page.evaluate(() => getComputedStyle(document.querySelector('.solidarity')).fontSize);
      assert.equal(size, '16px');
      if (path.startsWith('/embed.html')) assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
      assert.deepEqual(await problems(page), []);
    } finally {
      await page.close();
    }
  }
});
