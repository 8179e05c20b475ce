// Reliable delivery through the outbox: a server that is down, failing, rate limiting,
// silent; the browser offline; a reload; two tabs; Delete; drafts. Every test ends with
// exactly one message stored on the fake backend (stored by id) and checks how many
// POSTs arrived, that they all carried the same id and Idempotency-Key, and what the
// reader was told at each step.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStatic, waitFor, sleep } from './lib/servers.js';
import { openPage, closeBrowser, waitForApp, waitForText, waitForAttribute, fillSupport, submitSupport, postComment } from './lib/browser.js';
import { startFakeBackend, freePort, openSecondTab } from './lib/fake-backends.js';

const STATUS = '[data-testid=support-status]';
const FORM = '[data-testid=support-form]';
const ITEM = '[data-testid=outbox-item]';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const SENT_TEXT = 'Thank you! Your message of support has been sent.';
const OFFLINE_TEXT = 'You are offline. It is saved on this device and will be sent when the connection returns.';
const LONG = 20_000;

after(async () => {
  await closeBrowser();
});

const ANNA = { name: 'Anna', location: 'Manchester', message: 'We stand with you.', consent: true };

/** The page with the default preset posting to `endpoint` (comments read-only). */
async function startPage(endpoint, { timeout_ms = 3000, comments = null } = {}) {
  const cfg = {
    default_lang: 'en',
    messages: { preset: 'default', endpoint, encoding: 'json', headers: {}, fields: {}, extra: {}, timeout_ms },
    comments: { endpoint: comments, static: 'comments.json' },
  };
  return startStatic({ overrides: { '/config.json': JSON.stringify(cfg) } });
}

/** Records every change of the support status (state and text) in window.__statusLog. */
async function trackStatus(page) {
  await page.evaluate((selector) => {
    window.__statusLog = [];
    const note = () => {
      const el = document.querySelector(selector);
      const entry = { state: el?.getAttribute('data-state') ?? null, text: (el?.textContent ?? '').trim() };
      const last = window.__statusLog.at(-1);
      if (!last || last.state !== entry.state || last.text !== entry.text) window.__statusLog.push(entry);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, STATUS);
}

const statusLog = (page) => page.evaluate(() => window.__statusLog ?? []);

/** The stored outbox (parsed), or null: this tab's (sessionStorage, review M8). */
const storedOutbox = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('solidarity.outbox') ?? 'null'));

/** The entries still waiting in the stored outbox (it may also remember recent deliveries). */
const pendingEntries = async (page) => (await storedOutbox(page))?.entries ?? [];

/** The id of the only outbox entry. */
async function onlyEntryId(page) {
  const outbox = await storedOutbox(page);
  assert.ok(outbox && outbox.entries.length === 1, `one outbox entry, got ${JSON.stringify(outbox)}`);
  return outbox.entries[0].id;
}

/** Waits until the support status is one of `states`; returns it. */
async function waitForState(page, states, { timeout = LONG } = {}) {
  try {
    await page.waitForFunction(
      ({ selector, states }) => states.includes(document.querySelector(selector)?.getAttribute('data-state')),
      { selector: STATUS, states },
      { timeout },
    );
  } catch (error) {
    const actual = await page.getAttribute(STATUS, 'data-state').catch(() => '(page gone)');
    throw new Error(`status never became ${states.join('|')}; it is ${actual}\n${error.message}`);
  }
  return page.getAttribute(STATUS, 'data-state');
}

/**
 * Exactly one message stored, under `id`; `posts` POSTs arrived (a number, or [min, max]),
 * every one carrying `id` in the body and as Idempotency-Key.
 */
function assertOneStored(backend, id, posts) {
  assert.deepEqual([...backend.stored.keys()], [id], 'exactly one message stored, under its id');
  const count = backend.posts.length;
  if (Array.isArray(posts)) assert.ok(count >= posts[0] && count <= posts[1], `${posts[0]}..${posts[1]} POSTs, got ${count}`);
  else assert.equal(count, posts, `${posts} POSTs`);
  for (const [i, post] of backend.posts.entries()) {
    assert.equal(post.json?.id, id, `POST ${i} carries the id`);
  }
  const keys = new Set(backend.posts.map((post) => post.headers['idempotency-key']));
  assert.equal(keys.size, 1, 'every POST carries the same Idempotency-Key');
  const [key] = keys;
  if (backend.posts[0]?.json?.author !== undefined) {
    // A comment's key is a secret of this device (its retry gets the delete token), not its id.
    assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(key, id, "a comment's key is not its public id");
  } else {
    assert.equal(key, id, 'a message carries its id as the Idempotency-Key');
  }
  const successes = backend.posts.filter((p) => p.status >= 200 && p.status < 300);
  assert.equal(successes.length, 1, 'one accepted POST');
  assert.equal(backend.posts.at(-1), successes[0], 'nothing was sent after it was accepted');
}

