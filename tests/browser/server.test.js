// End to end with the reference server (server/, `solidarity-server`): it serves dist/ with
// the default config.json (/api/messages, /api/comments) and stores into SQLite. A message
// sent from the page is found by `export` (JSON and CSV); the seed comments show; a comment
// posted under pre-moderation waits, is listed by `moderate list`, and appears for a fresh
// visitor after `moderate approve`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitFor } from './lib/servers.js';
import { startReferenceServer } from './lib/reference-server.js';
import { openPage, closeBrowser, noErrors, waitForAttribute, waitForText, waitForComments, TIMEOUT } from './lib/browser.js';
import { waitForThread } from './lib/live.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let reference;
let db;
let tmp;
let baseUrl;
const run = (...args) => reference.run(...args);
const serverLog = { toString: () => reference?.log() ?? '' };

before(
  async () => {
    reference = await startReferenceServer({ args: ['--moderation', 'pre', '--rate-per-minute', '0'] });
    ({ db, tmp, url: baseUrl } = reference);
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await closeBrowser();
  await reference?.stop();
});

/** Records the JSON bodies the page POSTs to `pathname` and the answers it gets. */
function recordPosts(page, pathname) {
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === pathname) {
      let json;
      try {
        json = JSON.parse(request.postData() ?? '');
      } catch {
        json = undefined;
      }
      posts.push({ json, headers: request.headers(), status: null });
    }
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(request.url()).pathname === pathname) {
      const entry = posts.find((p) => p.status === null);
      if (entry) entry.status = response.status();
    }
  });
  return posts;
}

test('a Russian message sent from the page is found by export --format json and --format csv', async () => {
  const page = await openPage(`${baseUrl}/`, { locale: 'en-US' });
  try {
    const posts = recordPosts(page, '/api/messages');
    await page.click('[data-testid=lang-ru]');
    await waitForAttribute(page, '[data-testid=lang-ru]', 'aria-current', 'page');
    const form = page.locator('[data-testid=support-form]');
    await form.locator('[name=name]').fill('Алёна Тестова');
    await form.locator('[name=email]').fill('alena@example.org');
    await form.locator('[name=location]').fill('Москва');
    await form.locator('[name=message]').fill('Мы с вами! Держитесь.');
    await form.locator('[name=consent]').setChecked(true);
    await form.locator('button[type=submit]').click();
    // Read the id the page generated while it is in the outbox (if it shows there), or
    // from the request.
    let outboxId = null;
    const readOutbox = async () => {
      const id = await page.evaluate(() => document.querySelector('[data-testid=outbox-item]')?.getAttribute('data-id') ?? null);
      if (id) outboxId = id;
    };
    await waitFor(
      async () => {
        await readOutbox();
        return (await page.getAttribute('[data-testid=support-status]', 'data-state')) === 'sent';
      },
      { timeout: TIMEOUT, interval: 20, message: 'support-status data-state became "sent"' },
    ).catch(async (error) => {
      throw new Error(
        `${error.message}; state ${await page.getAttribute('[data-testid=support-status]', 'data-state')}, text ${JSON.stringify(await page.textContent('[data-testid=support-status]'))}, posts ${JSON.stringify(posts)}\nserver log: ${serverLog}`,
      );
    });
    await waitForText(page, '[data-testid=support-status]', 'Спасибо');
    assert.equal(posts.length, 1, `one POST /api/messages: ${JSON.stringify(posts)}`);
    const sent = posts[0].json;
    assert.match(sent.id, UUID, 'the page generated a UUID');
    if (outboxId) assert.equal(outboxId, sent.id, 'the outbox item and the request carry the same id');
    assert.equal(posts[0].status, 201, 'the server answered 201');

    // JSON export.
    const { stdout } = await run(['export', '--db', db, '--format', 'json']);
    const exported = JSON.parse(stdout);
    assert.ok(Array.isArray(exported), 'the JSON export is an array');
    const row = exported.find((m) => m.id === sent.id);
    assert.ok(row, `the export holds id ${sent.id}: ${stdout}`);
    assert.equal(row.name, 'Алёна Тестова');
    assert.equal(row.email, 'alena@example.org');
    assert.equal(row.location, 'Москва');
    assert.equal(row.message, 'Мы с вами! Держитесь.');
    assert.equal(row.lang, 'ru');
    assert.equal(row.consent, true);
    assert.equal(exported.filter((m) => m.id === sent.id).length, 1, 'stored once');

    // CSV export: UTF-8 with a BOM, the Cyrillic text intact, on stdout and with --output.
    const csv = (await run(['export', '--db', db, '--format', 'csv'], { encoding: 'buffer' })).stdout;
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with a UTF-8 BOM');
    const text = csv.subarray(3).toString('utf8');
    assert.ok(!text.includes('\ufffd'), 'the CSV is valid UTF-8');
    for (const wanted of [sent.id, 'Алёна Тестова', 'Москва', 'Мы с вами! Держитесь.']) {
      assert.ok(text.includes(wanted), `the CSV contains ${wanted}: ${text}`);
    }
    assert.ok(text.includes('\r\n'), 'CRLF line ends');
    const file = path.join(tmp, 'messages.csv');
    await run(['export', '--db', db, '--format', 'csv', '--output', file]);
    assert.deepEqual(await readFile(file), csv, '--output writes the same bytes as stdout');
    noErrors(page);
  } finally {
    await page.close();
  }
});

