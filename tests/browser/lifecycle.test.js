// What happens to comments and messages after they arrive, end to end with the reference
// server (real binary, real SQLite file): a reader reports a comment (it stays visible and
// reaches `moderate list`); a staff reply shows the organisation's badge and a reader's
// comment never does; a reply whose comment was deleted says so; `erase --email` removes
// a person's message from the export; a published message appears in
// /api/messages/published without its e-mail address; the reader page sets no cookie.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from './lib/reference-server.js';
import { openPage, closeBrowser, noErrors, waitForAttribute, waitForText, waitForComments, fillSupport, submitSupport, postComment } from './lib/browser.js';

const ORG = 'The LGF';
let reference;
let baseUrl;
let db;
const run = (...args) => reference.run([...args, '--db', db]);

before(
  async () => {
    reference = await startReferenceServer({ args: ['--moderation', 'post', '--rate-per-minute', '0', '--org-name', ORG] });
    ({ db, url: baseUrl } = reference);
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await closeBrowser();
  await reference?.stop();
});

/** The Report button of comment `id` itself (not of its replies). */
const reportButton = (id) => `[data-testid=comment][data-comment-id="${id}"] > article [data-testid=report-comment]`;
const reportStatus = (id) => `[data-testid=comment][data-comment-id="${id}"] > article [data-testid=report-status]`;

test('a reader reports a comment: thanked (still after the thread is drawn again), the comment stays, the moderators see it, no cookie', async () => {
  const page = await openPage(`${baseUrl}/`, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    const button = page.locator(reportButton('seed-2'));
    assert.equal(await button.textContent(), 'Report');
    assert.equal(await button.getAttribute('aria-label'), 'Report this comment to the moderators');
    await button.click();
    await waitForText(page, reportStatus('seed-2'), 'Thank you, a moderator will look at it.');
    let listed = (await run('moderate', 'list')).stdout;
    assert.match(listed, /seed-2 .*\[published reported by 1\]/, listed);
    // A second click from the same tab is the same report.
    await button.click();
    await waitForText(page, reportStatus('seed-2'), 'Thank you');
    listed = (await run('moderate', 'list')).stdout;
    assert.match(listed, /\[published reported by 1\]/, listed);

    const keys = await page.evaluate(() => Object.keys(sessionStorage));
    assert.deepEqual(keys, ['solidarity.reporter']);
    const reporter = await page.evaluate(() => sessionStorage.getItem('solidarity.reporter'));
    assert.match(reporter, /^[0-9a-f-]{36}$/);
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(await page.context().cookies(), []);

    // The thread is drawn again when it changes (here: the reader's own comment, held for
    // moderation, joins it); the report's outcome is still said.
    const body = `A comment after reporting ${Date.now()}`;
    await postComment(page, { author: 'Reporter', body });
    await page.locator('[data-testid=comment]', { hasText: body }).waitFor();
    assert.equal(await page.textContent(reportStatus('seed-2')), 'Thank you, a moderator will look at it.');

    // Still visible after a reload, to this reader and everyone else.
    await page.reload({ waitUntil: 'load' });
    await waitForComments(page, { min: 3 });
    assert.equal(await page.locator('[data-testid=comment][data-comment-id="seed-2"]').count(), 1);
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('the Report control speaks Russian on the Russian page', async () => {
  const page = await openPage(`${baseUrl}/ru/`, { locale: 'ru-RU' });
  try {
    await waitForComments(page, { min: 3 });
    const button = page.locator(reportButton('seed-3'));
    assert.equal(await button.textContent(), 'Пожаловаться');
    await button.click();
    await waitForText(page, reportStatus('seed-3'), 'Спасибо, модератор посмотрит этот комментарий.');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('a staff reply shows the badge, a reader comment never does, and a reply to a deleted comment says so', async () => {
  const reply = (await run('moderate', 'reply', 'seed-1', 'Thank you, Ryan.', '--as', 'Anna')).stdout.trim().replace('replied ', '');
  const page = await openPage(`${baseUrl}/`, { locale: 'en-US' });
  try {
    await page.locator('[data-testid=staff-badge]').first().waitFor({ state: 'visible' });
    // A reader posts through the page, then tries to forge the marker by hand.
    await postComment(page, { author: 'Reader', body: 'Am I staff now?' });
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
    const forged = await page.evaluate(async () => {
      const response = await fetch('/api/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ author: 'Forger', body: 'Forged badge', lang: 'en', staff: true, is_staff: 1, badge: 'The LGF' }),
      });
      return response.status;
    });
    assert.equal(forged, 201);
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-testid=comment-body]', { hasText: 'Forged badge' }).waitFor();
    const badges = page.locator('[data-testid=staff-badge]');
    assert.equal(await badges.count(), 1);
    assert.equal(await badges.textContent(), ORG);
    const staffItem = page.locator(`[data-testid=comment][data-comment-id="${reply}"]`);
    assert.equal(await staffItem.locator('[data-testid=staff-badge]').count(), 1);
    assert.equal(await staffItem.locator('[data-testid=report-comment]').count(), 0, 'staff replies are not reported');

    await run('moderate', 'delete', 'seed-1');
    await page.reload({ waitUntil: 'load' });
    await page.locator(`[data-testid=comment][data-comment-id="${reply}"] [data-testid=parent-deleted]`).waitFor();
    assert.equal(await page.locator('[data-testid=comment][data-comment-id="seed-1"]').count(), 0);
    await waitForText(page, `[data-testid=comment][data-comment-id="${reply}"] [data-testid=parent-deleted]`, 'In reply to a comment that was deleted');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('erase --email removes the person from the export; a published message is on the wall without its e-mail', async () => {
  const page = await openPage(`${baseUrl}/`, { locale: 'en-US' });
  try {
    for (const [name, message] of [['Erin', 'Forget me later'], ['Pat', 'Publish me']]) {
      await fillSupport(page, { name, email: `${name.toLowerCase()}@example.org`, message, consent: true });
      const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/messages' && r.request().method() === 'POST');
      await submitSupport(page);
      assert.equal((await posted).status(), 201);
    }
    noErrors(page);
  } finally {
    await page.close();
  }
  const exported = async () => JSON.parse((await run('export', '--format', 'json')).stdout);
  const messages = await exported();
  assert.ok(messages.some((m) => m.email === 'erin@example.org'), JSON.stringify(messages));
  const { stdout } = await run('erase', '--email', 'erin@example.org');
  assert.equal(stdout.trim(), 'erased 1 messages and 0 comments');
  const remaining = JSON.stringify(await exported());
  assert.ok(!remaining.includes("erin@example.org") && !remaining.includes("Forget me later") && !remaining.includes("Erin"), remaining);

  const pat = (await exported()).find((m) => m.email === 'pat@example.org');
  assert.ok(pat, 'the second message is kept');
  await run('publish', pat.id);
  const wall = await (await fetch(`${baseUrl}/api/messages/published`)).json();
  assert.equal(wall.total_received, 1);
  assert.deepEqual(Object.keys(wall.messages[0]).sort(), ['date', 'id', 'lang', 'location', 'message', 'name']);
  assert.equal(wall.messages[0].message, 'Publish me');
  assert.match(wall.messages[0].date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(!JSON.stringify(wall).includes('pat@example.org'));
});
