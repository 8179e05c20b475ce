// The staff console (/admin) end to end: the real server binary with a real SQLite file,
// Debian Chromium. Staff accounts come from the real `staff add` CLI. Covers sign-in by
// keyboard, approving a comment until it shows on the reader page (timed), a staff reply,
// a forged cross-site POST from another origin, the lock-out, a reader report reaching the
// queue, publishing, erasure checked in the download, no reader cookies, axe, Russian.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { listen, closer } from './lib/servers.js';
import { startReferenceServer } from './lib/reference-server.js';
import { openPage, closeBrowser, waitForComments, TIMEOUT } from './lib/browser.js';
import { addStaff, signIn, PASSWORD } from './lib/console.js';
import { axeViolations } from './lib/axe.js';

let server;

before(
  async () => {
    server = await startReferenceServer({ args: ['--moderation', 'pre', '--rate-per-minute', '0', '--org-name', 'The LGF'] });
    await addStaff(server, 'olga', 'moderator');
    await addStaff(server, 'anna', 'admin');
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await closeBrowser();
  await server?.stop();
});

async function api(pathname, { method = 'GET', body } = {}) {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json().catch(() => null), headers: response.headers };
}

async function postComment(author, text, extra = {}) {
  const id = `c-${randomUUID()}`;
  const answer = await api('/api/comments', { method: 'POST', body: { id, author, body: text, lang: 'en', ...extra } });
  assert.equal(answer.status, 202, JSON.stringify(answer.json));
  return id;
}

async function postMessage(email, text) {
  const id = randomUUID();
  const answer = await api('/api/messages', {
    method: 'POST',
    body: { id, name: 'Alёna', email, location: 'Kazan', message: text, lang: 'ru', consent: true },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.json));
  return id;
}

const item = (page, id) => page.locator(`[data-testid=queue-item][data-comment-id="${id}"]`);

test('a moderator signs in by keyboard, approves a pending comment, and readers see it', async () => {
  const text = `Approved in the console ${randomUUID()}`;
  const id = await postComment('Reader One', `${text} <script>alert(1)</script>`);
  const page = await openPage(`${server.url}/admin/`, { wait: false });
  const reader = await openPage(`${server.url}/`, { wait: false });
  try {
    await page.locator('[data-testid=console-login]').waitFor();
    const started = performance.now();
    await page.focus('#username');
    await page.keyboard.type('olga');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/queue/);
    const queued = item(page, id);
    // Shown as text, never as markup.
    assert.match(await queued.locator('.text').textContent(), /<script>alert\(1\)<\/script>/);
    assert.equal(await page.locator('.text script').count(), 0);
    // Keyboard again: focus the Approve button and press Enter.
    await queued.locator('[data-action=approve]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/queue/);
    await item(page, id).waitFor({ state: 'detached' });
    await reader.reload();
    await reader.getByText(text).first().waitFor({ timeout: TIMEOUT });
    const ms = performance.now() - started;
    console.log(`# sign-in to approved comment visible on the reader page: ${ms.toFixed(0)} ms`);
    assert.deepEqual(await reader.context().cookies(), [], 'the reader page sets no cookie');
  } finally {
    await page.close();
    await reader.close();
  }
});

test('a staff reply shows with the organisation badge on the reader page and in the API', async () => {
  const page = await signIn(server, 'olga');
  try {
    await page.goto(`${server.url}/admin/comments?lang=en&q=Lee`);
    const lee = page.locator('[data-testid=comment-item][data-comment-id=seed-3]');
    const reply = `Thank you, Lee ${randomUUID()}`;
    await lee.locator('textarea').fill(reply);
    await lee.locator('[data-action=reply]').click();
    await page.waitForURL(/\/admin\/queue/);
    const { json } = await api('/api/comments?limit=200');
    const stored = json.comments.find((c) => c.body === reply);
    assert.ok(stored, 'the reply is published at once');
    assert.equal(stored.parent_id, 'seed-3');
    assert.equal(stored.badge, 'The LGF');
    assert.ok(json.comments.filter((c) => c.badge).every((c) => c.author === 'olga'), 'only staff replies carry a badge');
    const reader = await openPage(`${server.url}/`);
    try {
      await waitForComments(reader, { min: 4 });
      await reader.getByText(reply).first().waitFor();
      // The page marks it with the organisation's badge; no reader comment has one.
      const badge = reader.locator('[data-testid=comment]', { hasText: reply }).last().locator('[data-testid=staff-badge]');
      assert.equal((await badge.textContent()).trim(), 'The LGF');
      assert.equal(await reader.locator('[data-testid=staff-badge]').count(), 1);
    } finally {
      await reader.close();
    }
    // No reader can post under the organisation's name.
    const fake = await api('/api/comments', { method: 'POST', body: { author: 'The LGF', body: 'fake', lang: 'en' } });
    assert.equal(fake.status, 422);
  } finally {
    await page.close();
  }
});

