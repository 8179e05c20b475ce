// The comment thread: loading (endpoint or static fallback), nesting, escaping, posting,
// replies, moderation and validation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, startStatic, startBackend, seedComments, config, waitFor, sleep } from './lib/servers.js';
import {
  openPage,
  closeBrowser,
  noErrors,
  waitForText,
  waitForAttribute,
  waitForComments,
  postComment,
} from './lib/browser.js';
import { pressButton } from './lib/live.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

let seeds;
before(async () => {
  seeds = await seedComments();
});
after(async () => {
  await closeBrowser();
});

/** Each comment as {id, author, body, date, parent (id of the enclosing comment element)}. */
function readThread(page) {
  return page.$$eval('[data-testid=comment]', (items) =>
    items.map((item) => {
      const own = (testid) =>
        [...item.querySelectorAll(`[data-testid=${testid}]`)].find((el) => el.closest('[data-testid=comment]') === item);
      return {
        id: item.getAttribute('data-comment-id'),
        author: own('comment-author')?.textContent.trim(),
        body: own('comment-body')?.textContent,
        date: [...item.querySelectorAll('time')].find((t) => t.closest('[data-testid=comment]') === item)?.textContent.trim(),
        parent: item.parentElement.closest('[data-testid=comment]')?.getAttribute('data-comment-id') ?? null,
      };
    }),
  );
}

/** The Reply button inside the comment by `author` (not inside its replies). */
function replyButton(page, author) {
  return page
    .locator('[data-testid=comment]', { has: page.locator(':scope > article [data-testid=comment-author]', { hasText: author }) })
    .locator(':scope > article button', { hasText: /^(Reply|Ответить)$/ });
}

const commentPosts = (backend) => backend.requests.filter((r) => r.method === 'POST' && r.pathname === '/comments');

