// Safety for readers at risk (issue 14, items 1-4): the quick exit (button, double
// Escape, Back does not return), what stays on the device (never identity in
// localStorage; nothing at all under "leave no trace"; "clear" removes every page key),
// fallback endpoints for a blocked backend, a mirror on a sub-path of another origin,
// broken safety keys, and axe with the new controls. The exit target is a second local
// server, never the internet.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSite, startStatic, config, waitFor, sleep, DIST } from './lib/servers.js';
import { openPage, closeBrowser, waitForApp, waitForAttribute, fillSupport, submitSupport, postComment, noErrors } from './lib/browser.js';
import { freePort } from './lib/fake-backends.js';
import { startReferenceServer } from './lib/reference-server.js';
import { axeViolations } from './lib/axe.js';

after(async () => {
  await closeBrowser();
});

const IDENTITY = { name: 'Ivanova Secretname', email: 'secret.person@example.org', location: 'Smalltownsk' };
const AUTHOR = 'Commentauthor Hiddenname';

/** A neutral "exit" site on its own port, and a start page to come from. */
function startExitSite() {
  return startStatic({
    overrides: {
      '/weather/index.html': '<!doctype html><title>Weather</title><h1>Weather</h1>',
      '/start.html': '<!doctype html><title>Start</title><h1>Start</h1>',
    },
  });
}

/** Every localStorage and sessionStorage entry of the page's origin. */
function storageOf(page) {
  return page.evaluate(() => ({
    local: Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])),
    session: Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)])),
  }));
}

function assertNoIdentityIn(values, where) {
  const text = JSON.stringify(values);
  for (const secret of [...Object.values(IDENTITY), AUTHOR]) {
    assert.ok(!text.includes(secret), `${where} holds "${secret}": ${text}`);
  }
}

/** The page opened from the exit site's start page, so Back has somewhere to go. */
async function openFromStart(exit, url) {
  const page = await openPage(`${exit.url}/start.html`, { wait: false });
  await page.goto(url, { waitUntil: 'load' });
  await waitForApp(page);
  return page;
}

async function assertLeftForGood(page, exit) {
  await page.waitForURL(`${exit.url}/weather/`, { timeout: 5000 });
  assert.equal(await page.textContent('h1'), 'Weather');
  await page.goBack({ waitUntil: 'load' });
  assert.equal(page.url(), `${exit.url}/start.html`, 'Back goes to the page before, not to the campaign page');
}

test('quick exit: first in tab order, a link in the prerendered HTML, and it replaces the page', async () => {
  const exit = await startExitSite();
  const site = await startSite({ configChanges: () => ({ safety: { exit_url: `${exit.url}/weather/` } }) });
  try {
    const html = await (await fetch(site.url)).text();
    assert.match(html, /<a[^>]*data-testid="quick-exit"[^>]*href="https:\/\/yandex\.ru\/pogoda\/"/, 'a plain link without JavaScript');
    const page = await openFromStart(exit, site.url);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'quick-exit');
    assert.equal(await page.getAttribute('[data-testid=quick-exit]', 'href'), `${exit.url}/weather/`);
    await page.getByRole('link', { name: /Leave this page quickly/ }).click();
    await assertLeftForGood(page, exit);
    await page.close();
  } finally {
    await site.close();
    await exit.close();
  }
});

test('quick exit: Escape twice within a second leaves; Escapes far apart do not', async () => {
  const exit = await startExitSite();
  const site = await startSite({ configChanges: () => ({ safety: { exit_url: `${exit.url}/weather/` } }) });
  try {
    const page = await openFromStart(exit, `${site.url}ru/`);
    await page.locator('[data-testid=support-form] [name=message]').focus();
    await page.keyboard.press('Escape');
    await sleep(1300);
    await page.keyboard.press('Escape');
    await sleep(300);
    assert.equal(page.url(), `${site.url}ru/`, 'two Escapes 1.3 s apart keep the page');
    await sleep(1300);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await assertLeftForGood(page, exit);
    await page.close();
  } finally {
    await site.close();
    await exit.close();
  }
});

