// The wall of support and taking back one's own comment, end to end with the reference
// server (real binary, real SQLite file) and real Chromium: messages published with the
// CLI `publish` appear live with their count in both languages and "show more"; the wall
// is prerendered from wall.json (visible with JavaScript off), hidden when no wall is
// configured or its endpoint is down; a reader deletes their own comment with the token
// this tab keeps, a wrong token is refused and others' comments have no control; axe clean.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startReferenceServer } from './lib/reference-server.js';
import { prerender } from './lib/prerender.js';
import { DIST, startStatic, config } from './lib/servers.js';
import { launchBrowser, openPage, closeBrowser, noErrors, waitForApp, waitForText, waitForAttribute, postComment, TIMEOUT } from './lib/browser.js';
import { axeViolations } from './lib/axe.js';

let reference;
const run = (...args) => reference.run([...args, '--db', reference.db]);

before(
  async () => {
    reference = await startReferenceServer({ args: ['--moderation', 'post', '--rate-per-minute', '0'] });
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await closeBrowser();
  await reference?.stop();
});

let sent = 0;
/** Sends a support message through the API; returns its id. */
async function sendMessage({ name = 'Алёна', location = 'Казань', message = 'Мы с вами', lang = 'ru' } = {}) {
  sent += 1;
  const id = `00000000-0000-4000-8000-${String(sent).padStart(12, '0')}`;
  const response = await fetch(`${reference.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': id },
    body: JSON.stringify({ id, name, email: null, location, message, lang, consent: true, created_at: new Date().toISOString() }),
  });
  assert.ok(response.ok, `message ${id}: ${response.status} ${await response.text()}`);
  return id;
}

const wall = '[data-testid=wall]';
const entries = (page) => page.locator(`${wall} [data-testid=wall-message]`).count();

test('published messages appear live with their count and plurals in both languages, and "show more"', async () => {
  const first = await sendMessage({ message: 'Держитесь, мы рядом <b>всегда</b>' });
  await run('publish', first);
  const page = await openPage(`${reference.url}/`, { locale: 'en-US' });
  try {
    await waitForAttribute(page, wall, 'data-wall', 'live');
    await waitForText(page, `${wall} [data-testid=wall-count]`, '1 message of support so far');
    assert.equal(await page.locator(`${wall} h2`).textContent(), 'Messages of support');
    const text = page.locator(`${wall} [data-testid=wall-text]`).first();
    assert.equal(await text.textContent(), 'Держитесь, мы рядом <b>всегда</b>', 'rendered as text');
    assert.equal(await text.getAttribute('lang'), 'ru', 'in its own language');
    assert.equal(await page.locator(`${wall} [data-testid=wall-name]`).first().textContent(), 'Алёна');
    noErrors(page);
  } finally {
    await page.close();
  }
  const ru = await openPage(`${reference.url}/ru/`, { locale: 'ru-RU' });
  try {
    await waitForText(ru, `${wall} [data-testid=wall-count]`, 'Уже 1\u00a0слово поддержки');
    assert.equal(await ru.locator(`${wall} h2`).textContent(), 'Слова поддержки');
  } finally {
    await ru.close();
  }

  // 21 more published (one in English, one without a location), 3 received but not published.
  for (let index = 0; index < 21; index += 1) {
    const id = await sendMessage({ message: `Сообщение ${index}`, lang: index === 0 ? 'en' : 'ru', location: index === 1 ? null : 'Омск' });
    await run('publish', id);
  }
  for (let index = 0; index < 3; index += 1) await sendMessage({ message: `Не для стены ${index}` });
  const again = await openPage(`${reference.url}/`, { locale: 'en-US' });
  try {
    await waitForText(again, `${wall} [data-testid=wall-count]`, '25 messages of support so far');
    assert.equal(await entries(again), 20, 'the latest page first');
    await again.click(`${wall} [data-testid=wall-more]`);
    await again.waitForFunction(() => document.querySelectorAll('[data-testid=wall-message]').length === 22, null, { timeout: TIMEOUT });
    assert.equal(await again.locator(`${wall} [data-testid=wall-more]`).count(), 0, 'the wall has no more');
    const all = await again.locator(`${wall} [data-testid=wall-text]`).allTextContents();
    assert.ok(!all.some((t) => t.startsWith('Не для стены')), 'unpublished messages stay off the wall');
    assert.equal(all.at(-1), 'Держитесь, мы рядом <b>всегда</b>', 'oldest last');
    noErrors(again);
  } finally {
    await again.close();
  }
  const ruAgain = await openPage(`${reference.url}/ru/`, { locale: 'ru-RU' });
  try {
    await waitForText(ruAgain, `${wall} [data-testid=wall-count]`, 'Уже 25\u00a0слов поддержки');
  } finally {
    await ruAgain.close();
  }
});

test('the wall is prerendered from wall.json and readable with JavaScript off', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'solidarity-wall-'));
  try {
    await cp(DIST, tmp, { recursive: true });
    const built = {
      messages: [
        { id: 'w-2', name: 'Олег', location: 'Пермь', message: 'Вы не одни', lang: 'ru', date: '2026-11-30' },
        { id: 'w-1', name: '', location: null, message: 'We are with you', lang: 'en', date: '2026-11-29' },
      ],
      next: null,
      total_received: 1234,
    };
    await writeFile(path.join(tmp, 'wall.json'), JSON.stringify(built));
    await prerender(tmp);
    const site = await startStatic({ root: tmp });
    const browser = await launchBrowser();
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    context.setDefaultTimeout(TIMEOUT);
    const page = await context.newPage();
    try {
      for (const [address, count, anonymous] of [
        ['/', '1,234 messages of support so far', 'Anonymous'],
        ['/ru/', 'Уже 1234\u00a0слова поддержки', 'Аноним'],
      ]) {
        await page.goto(`${site.url}${address}`, { waitUntil: 'load' });
        assert.equal(await page.locator(wall).isVisible(), true, address);
        assert.equal(await page.textContent(`${wall} [data-testid=wall-count]`), count);
        assert.deepEqual(await page.locator(`${wall} [data-testid=wall-text]`).allTextContents(), ['Вы не одни', 'We are with you']);
        assert.deepEqual(await page.locator(`${wall} [data-testid=wall-name]`).allTextContents(), ['Олег', anonymous]);
      }
    } finally {
      await context.close();
      await site.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('no wall when none is configured, nor when its endpoint is down', async () => {
  const closed = 'http://127.0.0.1:9/api/messages/published';
  for (const [label, wallConfig] of [
    ['not configured', undefined],
    ['endpoint down', { endpoint: closed }],
  ]) {
    const site = await startStatic({ overrides: { '/config.json': JSON.stringify({ ...config(), ...(wallConfig ? { wall: wallConfig } : {}) }) } });
    const page = await openPage(`${site.url}/`, { locale: 'en-US' });
    try {
      await waitForApp(page);
      await page.waitForTimeout(500);
      assert.equal(await page.locator(wall).count(), 0, label);
    } finally {
      await page.close();
      await site.close();
    }
  }
});

const ownButton = (id) => `[data-testid=comment][data-comment-id="${id}"] > article [data-testid=delete-own]`;

test('a reader deletes their own comment with its token; a wrong token is refused; no control on others', async () => {
  const stranger = await fetch(`${reference.url}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-stranger' },
    body: JSON.stringify({ id: 'stranger-1', author: 'Someone', body: 'Not yours', lang: 'en' }),
  });
  assert.equal(stranger.status, 201);
  const page = await openPage(`${reference.url}/`, { locale: 'en-US' });
  page.acceptDialogs = true;
  try {
    await postComment(page, { author: 'Me', body: 'I regret this one' });
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
    const mine = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('solidarity.delete.')));
    assert.equal(mine.length, 1, JSON.stringify(mine));
    const id = mine[0].slice('solidarity.delete.'.length);
    assert.match(await page.evaluate((key) => sessionStorage.getItem(key), mine[0]), /^[0-9a-f]{64}$/);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('solidarity.delete.'))), false);
    await page.locator(ownButton(id)).waitFor();
    assert.equal(await page.locator(ownButton('stranger-1')).count(), 0, 'no control on others');
    assert.equal(await page.locator(ownButton('seed-1')).count(), 0);
    const reply = await fetch(`${reference.url}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-reply' },
      body: JSON.stringify({ id: 'reply-1', parent_id: id, author: 'Friend', body: 'Reply stays', lang: 'en' }),
    });
    assert.equal(reply.status, 201);

    // A forged token for someone else's comment: the control shows, the site refuses.
    await page.evaluate(() => sessionStorage.setItem('solidarity.delete.stranger-1', 'f'.repeat(64)));
    await page.reload();
    await page.locator(ownButton('stranger-1')).click();
    await waitForText(page, '[data-testid=delete-own-error]', 'did not accept');
    assert.equal(page.dialogs.filter((d) => d.type === 'confirm').length, 1, 'asked first');
    assert.equal(await page.locator('[data-comment-id="stranger-1"]').count(), 1, 'still there');
    // Chromium logs the refused DELETE's 404 as a console error; that one is expected.
    page.consoleErrors = page.consoleErrors.filter((e) => !/404/.test(e.text));

    assert.deepEqual(await axeViolations(page), []);
    await page.locator(ownButton(id)).click();
    await page.locator(`[data-testid=comment][data-comment-id="${id}"]`).waitFor({ state: 'detached' });
    await waitForText(page, '[data-comment-id="reply-1"] [data-testid=parent-deleted]', 'deleted');
    const listed = await (await fetch(`${reference.url}/api/comments`)).json();
    assert.ok(!listed.comments.some((c) => c.id === id), 'gone on the server');
    assert.ok(listed.comments.some((c) => c.id === 'reply-1'), 'the reply stays');
    assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), mine[0]), null, 'token forgotten');
    noErrors(page);
  } finally {
    await page.close();
  }
});