test('the seed comments load from the endpoint with authors, no invented dates, their lang and a count', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    const thread = await readThread(page);
    assert.deepEqual(
      thread.map(({ author, date, parent }) => ({ author, date, parent })),
      [
        { author: 'Ryan Winders', date: undefined, parent: null },
        { author: 'Dave', date: undefined, parent: null },
        { author: 'Lee', date: undefined, parent: null },
      ],
    );
    assert.deepEqual(thread.map((c) => c.body), seeds.map((s) => s.body));
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '3 comments');
    // The article gives the seed no dates: none is shown, and the file says none.
    assert.equal(await page.locator('[data-testid=comment] time').count(), 0);
    assert.ok(seeds.every((s) => s.created_at === undefined && s.lang === 'en'), JSON.stringify(seeds));
    // Each comment's text carries its language, so a screen reader reads it in that voice.
    const langs = await page.$$eval('[data-testid=comment-body]', (bs) => bs.map((b) => b.getAttribute('lang')));
    assert.deepEqual(langs, ['en', 'en', 'en']);
    const buttons = await page.$$eval('[data-testid=comment] button', (bs) => bs.map((b) => b.textContent.trim()));
    // Each published comment has Reply and Report (see lifecycle.test.js).
    assert.deepEqual(buttons, ['Reply', 'Report', 'Reply', 'Report', 'Reply', 'Report']);
    const gets = site.backend.requests.filter((r) => r.method === 'GET' && r.pathname === '/comments');
    assert.ok(gets.length >= 1, 'the comments endpoint was asked');
    assert.equal(site.site.requests.filter((r) => r.path === '/comments.json').length, 0, 'the endpoint answered: no fallback to the static file');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('the comment list is requested once per page load', async () => {
  // Expected: one GET of the comments endpoint per load (the thread is read once).
  // Seen: the page sends the same GET twice, the second right after the first; with a
  // paginated backend the whole chain of pages is read twice.
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await page.waitForLoadState('networkidle', { timeout: 10_000 });
    await sleep(500);
    const gets = site.backend.requests.filter((r) => r.method === 'GET' && r.pathname === '/comments').map((r) => r.path);
    assert.deepEqual(gets, ['/comments'], `GET /comments was sent ${gets.length} times`);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a paginated endpoint is followed through its next cursors', async () => {
  const all = Array.from({ length: 5 }, (_, i) => ({
    id: `p-${i}`,
    parent_id: null,
    author: `Author ${i}`,
    body: `Body ${i}`,
    created_at: `2013-08-0${i + 1}T12:00:00Z`,
  }));
  const site = await startSite({
    configChanges: (backend) => ({ comments: { endpoint: `${backend}/paged?limit=2` } }),
    respond: (request) => {
      if (request.method !== 'GET' || request.pathname !== '/paged') return undefined;
      const after = Number(request.query.after ?? 0);
      const next = after + 2 < all.length ? String(after + 2) : null;
      return { status: 200, body: { comments: all.slice(after, after + 2), next } };
    },
  });
  const page = await openPage(`${site.url}ru/`, { locale: 'ru-RU' });
  try {
    await waitForComments(page, { min: 5 });
    const authors = await page.locator('[data-testid=comment-author]').allTextContents();
    assert.deepEqual(authors.map((a) => a.trim()), all.map((c) => c.author));
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '5\u00a0комментариев');
    const paths = site.backend.requests.filter((r) => r.pathname === '/paged').map((r) => r.path);
    assert.ok(paths.includes('/paged?limit=2&after=2') && paths.includes('/paged?limit=2&after=4'), JSON.stringify(paths));
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a thread longer than a screen fetches later pages only when the reader asks', async () => {
  const all = Array.from({ length: 120 }, (_, i) => ({
    id: `t-${i}`,
    parent_id: null,
    author: `Writer ${i}`,
    body: `Message ${i}`,
    created_at: '2013-08-01T12:00:00Z',
  }));
  let failNext = false;
  const site = await startSite({
    configChanges: (backend) => ({ comments: { endpoint: `${backend}/long` } }),
    respond: (request) => {
      if (request.method !== 'GET' || request.pathname !== '/long') return undefined;
      if (failNext) {
        failNext = false;
        return { status: 503, body: { error: 'busy' } };
      }
      const after = Number(request.query.after ?? 0);
      const next = after + 50 < all.length ? String(after + 50) : null;
      return { status: 200, body: { comments: all.slice(after, after + 50), next, total: all.length } };
    },
  });
  const page = await openPage(site.url);
  const pages = () => site.backend.requests.filter((r) => r.pathname === '/long').map((r) => r.query.after ?? '0');
  const more = '[data-testid=more-comments]';
  try {
    await waitForComments(page, { min: 50 });
    // The count comes from the backend's total; one page fills the first screen.
    await waitForText(page, '[data-testid=comment-count]', '120 comments');
    assert.deepEqual(pages(), ['0']);
    assert.equal(await page.locator('[data-testid=comment]').count(), 50);
    assert.match(await page.textContent(more), /70 more/);

    // A failed page says so and keeps its place: the next press asks for the same page.
    // Each press must reach the backend (a lost press fails here, at once, not 15 s later).
    const asked = (n) => waitFor(() => pages().length === n, { timeout: 5000, message: `request ${n} (pages ${JSON.stringify(pages())})` });
    failNext = true;
    await pressButton(page, more);
    await asked(2);
    await waitForText(page, '[data-testid=comments] [role=alert]', 'could not be loaded');
    assert.equal(await page.locator('[data-testid=comment]').count(), 50);
    await pressButton(page, more);
    await asked(3);
    await waitForComments(page, { min: 100 });
    assert.deepEqual(pages(), ['0', '50', '50']);
    assert.equal(await page.locator('[data-testid=comments] [role=alert]').count(), 0);
    assert.match(await page.textContent(more), /20 more/);

    await pressButton(page, more);
    await asked(4);
    await waitForComments(page, { min: 120 });
    assert.equal(await page.locator(more).count(), 0, 'no button once everything is shown');
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '120 comments');
    const authors = await page.locator('[data-testid=comment-author]').allTextContents();
    assert.deepEqual(authors, all.map((c) => c.author), 'every comment once, in order');
    assert.deepEqual(pages(), ['0', '50', '50', '100']);
    const unexpected = page.consoleErrors.filter((e) => !/status of 503/.test(e.text));
    assert.deepEqual(unexpected, [], 'no console error but the browser\'s note about the 503');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('comment counts use the right plural forms in both languages', async () => {
  // The backend serves whatever `list` holds when it is asked.
  let list = [];
  const make = (n) =>
    Array.from({ length: n }, (_, i) => ({ id: `n-${i}`, author: `A${i}`, body: `b${i}`, created_at: '2013-08-01T00:00:00Z' }));
  const backend = await startBackend({
    respond: (request) => (request.method === 'GET' ? { status: 200, body: { comments: list, next: null } } : undefined),
  });
  const pageSite = await startStatic({
    overrides: { '/config.json': JSON.stringify(config({ messages: { endpoint: `${backend.url}/m` }, comments: { endpoint: `${backend.url}/c` } })) },
  });
  try {
    const cases = [
      [0, 'en-US', '0 comments'],
      [1, 'en-US', '1 comment'],
      [2, 'en-US', '2 comments'],
      [0, 'ru-RU', '0\u00a0комментариев'],
      [1, 'ru-RU', '1\u00a0комментарий'],
      [3, 'ru-RU', '3\u00a0комментария'],
      [5, 'ru-RU', '5\u00a0комментариев'],
      [11, 'ru-RU', '11\u00a0комментариев'],
      [21, 'ru-RU', '21\u00a0комментарий'],
      [22, 'ru-RU', '22\u00a0комментария'],
    ];
    for (const [n, locale, expected] of cases) {
      list = make(n);
      const page = await openPage(`${pageSite.url}/${locale === 'ru-RU' ? 'ru/' : ''}`, { locale });
      try {
        // The page was prerendered with 3 seed comments: wait for the live thread (its
        // authors are A0, A1…), then for its count.
        if (n > 0) {
          await waitForComments(page, { min: n });
          await waitForText(page, '[data-testid=comment-author]', 'A0');
        } else await waitForText(page, '[data-testid=comments]', locale === 'en-US' ? 'No comments yet' : 'Комментариев пока нет');
        await waitForText(page, '[data-testid=comment-count]', expected);
        assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), expected, `${n} in ${locale}`);
        noErrors(page);
      } finally {
        await page.close();
      }
    }
  } finally {
    await pageSite.close();
    await backend.close();
  }
});