for (const noTrace of [true, false]) {
  test(`no identity in localStorage after typing and sending (no_trace: ${noTrace})`, async () => {
    const site = await startSite({ configChanges: () => ({ safety: { no_trace: noTrace } }) });
    const page = await openPage(site.url);
    try {
      await fillSupport(page, { ...IDENTITY, message: 'Typed words of support', consent: true });
      const comment = page.locator('[data-testid=comment-form]');
      await comment.locator('[name=author]').fill(AUTHOR);
      await comment.locator('[name=body]').fill('A typed comment');
      const draftStore = noTrace ? 'sessionStorage' : 'localStorage';
      await waitFor(() => page.evaluate((store) => !!window[store].getItem('solidarity.draft.support'), draftStore), {
        timeout: 5000,
        message: `the text draft in ${draftStore}`,
      });
      let stored = await storageOf(page);
      assert.match(stored[noTrace ? 'session' : 'local']['solidarity.draft.support'], /Typed words of support/);
      assertNoIdentityIn(stored.local, 'localStorage while typing');
      assertNoIdentityIn(stored.session, 'sessionStorage drafts while typing');
      assert.equal(await page.isChecked('[data-testid=no-trace]'), noTrace, 'the switch shows the campaign default');

      await submitSupport(page);
      await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
      await comment.locator('button[type=submit]').click();
      await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
      await sleep(300);
      stored = await storageOf(page);
      assertNoIdentityIn(stored.local, 'localStorage after sending');
      assert.ok(!JSON.stringify(stored).includes('Typed words of support'), 'the delivered text is gone');
      const pageKeys = Object.keys(stored.local).filter((k) => k.startsWith('solidarity.'));
      if (noTrace) assert.deepEqual(pageKeys, [], `no page key in localStorage under no-trace: ${pageKeys}`);
      assert.equal(site.backend.requests.filter((r) => r.method === 'POST' && r.pathname === '/messages').length, 1, 'one message sent');
      noErrors(page);
    } finally {
      await page.close();
      await site.close();
    }
  });
}

test('the reader turns "leave no trace" off and on; "clear" removes every page key and says so', async () => {
  const site = await startSite({ respond: () => ({ status: 503, body: { error: 'down' } }) });
  const page = await openPage(site.url, {
    storage: { 'solidarity.lang': 'en', 'solidarity.outbox.unreadable.1': '{', 'partner.key': 'kept' },
  });
  try {
    await page.locator('[data-testid=no-trace]').uncheck();
    assert.match(await page.textContent('[data-testid=no-trace-hint]'), /never stored/);
    await fillSupport(page, { ...IDENTITY, message: 'Kept on the device', consent: true });
    await waitFor(() => page.evaluate(() => !!localStorage.getItem('solidarity.draft.support')), { timeout: 5000, message: 'draft kept' });
    await postComment(page, { author: AUTHOR, body: 'A comment that waits' });
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'queued');
    assert.match(await page.textContent('[data-testid=outbox-warning]'), /kept only in this tab/);
    assertNoIdentityIn((await storageOf(page)).local, 'localStorage with no-trace off');
    // Turning it on moves what the device kept into the tab.
    await page.locator('[data-testid=no-trace]').check();
    let stored = await storageOf(page);
    assert.deepEqual(Object.keys(stored.local).filter((k) => k.startsWith('solidarity.')), [], 'nothing left on the device');

    await page.getByRole('button', { name: 'Clear what this page stored on this device' }).click();
    await waitFor(async () => (await page.textContent('[data-testid=clear-status]')).includes('no longer keeps anything'), {
      timeout: 5000,
      message: 'the reader is told',
    });
    stored = await storageOf(page);
    const left = [...Object.keys(stored.local), ...Object.keys(stored.session)].filter((k) => k.startsWith('solidarity.') && k !== 'solidarity.no_trace');
    assert.deepEqual(left, [], `every page key removed: ${left}`);
    assert.equal(stored.local['partner.key'], 'kept', 'keys the page does not own stay');
    assert.equal(await page.locator('[data-testid=outbox-item]').count(), 0, 'the outbox is empty');
  } finally {
    await page.close();
    await site.close();
  }
});

