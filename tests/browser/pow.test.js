// Proof of work with the reference server (`--pow-difficulty`): the page's first POST is
// answered 428 with a challenge; the page solves it in its Web Worker (/pow-worker.js)
// and sends the same message (same id) again with the solution; the message arrives.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { waitFor } from './lib/servers.js';
import { startReferenceServer } from './lib/reference-server.js';
import { openPage, closeBrowser, TIMEOUT } from './lib/browser.js';

const DIFFICULTY = 14;
let reference;

before(
  async () => {
    reference = await startReferenceServer({ args: ['--pow-difficulty', String(DIFFICULTY), '--rate-per-minute', '0'] });
  },
  { timeout: 30 * 60_000 },
);

after(async () => {
  await closeBrowser();
  await reference?.stop();
});

/** Whether a SHA-256 digest, read as a 256-bit number, has `bits` leading zero bits. */
const leadingZeros = (digest, bits) => BigInt(`0x${digest.toString('hex')}`) >> BigInt(256 - bits) === 0n;

test('the page solves the proof of work in a worker and the message arrives', async () => {
  const page = await openPage(`${reference.url}/`, { locale: 'en-US' });
  try {
    const posts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/messages') {
        posts.push({ json: JSON.parse(request.postData() ?? '{}'), status: null });
      }
    });
    page.on('response', (response) => {
      const request = response.request();
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/messages') {
        const entry = posts.find((p) => p.status === null);
        if (entry) entry.status = response.status();
      }
    });
    const form = page.locator('[data-testid=support-form]');
    await form.locator('[name=name]').fill('Robin');
    await form.locator('[name=message]').fill('Solidarity, with a little work.');
    await form.locator('[name=consent]').setChecked(true);
    await form.locator('button[type=submit]').click();
    await waitFor(async () => (await page.getAttribute('[data-testid=support-status]', 'data-state')) === 'sent', {
      timeout: TIMEOUT,
      interval: 20,
      message: 'support-status data-state became "sent"',
    }).catch(async (error) => {
      throw new Error(`${error.message}; posts ${JSON.stringify(posts)}; text ${await page.textContent('[data-testid=support-status]')}\n${reference.log()}`);
    });
    assert.equal(posts.length, 2, `one refused and one solved POST: ${JSON.stringify(posts)}`);
    const [first, second] = posts;
    assert.equal(first.status, 428);
    assert.equal(first.json.pow, undefined);
    assert.equal(second.status, 201);
    assert.equal(second.json.id, first.json.id, 'the retry keeps the message id');
    const { challenge, solution } = second.json.pow;
    const hash = createHash('sha256').update(`${challenge}:${second.json.id}:${solution}`).digest();
    assert.ok(leadingZeros(hash, DIFFICULTY), `a real solution: ${hash.toString('hex')}`);
    assert.ok(
      page.requests.some((r) => new URL(r.url).pathname === '/pow-worker.js'),
      'the worker script was loaded',
    );
    assert.deepEqual(page.pageErrors, []);

    const { stdout } = await reference.run(['export', '--db', reference.db, '--format', 'json']);
    const stored = JSON.parse(stdout).filter((m) => m.id === second.json.id);
    assert.equal(stored.length, 1, `the message was stored once: ${stdout}`);
    assert.equal(stored[0].message, 'Solidarity, with a little work.');
  } finally {
    await page.close();
  }
});
