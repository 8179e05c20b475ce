// The reference server's errors reach the reader in the page's language: the page sends
// its language (body `lang`, `Accept-Language`), the server answers in it and says so,
// and the page shows a server's sentence only when it is in the reader's language.
// Real server, real Chromium: the server's rate limit (one post, then 429) is the error.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReferenceServer } from './lib/reference-server.js';
import { openPage, closeBrowser, noErrors, waitForComments, TIMEOUT } from './lib/browser.js';
import { waitFor } from './lib/servers.js';

let reference;

before(
  async () => {
    reference = await startReferenceServer({
      args: ['--moderation', 'post', '--rate-per-minute', '1', '--rate-burst', '1'],
    });
    // Spend the one post the limit allows, so the page's posts are refused with 429.
    const first = await fetch(`${reference.url}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ author: 'Warm-up', body: 'The first post passes.', lang: 'en' }),
    });
    assert.equal(first.status, 201, await first.text());
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await closeBrowser();
  await reference?.stop();
});

/** Posts a comment from `path` and returns the status text, its request and answer. */
async function refusedComment(path, { author, body }) {
  const page = await openPage(`${reference.url}${path}`, { locale: 'en-US' });
  try {
    const seen = [];
    page.on('response', async (response) => {
      const request = response.request();
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/comments') {
        seen.push({ headers: request.headers(), status: response.status(), json: await response.json().catch(() => null) });
      }
    });
    await waitForComments(page, { min: 3 });
    const form = page.locator('[data-testid=comment-form]');
    await form.locator('[name=author]').fill(author);
    await form.locator('[name=body]').fill(body);
    await form.locator('button[type=submit]').click();
    await waitFor(async () => seen.length > 0, { timeout: TIMEOUT, message: 'the page posted the comment' });
    const status = page.locator('[data-testid=comment-status]');
    await waitFor(async () => ['queued', 'failed'].includes(await status.getAttribute('data-state')), {
      timeout: TIMEOUT,
      message: 'the comment status says it was not posted',
    });
    const text = (await status.textContent()).trim();
    // The browser logs the refused request itself; nothing else may go wrong.
    page.consoleErrors = page.consoleErrors.filter((e) => !/status of 429/.test(e.text));
    noErrors(page);
    return { text, answer: seen[0] };
  } finally {
    await page.close();
  }
}

test('the Russian page shows the server’s refusal as a Russian sentence', async () => {
  const { text, answer } = await refusedComment('/ru/', { author: 'Лев', body: 'Держитесь!' });
  assert.equal(answer.status, 429);
  assert.equal(answer.headers['accept-language'], 'ru', 'the page says its language, not the browser’s (en-US)');
  assert.equal(answer.json.lang, 'ru', JSON.stringify(answer.json));
  assert.match(text, /слишком много запросов/, text);
  assert.doesNotMatch(text, /[A-Za-z]/, `no English inside the Russian sentence: ${text}`);
});

test('the English page shows the same refusal in English', async () => {
  const { text, answer } = await refusedComment('/', { author: 'Sam', body: 'Hold on!' });
  assert.equal(answer.status, 429);
  assert.equal(answer.headers['accept-language'], 'en');
  assert.equal(answer.json.lang, 'en');
  assert.match(text, /too many requests/i, text);
  assert.doesNotMatch(text, /[А-Яа-яЁё]/, text);
});