test('a blocked first endpoint: the fallback (the real server) receives the message once, same id and key', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'solidarity-fallback-'));
  const dist = path.join(tmp, 'dist');
  await cp(DIST, dist, { recursive: true });
  const closed = await freePort();
  const cfg = config({
    messages: { endpoint: `http://127.0.0.1:${closed}/api/messages`, fallback_endpoints: ['/api/messages'] },
  });
  await writeFile(path.join(dist, 'config.json'), JSON.stringify(cfg));
  const server = await startReferenceServer({ dist });
  const page = await openPage(`${server.url}/`);
  try {
    const posts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push({ url: request.url(), key: request.headers()['idempotency-key'], id: JSON.parse(request.postData() ?? '{}').id });
    });
    await fillSupport(page, { name: 'Anna', message: 'Through the fallback', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
    const port = (p) => new URL(p.url).port;
    const toServer = posts.filter((p) => port(p) === new URL(server.url).port);
    assert.equal(toServer.length, 1, `one POST reached the fallback: ${JSON.stringify(posts)}`);
    assert.ok(toServer[0].key && toServer[0].key === toServer[0].id, 'the Idempotency-Key is the id');
    // (Chromium may not report the POST whose preflight could not connect; if it does, it
    // carries the same id and key.)
    for (const p of posts) assert.equal(p.key, toServer[0].key, `same key: ${JSON.stringify(posts)}`);
    const remembered = await page.evaluate(() =>
      Object.fromEntries(Object.keys(sessionStorage).filter((k) => k.startsWith('solidarity.endpoint.')).map((k) => [k, sessionStorage.getItem(k)])),
    );
    assert.deepEqual(
      remembered,
      { [`solidarity.endpoint.http://127.0.0.1:${closed}/api/messages`]: `${server.url}/api/messages` },
      'the closed primary was tried, and the fallback that answered is remembered for the visit',
    );
    const { stdout } = await server.run(['export', '--db', server.db, '--format', 'json']);
    const rows = JSON.parse(stdout).filter((m) => m.message === 'Through the fallback');
    assert.equal(rows.length, 1, 'stored once');
    assert.equal(rows[0].id, toServer[0].id);
    // A second message goes straight to the endpoint that worked.
    posts.length = 0;
    await fillSupport(page, { message: 'Second one', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
    assert.deepEqual(posts.map(port), [new URL(server.url).port], 'the endpoint that worked is tried first');
  } finally {
    await page.close();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
});

test('every endpoint down: saved and will be sent; closing asks first, the quick exit never does', async () => {
  const [a, b] = [await freePort(), await freePort()];
  const exit = await startExitSite();
  const site = await startSite({
    configChanges: () => ({
      messages: { endpoint: `http://127.0.0.1:${a}/m`, fallback_endpoints: [`http://127.0.0.1:${b}/m`], timeout_ms: 2000 },
      safety: { exit_url: `${exit.url}/weather/` },
    }),
  });
  const page = await openFromStart(exit, site.url);
  try {
    await fillSupport(page, { name: 'Anna', message: 'Nobody answers', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'queued');
    await page.locator('[data-testid=outbox-item]').waitFor();
    assert.match(await page.textContent('[data-testid=outbox-warning]'), /kept only in this tab/);
    assert.equal(page.beforeUnloadDialogs, 0);
    await page.reload({ waitUntil: 'load' });
    assert.equal(page.beforeUnloadDialogs, 1, 'the browser asked before the page went');
    await waitForApp(page);
    await page.locator('[data-testid=outbox-item]').waitFor();
    await page.locator('[data-testid=quick-exit]').click();
    await assertLeftForGood(page, exit);
    assert.equal(page.beforeUnloadDialogs, 1, 'the quick exit did not ask');
  } finally {
    await page.close();
    await site.close();
    await exit.close();
  }
});

test('the page works from a mirror: another origin, and embed.html from a sub-path of it', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'solidarity-mirror-'));
  await cp(DIST, path.join(tmp, 'mirror'), { recursive: true });
  await cp(DIST, path.join(tmp, 'root'), { recursive: true });
  const site = await startSite();
  for (const dir of ['mirror', 'root']) await writeFile(path.join(tmp, dir, 'config.json'), JSON.stringify(site.config));
  const subPath = await startStatic({ root: tmp });
  const atRoot = await startStatic({ root: path.join(tmp, 'root') });
  try {
    for (const [url, prefix] of [
      [`${subPath.url}/mirror/embed.html`, `${subPath.url}/mirror/`],
      [`${atRoot.url}/`, `${atRoot.url}/`],
    ]) {
      const page = await openPage(url);
      try {
        const mirrorOrigin = new URL(url).origin;
        const fromMirror = page.requests.filter((r) => new URL(r.url).origin === mirrorOrigin);
        const outside = fromMirror.filter((r) => !r.url.startsWith(prefix));
        assert.deepEqual(outside, [], `every file from under ${prefix} (relative URLs)`);
        const others = page.requests.filter((r) => ![mirrorOrigin, site.backend.url].includes(new URL(r.url).origin));
        assert.deepEqual(others, [], 'nothing from any other origin');
        await fillSupport(page, { name: 'Anna', message: `From ${url}`, consent: true });
        await submitSupport(page);
        await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
        noErrors(page);
      } finally {
        await page.close();
      }
    }
  } finally {
    await subPath.close();
    await atRoot.close();
    await site.close();
    await rm(tmp, { recursive: true, force: true });
  }
});