/** The comment ids and the count text a fresh visitor sees (new context, empty storage). */
async function freshVisit(min) {
  const page = await openPage(`${baseUrl}/`, { locale: 'en-US' });
  try {
    // The live thread (not the prerendered one), loaded from the server: the page falls
    // back to comments.json only when /api/comments fails.
    await waitForComments(page, { min });
    await waitForThread(page, { states: ['live'] });
    const state = await page.evaluate(() => ({
      ids: [...document.querySelectorAll('[data-testid=comment]')].map((c) => c.getAttribute('data-comment-id')),
      authors: [...document.querySelectorAll('[data-testid=comment-author]')].map((c) => c.textContent.trim()),
      bodies: [...document.querySelectorAll('[data-testid=comment-body]')].map((c) => c.textContent.trim()),
      count: document.querySelector('[data-testid=comment-count]')?.textContent.trim() ?? null,
    }));
    const apiAsked = page.requests.some((r) => r.method === 'GET' && new URL(r.url).pathname === '/api/comments');
    const fellBack = page.requests.some((r) => new URL(r.url).pathname === '/comments.json');
    noErrors(page);
    return { ...state, apiAsked, fellBack };
  } finally {
    await page.close();
  }
}

test('seed comments from the server; a pre-moderated comment waits, is listed, and shows after approval', async () => {
  const first = await freshVisit(3);
  assert.equal(first.apiAsked, true, 'the page asked the server for /api/comments');
  assert.equal(first.fellBack, false, 'the server answered the thread (no fallback to comments.json)');
  assert.deepEqual(first.ids, ['seed-1', 'seed-2', 'seed-3']);
  assert.deepEqual(first.authors, ['Ryan Winders', 'Dave', 'Lee']);
  assert.match(first.count ?? '', /\b3\b/, `the count says 3: ${first.count}`);

  // Post a comment (pre-moderation: 202 pending).
  const page = await openPage(`${baseUrl}/`, { locale: 'en-US' });
  let posted;
  try {
    const posts = recordPosts(page, '/api/comments');
    await waitForComments(page, { min: 3 });
    const form = page.locator('[data-testid=comment-form]');
    await form.locator('[name=author]').fill('Moderated Reader');
    await form.locator('[name=body]').fill('A comment that waits for the moderator.');
    await form.locator('button[type=submit]').click();
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
    await waitForText(page, '[data-testid=comment-status]', /moderat/i);
    assert.equal(posts.length, 1, `one POST /api/comments: ${JSON.stringify(posts)}`);
    assert.equal(posts[0].status, 202, 'the server answered 202 (pending)');
    posted = posts[0].json;
    assert.ok(posted?.id, 'the comment has an id');
    // The author sees it marked as awaiting moderation, not counted.
    await waitForText(page, '[data-testid=comments]', 'Awaiting moderation');
    assert.match((await page.textContent('[data-testid=comment-count]')) ?? '', /\b3\b/, 'a pending comment is not counted');
    noErrors(page);
  } finally {
    await page.close();
  }

  // A fresh visitor does not see it.
  const waiting = await freshVisit(3);
  assert.equal(waiting.fellBack, false, 'the thread came from the server');
  assert.deepEqual(waiting.authors, ['Ryan Winders', 'Dave', 'Lee'], 'the pending comment is hidden from others');
  assert.ok(!waiting.bodies.includes('A comment that waits for the moderator.'));

  // The organiser lists and approves it.
  const list = (await run(['moderate', 'list', '--db', db])).stdout;
  assert.ok(list.includes(posted.id), `moderate list names the comment ${posted.id}: ${list}`);
  assert.ok(list.includes('Moderated Reader') || list.includes('A comment that waits'), `moderate list shows its author or text: ${list}`);
  await run(['moderate', 'approve', posted.id, '--db', db]);
  const after = (await run(['moderate', 'list', '--db', db])).stdout;
  assert.ok(!after.includes(posted.id), `the approved comment is no longer waiting: ${after}`);

  // A fresh visitor now sees it, and the count went from 3 to 4.
  const approved = await freshVisit(4);
  assert.deepEqual(approved.authors, ['Ryan Winders', 'Dave', 'Lee', 'Moderated Reader']);
  assert.ok(approved.bodies.includes('A comment that waits for the moderator.'));
  assert.match(approved.count ?? '', /\b4\b/, `the count says 4: ${approved.count}`);
});