test('a forged POST from another origin is refused and changes nothing', async () => {
  const id = await postComment('Reader Two', 'Waiting for a moderator');
  const page = await signIn(server, 'olga');
  // The attacker's page auto-submits a form to the console.
  const attacker = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><form method="post" action="${server.url}/admin/comments/${id}/approve"><input name="csrf" value="guess"></form><script>document.forms[0].submit()</script>`);
  });
  const port = await listen(attacker);
  try {
    // localhost vs 127.0.0.1: cross-site, so the Strict cookie stays home; another port on
    // 127.0.0.1 is same-site and the cookie goes along: the origin check must stop both.
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      const answer = page.waitForResponse((r) => r.url().includes(`/admin/comments/${id}/approve`));
      await page.goto(`${origin}/`);
      const response = await answer;
      assert.equal(response.status(), 403, origin);
      await page.getByText('This request did not come from the console').waitFor();
    }
    await page.goto(`${server.url}/admin/queue`);
    await item(page, id).waitFor();
    const { json } = await api('/api/comments?limit=200');
    assert.ok(!json.comments.some((c) => c.id === id), 'still pending');
  } finally {
    await page.close();
    await closer(attacker)();
  }
});

test('a reader report reaches the queue and approving it clears it', async () => {
  const reported = await api('/api/comments/seed-2/report', { method: 'POST', body: { reporter_id: randomUUID() } });
  assert.equal(reported.status, 202);
  const page = await signIn(server, 'olga');
  try {
    const queued = item(page, 'seed-2');
    await queued.waitFor();
    assert.match(await queued.textContent(), /Reported by readers \(1\)/);
    await queued.locator('[data-action=approve]').click();
    await item(page, 'seed-2').waitFor({ state: 'detached' });
    const { json } = await api('/api/comments?limit=200');
    assert.ok(json.comments.some((c) => c.id === 'seed-2'), 'a reported comment stays visible');
  } finally {
    await page.close();
  }
});

test('an admin publishes a consented message and it appears on the wall API', async () => {
  const text = `Publish me ${randomUUID()}`;
  const id = await postMessage('wall@example.org', text);
  const page = await signIn(server, 'anna');
  try {
    await page.goto(`${server.url}/admin/messages?lang=en&q=${encodeURIComponent(text)}`);
    const message = page.locator(`[data-testid=message-item][data-message-id="${id}"]`);
    assert.match(await message.textContent(), /wall@example\.org/, 'admins see the address');
    await message.locator('[data-action=publish]').click();
    await page.waitForURL(/\/admin\/messages/);
    const { json } = await api('/api/messages/published');
    const shown = json.messages.find((m) => m.message === text);
    assert.ok(shown, JSON.stringify(json));
    assert.equal(shown.email, undefined, 'never the e-mail address');
    assert.ok(json.total_received >= 1);
  } finally {
    await page.close();
  }
  // A moderator reads the inbox without addresses and cannot publish.
  const moderator = await signIn(server, 'olga');
  try {
    await moderator.goto(`${server.url}/admin/messages?lang=en&q=${encodeURIComponent(text)}`);
    const message = moderator.locator(`[data-testid=message-item][data-message-id="${id}"]`);
    assert.doesNotMatch(await message.textContent(), /wall@example\.org/);
    assert.equal(await moderator.locator('[data-action=publish]').count(), 0);
  } finally {
    await moderator.close();
  }
});

test('erasure by e-mail removes the person from the download', async () => {
  const email = `erase-${randomUUID()}@example.org`;
  await postMessage(email, 'Please forget me later');
  const page = await signIn(server, 'anna');
  const download = async () => {
    await page.goto(`${server.url}/admin/messages?lang=en`);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-messages-json]')]);
    return JSON.parse(await readFile(await file.path(), 'utf8'));
  };
  try {
    assert.ok((await download()).some((m) => m.email === email));
    await page.goto(`${server.url}/admin/erase?lang=en`);
    await page.fill('#email', email);
    await page.click('[data-action=erase]');
    assert.match(await page.locator('[data-testid=erased]').textContent(), /1 \+ 0/);
    assert.ok(!(await download()).some((m) => m.email === email));
    await page.goto(`${server.url}/admin/audit?lang=en`);
    const log = await page.locator('table').textContent();
    for (const action of ['sign_in', 'export', 'erase']) assert.match(log, new RegExp(action));
    assert.doesNotMatch(log, new RegExp(email), 'the audit log never holds the erased address');
  } finally {
    await page.close();
  }
});

test('axe finds no violations on the console pages, in English and Russian', async () => {
  const page = await openPage(`${server.url}/admin/?lang=ru`, { wait: false });
  try {
    const check = async (what) => {
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 2)}`);
    };
    await check('sign-in (ru)');
    await page.fill('#username', 'anna');
    await page.fill('#password', PASSWORD);
    await page.click('[data-testid=console-login] button');
    await page.waitForURL(/\/admin\/queue\?lang=ru/);
    for (const lang of ['ru', 'en']) {
      for (const pathname of ['/admin/queue', '/admin/comments', '/admin/messages', '/admin/erase', '/admin/audit']) {
        await page.goto(`${server.url}${pathname}?lang=${lang}`);
        await check(`${pathname} (${lang})`);
      }
    }
  } finally {
    await page.close();
  }
});