for (const [broken, key, locale, sentence] of [
  [{ safety: { exit_url: '/relative' } }, 'safety.exit_url', 'en-US', /safety\.exit_url/],
  [{ safety: { no_trace: 'yes' } }, 'safety.no_trace', 'en-US', /true or false/],
  [{ messages: { fallback_endpoints: 'https://b.example/m' } }, 'messages.fallback_endpoints', 'en-US', /a list of URLs/],
  [{ comments: { fallback_endpoints: [''] } }, 'comments.fallback_endpoints.0', 'ru-RU', /недопустимое значение/],
]) {
  test(`a broken ${key} is named in the widget (${locale})`, async () => {
    const site = await startSite({ configChanges: () => broken, clientRendered: true });
    const page = await openPage(site.url, { locale });
    try {
      const text = await page.textContent('[data-testid=config-error]');
      assert.ok(text.includes(`«${key}»`) || text.includes(`“${key}”`), text);
      assert.match(text, sentence);
    } finally {
      await page.close();
      await site.close();
    }
  });
}

test('axe finds no violations with the safety controls, the note, the outbox warning and "cleared"', async () => {
  const site = await startSite({ respond: () => ({ status: 503, body: { error: 'down' } }) });
  for (const [url, locale] of [
    [site.url, 'en-US'],
    [`${site.url}ru/`, 'ru-RU'],
  ]) {
    const page = await openPage(url, { locale });
    try {
      await page.locator('[data-testid=safety-note]').waitFor();
      await fillSupport(page, { name: 'Anna', message: 'Waits', consent: true });
      await submitSupport(page);
      await page.locator('[data-testid=outbox-warning]').waitFor();
      await page.locator('[data-testid=no-trace]').uncheck();
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
      await page.locator('[data-testid=clear-device]').click();
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await page.close();
    }
  }
  await site.close();
});