test('while a comment is posting the button is disabled and the status says so', async () => {
  const site = await startSite({
    respond: (request) =>
      request.method === 'POST' ? { status: 201, body: { ...request.json, created_at: new Date().toISOString() }, delayMs: 1500 } : undefined,
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await postComment(page, { author: 'Jo', body: 'Slow post.' });
    await waitForText(page, '[data-testid=comment-status]', 'Posting your comment');
    assert.equal(await page.isDisabled('[data-testid=comment-form] button[type=submit]'), true);
    await page.locator('[data-testid=comment-form] [name=author]').press('Enter');
    await waitForText(page, '[data-testid=comment-status]', 'Your comment has been published.');
    await sleep(300);
    assert.equal(commentPosts(site.backend).length, 1, 'one POST only');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('when the comments endpoint fails, the static comments.json is shown', async () => {
  const site = await startSite({
    respond: (request) =>
      request.method === 'GET' ? { status: 500, body: { error: 'down' } } : undefined,
    configChanges: (backend) => ({ comments: { endpoint: `${backend}/broken` } }),
    // A static file unlike the prerendered seed, so what shows can only come from it.
    overrides: () => ({
      '/comments.json': JSON.stringify({ comments: [{ id: 'f-1', parent_id: null, author: 'From the file', body: 'Static.', created_at: '2013-08-01T12:00:00Z' }] }),
    }),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 1 });
    await waitForText(page, '[data-testid=comment-count]', '1 comment');
    const thread = await readThread(page);
    assert.deepEqual(thread.map((c) => c.author), ['From the file']);
    assert.ok(site.backend.requests.some((r) => r.pathname === '/broken'), 'the endpoint was tried first');
    assert.ok(site.site.requests.some((r) => r.path === '/comments.json'), 'the static file was read');
    // The only console error allowed is the browser's own note about the failed request.
    const unexpected = page.consoleErrors.filter((e) => !/status of 500/.test(e.text));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('with comments.endpoint null the static file is read and no comment form is offered', async () => {
  const site = await startSite({ configChanges: () => ({ comments: { endpoint: null } }) });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    assert.deepEqual((await readThread(page)).map((c) => c.author), ['Ryan Winders', 'Dave', 'Lee']);
    assert.equal(await page.locator('[data-testid=comment-form]').count(), 0);
    await waitForText(page, '[data-testid=comments]', 'New comments cannot be posted here.');
    assert.equal(site.backend.requests.filter((r) => r.pathname === '/comments').length, 0);
    assert.ok(site.site.requests.some((r) => r.path === '/comments.json'), 'the static file was read');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a reply from the backend is nested inside its parent comment element', async () => {
  const reply = {
    id: 'r-1',
    parent_id: 'seed-2',
    author: 'Sam',
    body: 'Agreed, Dave.',
    created_at: '2013-08-01T10:00:00Z',
  };
  const nested = { id: 'r-2', parent_id: 'r-1', author: 'Kim', body: 'Me too.', created_at: '2013-08-02T10:00:00Z' };
  const site = await startSite({ comments: [...seeds, reply, nested] });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 5 });
    const thread = await readThread(page);
    const byAuthor = Object.fromEntries(thread.map((c) => [c.author, c]));
    assert.equal(byAuthor.Sam.parent, 'seed-2');
    assert.equal(byAuthor.Kim.parent, 'r-1');
    assert.equal(byAuthor.Dave.parent, null);
    assert.equal(byAuthor.Lee.parent, null);
    const insideDave = await page
      .locator('[data-testid=comment][data-comment-id="seed-2"] [data-testid=comment-author]')
      .allTextContents();
    assert.deepEqual(insideDave.map((t) => t.trim()), ['Dave', 'Sam', 'Kim']);
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '5 comments');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('comment text is shown as text, never as HTML', async () => {
  const hostile = '<img src=x onerror=window.__xss=1>';
  const author = '<b id=bold>Mallory</b>';
  const site = await startSite({
    comments: [...seeds, { id: 'x-1', parent_id: null, author, body: hostile, created_at: '2013-08-01T10:00:00Z' }],
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 4 });
    await sleep(200);
    const item = page.locator('[data-testid=comment][data-comment-id="x-1"]');
    assert.equal(await item.locator('[data-testid=comment-body]').textContent(), hostile);
    assert.equal((await item.locator('[data-testid=comment-author]').textContent()).trim(), author);
    assert.equal(await page.locator('[data-testid=comments] img').count(), 0);
    assert.equal(await page.locator('#bold').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('posting a comment sends the JSON contract with Idempotency-Key, and a 201 shows it', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await postComment(page, { author: '  Alex  ', body: 'Solidarity from Leeds.' });
    await waitFor(() => commentPosts(site.backend).length === 1, { message: 'POST /comments' });
    const request = commentPosts(site.backend)[0];
    assert.match(request.headers['content-type'], /^application\/json/);
    assert.deepEqual(Object.keys(request.json).sort(), ['author', 'body', 'id', 'lang', 'parent_id']);
    assert.match(request.json.id, UUID_V4);
    assert.deepEqual(
      { ...request.json, id: undefined },
      { id: undefined, parent_id: null, author: 'Alex', body: 'Solidarity from Leeds.', lang: 'en' },
    );
    // The key is a secret of this device (only its retry is answered with a delete token).
    assert.match(request.headers['idempotency-key'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(request.headers['idempotency-key'], request.json.id);

    await waitForComments(page, { min: 4 });
    const thread = await readThread(page);
    const mine = thread.find((c) => c.id === request.json.id);
    assert.ok(mine, `the new comment is in the thread: ${JSON.stringify(thread)}`);
    assert.deepEqual({ author: mine.author, body: mine.body, parent: mine.parent }, { author: 'Alex', body: 'Solidarity from Leeds.', parent: null });
    await waitForText(page, '[data-testid=comment-count]', '4 comments');
    await waitForText(page, '[data-testid=comment-status]', 'Your comment has been published.');
    assert.equal(await page.inputValue('[data-testid=comment-form] [name=body]'), '', 'the comment box is emptied');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a 202 answer says the comment awaits a moderator (English)', async () => {
  const site = await startSite({
    respond: (request) => (request.method === 'POST' ? { status: 202, body: { id: request.json?.id, status: 'pending' } } : undefined),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await postComment(page, { author: 'Alex', body: 'Please publish me.' });
    await waitForText(page, '[data-testid=comment-status]', 'moderator');
    assert.equal(commentPosts(site.backend).length, 1);
    // Shown to its writer as awaiting moderation, with no Reply button.
    const id = commentPosts(site.backend)[0].json.id;
    const mine = page.locator(`[data-testid=comment][data-comment-id="${id}"]`);
    await mine.waitFor({ timeout: 5000 });
    assert.match(await mine.textContent(), /Awaiting moderation/);
    assert.equal(await mine.locator('button').count(), 0);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a 202 answer says the comment awaits a moderator (Russian)', async () => {
  const site = await startSite({
    respond: (request) => (request.method === 'POST' ? { status: 202, body: { id: request.json?.id, status: 'pending' } } : undefined),
  });
  const page = await openPage(`${site.url}ru/`, { locale: 'ru-RU' });
  try {
    await waitForComments(page, { min: 3 });
    await postComment(page, { author: 'Алёна', body: 'Мы с вами.' });
    await waitForText(page, '[data-testid=comment-status]', 'модератором');
    const request = commentPosts(site.backend)[0];
    assert.equal(request.json.lang, 'ru');
    assert.equal(request.json.author, 'Алёна');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test("replying to Dave sends Dave's id as parent_id and nests the reply inside Dave's comment", async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await replyButton(page, 'Dave').click();
    await waitForText(page, '[data-testid=replying-to]', 'Dave');
    assert.match((await page.textContent('[data-testid=replying-to]')).trim(), /Replying to Dave/);
    await postComment(page, { author: 'Jo', body: 'Good list, Dave.' });
    await waitFor(() => commentPosts(site.backend).length === 1, { message: 'POST /comments' });
    const request = commentPosts(site.backend)[0];
    assert.equal(request.json.parent_id, 'seed-2');
    // The key is a secret of this device (only its retry is answered with a delete token).
    assert.match(request.headers['idempotency-key'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(request.headers['idempotency-key'], request.json.id);

    await waitForComments(page, { min: 4 });
    const inDave = page.locator('[data-testid=comment][data-comment-id="seed-2"] [data-testid=comment]');
    await inDave.first().waitFor({ timeout: 10_000 });
    assert.equal((await inDave.locator('[data-testid=comment-author]').first().textContent()).trim(), 'Jo');
    assert.equal(await inDave.locator('[data-testid=comment-body]').first().textContent(), 'Good list, Dave.');
    assert.equal(await page.locator('[data-testid=replying-to]').count(), 0, 'the reply target is cleared');
    await waitForText(page, '[data-testid=comment-count]', '4 comments');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('cancelling a reply posts a top-level comment', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await replyButton(page, 'Lee').click();
    await page.locator('[data-testid=replying-to] button').click();
    assert.equal(await page.locator('[data-testid=replying-to]').count(), 0);
    await postComment(page, { author: 'Jo', body: 'Top level.' });
    await waitFor(() => commentPosts(site.backend).length === 1);
    assert.equal(commentPosts(site.backend)[0].json.parent_id, null);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('an empty comment is not sent: messages, aria-invalid and aria-describedby', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await page.locator('[data-testid=comment-form] button[type=submit]').click();
    await waitForAttribute(page, '[data-testid=comment-form] [name=author]', 'aria-invalid', 'true');
    const fields = await page.evaluate(() =>
      ['author', 'body'].map((name) => {
        const control = document.querySelector(`[data-testid=comment-form] [name=${name}]`);
        const described = (control.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id))
          .filter((el) => el && !el.hidden)
          .map((el) => el.textContent.trim());
        return { name, invalid: control.getAttribute('aria-invalid'), described };
      }),
    );
    assert.deepEqual(fields, [
      { name: 'author', invalid: 'true', described: ['Please enter your name.', 'A pseudonym is welcome.'] },
      { name: 'body', invalid: 'true', described: ['Please write a comment.'] },
    ]);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'author');
    await sleep(300);
    assert.equal(commentPosts(site.backend).length, 0, 'nothing sent');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a failed comment post shows the server message and keeps the text', async () => {
  const site = await startSite({
    respond: (request) => (request.method === 'POST' ? { status: 422, body: { error: 'Comment rejected', field: 'body' } } : undefined),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    await postComment(page, { author: 'Jo', body: 'Keep me.' });
    await waitForText(page, '[data-testid=comment-status]', 'Comment rejected');
    assert.equal(await page.inputValue('[data-testid=comment-form] [name=body]'), 'Keep me.');
    assert.equal(await page.locator('[data-testid=comment]').count(), 3);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('the default dist config falls back to comments.json when /api/comments is missing', async () => {
  // The built config.json as is: relative endpoints on the page's own origin, which
  // has no API, so the comments come from the static file.
  const site = await startStatic();
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '3 comments');
    assert.ok(site.requests.some((r) => r.path === '/config.json'));
    assert.ok(site.requests.some((r) => r.path.startsWith('/api/comments')));
    assert.ok(site.requests.some((r) => r.path === '/comments.json'));
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});