/** Console errors other than the browser's own "Failed to load resource" lines. */
function unexpectedConsole(page) {
  return page.consoleErrors.filter((e) => !/Failed to load resource|net::ERR_/.test(e.text));
}

// 1 --------------------------------------------------------------------------------------

test('1. server down at send time, then up on the same port: saved, then delivered once', async () => {
  const port = await freePort();
  const site = await startPage(`http://127.0.0.1:${port}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  let backend;
  try {
    await trackStatus(page);
    await fillSupport(page, ANNA);
    await submitSupport(page);
    const state = await waitForState(page, ['queued', 'offline'], { timeout: 10_000 });
    const text = (await page.textContent(STATUS)).trim();
    if (state === 'queued') {
      assert.equal(text, 'Not sent yet: the server could not be reached. Check your connection. It is saved on this device and will be sent automatically.');
    } else {
      assert.equal(text, OFFLINE_TEXT);
    }
    const id = await onlyEntryId(page);
    assert.match(id, UUID_V4);
    assert.equal(await page.locator(`${ITEM}[data-id="${id}"]`).count(), 1, 'the outbox list shows it');
    assert.equal(await page.inputValue(`${FORM} [name=message]`), ANNA.message, 'the text is kept');

    backend = await startFakeBackend({ port, respond: (r) => ({ status: 201, body: { id: r.json?.id } }) });
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    assert.equal((await page.textContent(STATUS)).trim(), SENT_TEXT);
    await sleep(1500);
    assertOneStored(backend, id, 1);
    assert.deepEqual(await pendingEntries(page), [], 'nothing left in the outbox');
    assert.equal(await page.locator(ITEM).count(), 0);
    const states = (await statusLog(page)).map((s) => s.state);
    assert.ok(!states.includes('failed'), `never told it failed: ${states}`);
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(unexpectedConsole(page), []);
  } finally {
    await page.close();
    await site.close();
    await backend?.close();
  }
});

// 2 --------------------------------------------------------------------------------------

test('2. 503, 503, 201: queued (with the reason) then sent; three POSTs with the same id', async () => {
  const backend = await startFakeBackend({
    respond: (r, i) => (i < 2 ? { status: 503, body: '' } : { status: 201, body: { id: r.json?.id } }),
  });
  const site = await startPage(`${backend.url}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await trackStatus(page);
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'queued');
    assert.equal(
      (await page.textContent(STATUS)).trim(),
      'Not sent yet: the server could not accept it (error 503). It is saved on this device and will be sent automatically.',
    );
    const id = await onlyEntryId(page);
    const entry = (await storedOutbox(page)).entries[0];
    assert.equal(entry.kind, 'Message');
    assert.ok(entry.attempts >= 1, 'the attempt is counted');
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    await sleep(1500);
    assertOneStored(backend, id, 3);
    const log = await statusLog(page);
    const states = log.map((s) => s.state);
    assert.ok(states.indexOf('queued') < states.lastIndexOf('sent'), `queued before sent: ${states}`);
    assert.ok(!states.includes('failed'), `never failed: ${states}`);
    assert.equal(states.at(-1), 'sent');
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(unexpectedConsole(page), []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 3 --------------------------------------------------------------------------------------

test('3. 429 with Retry-After: 2: the retry waits at least 2 s, then sent', async () => {
  const backend = await startFakeBackend({
    respond: (r, i) =>
      i === 0
        ? { status: 429, headers: { 'Retry-After': '2' }, body: { error: 'Too many requests, slow down.' } }
        : { status: 201, body: { id: r.json?.id } },
  });
  const site = await startPage(`${backend.url}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'queued');
    await waitForText(page, STATUS, 'Not sent yet: Too many requests, slow down.');
    await waitForText(page, STATUS, 'will be sent automatically');
    const id = await onlyEntryId(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    await sleep(500);
    assertOneStored(backend, id, 2);
    const gap = backend.posts[1].at - backend.posts[0].doneAt;
    assert.ok(gap >= 1900, `the retry came ${gap} ms after the 429 answer (Retry-After: 2)`);
    assert.ok(gap <= 4000, `but not much later: ${gap} ms`);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('3b. 503 with Retry-After as an HTTP date: the retry waits until then', async () => {
  let retryAt;
  const backend = await startFakeBackend({
    respond: (r, i) => {
      if (i > 0) return { status: 201, body: { id: r.json?.id } };
      retryAt = Math.ceil((Date.now() + 3000) / 1000) * 1000;
      return { status: 503, headers: { 'Retry-After': new Date(retryAt).toUTCString() }, body: { error: 'Maintenance' } };
    },
  });
  const site = await startPage(`${backend.url}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'queued');
    await waitForText(page, STATUS, 'Maintenance');
    const id = await onlyEntryId(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    await sleep(300);
    assertOneStored(backend, id, 2);
    const early = retryAt - backend.posts[1].at;
    assert.ok(early <= 150, `the retry came ${early} ms before the Retry-After date`);
    assert.ok(backend.posts[1].at - retryAt <= 2000, 'and soon after it');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 4 --------------------------------------------------------------------------------------

test('4. a server that never answers: timeout after timeout_ms ("took too long"), then sent when it answers', async () => {
  let answering = false;
  const backend = await startFakeBackend({
    respond: (r) => (answering ? { status: 201, body: { id: r.json?.id } } : { hang: true }),
  });
  const site = await startPage(`${backend.url}/messages`, { timeout_ms: 800 });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await trackStatus(page);
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sending');
    await waitForAttribute(page, STATUS, 'data-state', 'queued', { timeout: 5000 });
    assert.equal(
      (await page.textContent(STATUS)).trim(),
      'Not sent yet: the server took too long to answer. It is saved on this device and will be sent automatically.',
    );
    const id = await onlyEntryId(page);
    // The first attempt was abandoned by the browser after about timeout_ms.
    await waitFor(() => backend.posts[0]?.doneAt, { timeout: 3000, message: 'the hung request was closed by the browser' });
    const held = backend.posts[0].doneAt - backend.posts[0].at;
    assert.ok(held >= 600 && held <= 2500, `the attempt was aborted after ${held} ms (timeout_ms 800)`);
    answering = true;
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    await sleep(500);
    assertOneStored(backend, id, [2, 8]);
    assert.ok(!(await statusLog(page)).some((s) => s.state === 'failed'), 'never failed');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 5 --------------------------------------------------------------------------------------

test('5. offline then online: told it is saved, nothing sent while offline, delivered on "online"', async () => {
  const backend = await startFakeBackend({ respond: (r) => ({ status: 201, body: { id: r.json?.id } }) });
  const site = await startPage(`${backend.url}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await trackStatus(page);
    await page.context().setOffline(true);
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'offline');
    assert.equal((await page.textContent(STATUS)).trim(), OFFLINE_TEXT);
    const id = await onlyEntryId(page);
    const item = page.locator(`${ITEM}[data-id="${id}"]`);
    assert.equal(await item.count(), 1, 'the outbox lists it');
    assert.match(await item.textContent(), /waiting for the connection/);
    await sleep(2000);
    assert.equal(backend.posts.length + backend.preflights.length, 0, 'nothing sent while offline');
    assert.equal(await page.getAttribute(STATUS, 'data-state'), 'offline');
    await page.context().setOffline(false);
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    assert.equal((await page.textContent(STATUS)).trim(), SENT_TEXT);
    await sleep(500);
    assertOneStored(backend, id, 1);
    assert.equal(await page.locator(ITEM).count(), 0);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.context().setOffline(false).catch(() => {});
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 6 --------------------------------------------------------------------------------------

test('6. a reload while a message waits: the outbox lists it after the reload and it is delivered on its own', async () => {
  let recovered = false;
  const backend = await startFakeBackend({
    respond: (r) =>
      recovered ? { status: 201, body: { id: r.json?.id } } : { status: 503, headers: { 'Retry-After': '3' }, body: { error: 'Down for maintenance' } },
  });
  const site = await startPage(`${backend.url}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'queued');
    await waitForText(page, STATUS, 'Down for maintenance');
    const id = await onlyEntryId(page);
    const postsBefore = backend.posts.length;
    assert.equal(postsBefore, 1);

    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    const item = page.locator(`${ITEM}[data-id="${id}"]`);
    await item.waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await item.textContent(), /We stand with you\./, 'the entry shows an excerpt');
    assert.equal(await item.getByRole('button', { name: 'Retry now' }).count(), 1);
    assert.equal(await item.getByRole('button', { name: 'Delete' }).count(), 1);
    assert.equal(await onlyEntryId(page), id, 'the same entry survived the reload');

    recovered = true;
    await page.locator(ITEM).first().waitFor({ state: 'detached', timeout: LONG });
    await waitFor(() => backend.stored.size === 1, { timeout: 5000, message: 'stored' });
    await sleep(1000);
    assertOneStored(backend, id, [2, 4]);
    assert.deepEqual(await pendingEntries(page), [], 'nothing left in the outbox');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('6b. a reload while an attempt is in flight: the next visit sends it (within 15 s)', async () => {
  // The first attempt hangs; the reader reloads while it is in flight. Expected (contract:
  // "on the next visit (page load) the outbox is sent"): the reloaded page sends it.
  let answering = false;
  const backend = await startFakeBackend({
    respond: (r) => (answering ? { status: 201, body: { id: r.json?.id } } : { hang: true }),
  });
  const site = await startPage(`${backend.url}/messages`, { timeout_ms: 5000 });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitFor(() => backend.posts.length === 1, { timeout: 5000, message: 'the first attempt arrived' });
    const id = await onlyEntryId(page);
    answering = true;
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    // Nothing is pressed: the reloaded page must send the entry left in flight by itself
    // ("Retry now" is tested in 7).
    try {
      await waitFor(() => backend.stored.size === 1, { timeout: 15_000, message: 'delivered after the reload' });
    } catch (error) {
      const entry = (await storedOutbox(page))?.entries?.[0];
      throw new Error(
        `not delivered within 15 s of the reload; ${backend.posts.length} POST(s); stored entry state: ${JSON.stringify(entry?.state)}\n${error.message}`,
      );
    }
    await sleep(300);
    assertOneStored(backend, id, 2);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 7 --------------------------------------------------------------------------------------

test('7. two tabs: the outbox is per tab (review M8), so a second tab never sees or sends the first tab\'s message', async () => {
  let recovered = false;
  const backend = await startFakeBackend({
    holdMs: 300,
    respond: (r) => (recovered ? { status: 201, body: { id: r.json?.id } } : { status: 503, headers: { 'Retry-After': '2' }, body: { error: 'Overloaded' } }),
  });
  const site = await startPage(`${backend.url}/messages`);
  const tabA = await openPage(`${site.url}/`, { locale: 'en-US' });
  let tabB;
  try {
    await fillSupport(tabA, ANNA);
    await submitSupport(tabA);
    await waitForAttribute(tabA, STATUS, 'data-state', 'queued');
    const id = await onlyEntryId(tabA);
    tabB = await openSecondTab(tabA, `${site.url}/`);
    await sleep(2500);
    assert.equal(await tabB.locator(ITEM).count(), 0, 'tab B does not list tab A\'s message');
    assert.equal(await storedOutbox(tabB), null, 'nothing in tab B\'s outbox');
    assert.equal(await tabB.evaluate(() => localStorage.getItem('solidarity.outbox')), null, 'nothing on the device');
    recovered = true;
    await tabA.locator(ITEM).first().getByRole('button', { name: 'Retry now' }).click();
    await waitFor(() => backend.stored.size === 1, { timeout: LONG, message: 'delivered by tab A' });
    await waitForAttribute(tabA, STATUS, 'data-state', 'sent', { timeout: 5000 });
    await sleep(1000);
    assertOneStored(backend, id, [2, 12]);
    assert.deepEqual(backend.overlaps, [], 'no two requests with the same id were in flight at once');
    const fromB = tabB.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(fromB, [], 'tab B sent nothing');
    assert.deepEqual(tabA.pageErrors, []);
    assert.deepEqual(tabB.pageErrors, []);
  } finally {
    await tabB?.close().catch(() => {});
    await tabA.close();
    await site.close();
    await backend.close();
  }
});

// 8 --------------------------------------------------------------------------------------

test('8. "Delete" removes a queued message and it is never sent; the next message is', async () => {
  let failing = true;
  const backend = await startFakeBackend({
    respond: (r) =>
      failing ? { status: 503, headers: { 'Retry-After': '2' }, body: { error: 'Down' } } : { status: 201, body: { id: r.json?.id } },
  });
  const site = await startPage(`${backend.url}/messages`);
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'queued');
    const deleted = await onlyEntryId(page);
    const item = page.locator(`${ITEM}[data-id="${deleted}"]`);
    await item.getByRole('button', { name: 'Delete' }).click();
    await item.waitFor({ state: 'detached', timeout: 5000 });
    assert.deepEqual(await pendingEntries(page), [], 'gone from storage');
    assert.notEqual(await page.getAttribute(STATUS, 'data-state'), 'queued', 'no longer said to be sent automatically');
    failing = false;
    await sleep(3500); // past its Retry-After
    assert.equal(backend.posts.length, 1, 'the deleted message was not sent again');
    // A new (edited) message goes through on its own.
    await fillSupport(page, { message: 'A second, different message.', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent', { timeout: LONG });
    await sleep(500);
    assert.equal(backend.stored.size, 1, 'exactly one stored');
    const [storedId] = backend.stored.keys();
    assert.notEqual(storedId, deleted, 'and it is not the deleted one');
    assert.equal(backend.stored.get(storedId).message, 'A second, different message.');
    assert.equal(backend.posts.filter((p) => p.json?.id === deleted).length, 1, 'one POST of the deleted message (before Delete)');
    const newPosts = backend.posts.filter((p) => p.json?.id === storedId);
    assert.equal(newPosts.length, 1);
    assert.equal(newPosts[0].headers['idempotency-key'], storedId);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 9 --------------------------------------------------------------------------------------

test('9. text drafts of both forms are restored after a reload (identity is never kept), and the restored message is sent once', async () => {
  const backend = await startFakeBackend({
    respond: (r) => {
      if (r.method === 'GET' && r.pathname === '/comments') return { status: 200, body: { comments: [], next: null } };
      return { status: 201, body: { id: r.json?.id } };
    },
  });
  const site = await startPage(`${backend.url}/messages`, { comments: `${backend.url}/comments` });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Анна', email: 'anna@example.org', location: 'Казань', message: 'Draft: мы с вами', consent: true });
    const comment = page.locator('[data-testid=comment-form]');
    await comment.locator('[name=author]').fill('Lee');
    await comment.locator('[name=body]').fill('A comment draft');
    // "Leave no trace" is the default: drafts are kept in this tab (sessionStorage).
    await waitFor(
      () => page.evaluate(() => !!sessionStorage.getItem('solidarity.draft.support') && !!sessionStorage.getItem('solidarity.draft.comment')),
      { timeout: 5000, message: 'drafts saved' },
    );
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    // Review M8: name, e-mail, city and comment author are never stored.
    assert.equal(await page.inputValue(`${FORM} [name=name]`), '');
    assert.equal(await page.inputValue(`${FORM} [name=email]`), '');
    assert.equal(await page.inputValue(`${FORM} [name=location]`), '');
    assert.equal(await page.inputValue(`${FORM} [name=message]`), 'Draft: мы с вами');
    assert.equal(await page.isChecked(`${FORM} [name=consent]`), true);
    assert.equal(await comment.locator('[name=author]').inputValue(), '');
    assert.equal(await comment.locator('[name=body]').inputValue(), 'A comment draft');
    assert.equal(backend.posts.length, 0, 'a draft is not sent');
    await fillSupport(page, { name: 'Анна' });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    await sleep(500);
    const id = backend.posts[0]?.json?.id;
    assertOneStored(backend, id, 1);
    assert.equal(backend.stored.get(id).message, 'Draft: мы с вами');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// 10 -------------------------------------------------------------------------------------

test('10. a comment goes through the outbox too: 503 then 201, one stored, same id', async () => {
  const backend = await startFakeBackend({
    respond: (r, i) => {
      if (r.method === 'GET') return { status: 200, body: { comments: [], next: null } };
      if (i === 0) return { status: 503, body: { error: 'Busy' } };
      const { id, parent_id, author, body } = r.json;
      return { status: 201, body: { id, parent_id, author, body, created_at: new Date().toISOString() } };
    },
  });
  const site = await startPage(`${backend.url}/messages`, { comments: `${backend.url}/comments` });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await postComment(page, { author: 'Lee', body: 'Solidarity from Leeds' });
    await waitFor(() => backend.posts.length >= 1, { timeout: 5000, message: 'first attempt' });
    await waitFor(async () => (await storedOutbox(page))?.entries?.[0]?.attempts >= 1, { timeout: 5000, message: 'queued' });
    const entry = (await storedOutbox(page)).entries[0];
    assert.ok(entry.kind && typeof entry.kind === 'object' && 'Comment' in entry.kind, `kind Comment: ${JSON.stringify(entry.kind)}`);
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'queued', { timeout: 5000 });
    await waitFor(() => backend.stored.size === 1, { timeout: LONG, message: 'delivered' });
    await page.locator('[data-testid=comment-body]', { hasText: 'Solidarity from Leeds' }).first().waitFor({ timeout: 5000 });
    await sleep(500);
    assert.equal(backend.posts.every((p) => p.pathname === '/comments'), true);
    assertOneStored(backend, entry.id, 2);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});