test('the Russian console: labels, navigation, errors and the language link', async () => {
  const page = await openPage(`${server.url}/admin/?lang=ru`, { wait: false });
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.locator('label[for=username]').textContent(), 'Имя');
    await page.fill('#username', 'olga');
    await page.fill('#password', PASSWORD);
    await page.click('[data-testid=console-login] button');
    await page.waitForURL(/lang=ru/);
    assert.equal(await page.locator('h1').textContent(), 'Очередь модерации');
    await page.goto(`${server.url}/admin/audit?lang=ru`);
    assert.match(await page.locator('[data-testid=console-error]').textContent(), /только администратор/);
    await page.goto(`${server.url}/admin/queue?lang=ru`);
    await page.click('a[hreflang=en]');
    assert.equal(await page.locator('h1').textContent(), 'Moderation queue');
    assert.deepEqual(
      (await page.context().cookies()).map((c) => [c.name, c.path, c.httpOnly, c.sameSite]),
      [['solidarity_console', '/admin', true, 'Strict']],
    );
  } finally {
    await page.close();
  }
});

test('five wrong passwords lock the account, the right one included', async () => {
  // Its own server: the lock also covers this client (127.0.0.1), which the other tests share.
  const own = await startReferenceServer({ args: ['--rate-per-minute', '0'] });
  try {
    await addStaff(own, 'anna', 'admin');
    const page = await openPage(`${own.url}/admin/`, { wait: false });
    try {
      const statuses = [];
      for (const password of ['wrong 1 password', 'wrong 2 password', 'wrong 3 password', 'wrong 4 password', 'wrong 5 password', PASSWORD]) {
        await page.fill('#username', 'anna');
        await page.fill('#password', password);
        const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/admin/login')), page.click('[data-testid=console-login] button')]);
        statuses.push(response.status());
        if (response.status() === 429) {
          const seconds = Number(await response.headerValue('retry-after'));
          assert.ok(seconds > 0 && seconds <= 900, `Retry-After ${seconds}`);
        }
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
      await page.getByText('Too many failed sign-ins').waitFor();
      assert.deepEqual(await page.context().cookies(), []);
    } finally {
      await page.close();
    }
  } finally {
    await own.stop();
  }
});
