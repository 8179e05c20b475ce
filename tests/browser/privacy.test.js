// Privacy: the page talks only to its own origin and the configured backends, sets no
// cookies, and stores nothing but the language choice, text drafts and the outbox (in the
// tab's sessionStorage under the default "leave no trace").

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './lib/servers.js';
import { openPage, closeBrowser, noErrors, fillSupport, submitSupport, postComment, waitForAttribute } from './lib/browser.js';

after(async () => {
  await closeBrowser();
});

test('a full visit reaches only the page origin and the configured backend, with no cookies', async () => {
  const site = await startSite();
  const page = await openPage(site.url);
  try {
    await page.getByTestId('lang-ru').click();
    await page.getByTestId('lang-en').click();
    await postComment(page, { author: 'Anna', body: 'Solidarity from Manchester' });
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
    await fillSupport(page, { name: 'Anna', email: 'anna@example.org', message: 'We stand with you', consent: true });
    await page.locator('[data-testid=support-form] [name=location]').fill('Manchester');
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');

    const allowed = new Set([new URL(site.url).origin, new URL(site.backend.url).origin]);
    const origins = new Set(page.requests.map((r) => new URL(r.url).origin));
    assert.deepEqual([...origins].filter((o) => !allowed.has(o)), [], 'no third-party request');
    assert.ok(origins.has(new URL(site.backend.url).origin), 'the backend was reached');

    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(await page.context().cookies(), []);
    // "Leave no trace" is the default: nothing of the page's on the device, only in the tab.
    const local = await page.evaluate(() => Object.keys(localStorage));
    assert.deepEqual(local.filter((k) => k.startsWith('solidarity.')), [], `nothing in localStorage: ${local}`);
    const keys = await page.evaluate(() => Object.keys(sessionStorage));
    const expected = /^solidarity\.(lang(\.(en|ru))?|outbox|draft\.(support|comment)|reporter|no_trace|endpoint\..+)$/;
    assert.deepEqual(keys.filter((k) => !expected.test(k)), [], `only known keys: ${keys}`);
    assert.ok(keys.includes('solidarity.lang'), 'the language choice is kept for the tab');
    const outbox = JSON.parse((await page.evaluate(() => sessionStorage.getItem('solidarity.outbox'))) ?? '{"entries":[]}');
    assert.deepEqual(outbox.entries, [], 'a delivered message leaves the outbox');
    const remembered = JSON.stringify(outbox.delivered ?? []);
    assert.ok(!remembered.includes('We stand with you') && !remembered.includes('anna@example.org'), 'only ids and statuses are remembered');
    const referers = site.backend.requests.map((r) => r.headers.referer).filter(Boolean);
    assert.deepEqual(referers, [], 'no Referer leaks the page address to the backend');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});
