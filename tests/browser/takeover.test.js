// The moment the app takes over the prerendered page (src/mount/takeover.rs): it renders
// client-side and replaces the static markup, so what the reader did on the static page
// while the WebAssembly was on its way must survive it: typed text in both forms, a
// ticked box, focus and the caret, and the app must know the text (counter, sending).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, waitFor } from './lib/servers.js';
import { closeBrowser, openPage, noErrors, waitForApp, waitForText, waitForAttribute, submitSupport, TIMEOUT } from './lib/browser.js';

after(async () => {
  await closeBrowser();
});

/** The standalone page with every .wasm request held back until `release()`. */
async function openHeld(site) {
  const page = await openPage('about:blank', { wait: false });
  const waiting = [];
  let releasing = false;
  await page.route('**/*.wasm', (route) => (releasing ? route.continue() : waiting.push(route)));
  await page.goto(site.url, { waitUntil: 'load', timeout: TIMEOUT });
  const release = async () => {
    releasing = true;
    for (const route of waiting.splice(0)) await route.continue();
  };
  return { page, release, held: () => waiting.length };
}

const state = (page) =>
  page.evaluate(() => {
    const support = document.querySelector('[data-testid=support-form]');
    const comment = document.querySelector('[data-testid=comment-form]');
    const active = document.activeElement;
    return {
      name: support.querySelector('[name=name]').value,
      message: support.querySelector('[name=message]').value,
      consent: support.querySelector('[name=consent]').checked,
      author: comment.querySelector('[name=author]').value,
      body: comment.querySelector('[name=body]').value,
      focused: active?.getAttribute('name') ?? active?.tagName ?? null,
      inForm: active?.closest('form')?.getAttribute('data-testid') ?? null,
      caret: [active?.selectionStart ?? null, active?.selectionEnd ?? null],
    };
  });

test('typed text, a ticked box, focus and the caret survive the app taking over', async () => {
  const site = await startSite();
  const { page, release, held } = await openHeld(site);
  try {
    await waitFor(() => held() > 0, { message: 'the page asked for the wasm' });
    assert.equal(await page.locator('[data-solidarity-mounted]').count(), 0, 'not taken over yet');
    const comment = page.locator('[data-testid=comment-form]');
    await comment.locator('[name=author]').fill('Вера');
    await comment.locator('[name=body]').fill('Я с вами');
    const support = page.locator('[data-testid=support-form]');
    await support.locator('[name=name]').fill('Ana');
    await support.locator('[name=consent]').setChecked(true);
    await support.locator('[name=message]').fill('Typed before the app arrived');
    // The reader is mid-word: the caret (a selection here) is inside the message.
    await support.locator('[name=message]').evaluate((area) => area.setSelectionRange(6, 12));
    const before = await state(page);
    assert.deepEqual(before.caret, [6, 12]);
    // The article the reader already sees: its nodes are kept, not replaced by a copy.
    await page.evaluate(() => {
      window.__paintedTitle = document.querySelector('[data-testid=article] h1');
      window.__paintedArticle = document.querySelector('[data-testid=article]');
      window.__paintedRoot = document.querySelector('.solidarity');
    });

    await release();
    await waitForApp(page);
    // Also once the other language's fragment has arrived (it must not re-create the article).
    await waitFor(async () => (await page.evaluate(() => performance.getEntriesByType('resource').some((r) => /fragment-ru\.html$/.test(r.name)))), {
      message: 'the other language was fetched',
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    assert.equal(
      await page.evaluate(() => document.querySelector('[data-testid=article] h1') === window.__paintedTitle),
      true,
      'the painted article title is the same node after the take-over',
    );
    assert.equal(await page.evaluate(() => window.__paintedTitle.closest('[data-solidarity-mounted]') !== null), true);
    // Nor are the article element and the root holding it: moving them would make the
    // browser lay the painted article out and paint it again.
    assert.deepEqual(
      await page.evaluate(() => [
        document.querySelector('[data-testid=article]') === window.__paintedArticle,
        document.querySelector('.solidarity') === window.__paintedRoot,
        document.querySelectorAll('[data-testid=article]').length,
      ]),
      [true, true, 1],
      'the article and the root are the prerendered elements, and the only article',
    );
    const afterTakeover = await state(page);
    assert.deepEqual(afterTakeover, before, 'nothing the reader did was lost');
    assert.equal(afterTakeover.focused, 'message');
    assert.equal(afterTakeover.inForm, 'support-form');

    // The app has the text, not only the field: the counter counts it and it is sent.
    const left = 2000 - 'Typed before the app arrived'.length;
    await waitForText(page, '[data-testid=support-form] [id$="-message-hint"]', String(left));
    // Typing goes on where the reader was: over the selected word.
    await page.keyboard.type('!');
    assert.equal(await support.locator('[name=message]').inputValue(), 'Typed ! the app arrived');
    await submitSupport(page);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
    const posts = site.backend.requests.filter((r) => r.method === 'POST' && r.pathname.startsWith('/messages'));
    assert.equal(posts.length, 1);
    const sent = JSON.parse(posts[0].text);
    // Sent at all means the app knew the box was ticked (consent is required).
    assert.equal(sent.message, 'Typed ! the app arrived');
    assert.equal(sent.name, 'Ana');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a field the reader did not touch keeps the saved draft, one they typed in wins', async () => {
  const site = await startSite();
  const page = await openPage('about:blank', { wait: false });
  const waiting = [];
  let releasing = false;
  try {
    await page.goto(site.url, { waitUntil: 'load' });
    await waitForApp(page);
    // Drafts saved on this device by an earlier visit; the support one from an older page
    // that still stored identity, which is never restored (review M8).
    await page.evaluate(() => {
      localStorage.setItem(
        'solidarity.draft.support',
        JSON.stringify({ name: 'Saved', email: '', location: 'Saved city', message: 'Saved draft', consent: true, email_required: false }),
      );
      localStorage.setItem('solidarity.draft.comment', JSON.stringify({ author: 'Saved author', body: 'Saved comment' }));
    });
    await page.route('**/*.wasm', (route) => (releasing ? route.continue() : waiting.push(route)));
    await page.reload({ waitUntil: 'load' });
    await waitFor(() => waiting.length > 0, { message: 'the page asked for the wasm' });
    await page.locator('[data-testid=support-form] [name=message]').fill('Typed now');
    releasing = true;
    for (const route of waiting.splice(0)) await route.continue();
    await waitForApp(page);
    const support = page.locator('[data-testid=support-form]');
    const comment = page.locator('[data-testid=comment-form]');
    // Typed on the static page: wins over the draft.
    assert.equal(await support.locator('[name=message]').inputValue(), 'Typed now');
    // Untouched: the draft's values.
    assert.equal(await support.locator('[name=consent]').isChecked(), true);
    assert.equal(await comment.locator('[name=body]').inputValue(), 'Saved comment');
    // Identity is not part of a draft, whatever an older page stored.
    assert.equal(await support.locator('[name=name]').inputValue(), '');
    assert.equal(await support.locator('[name=location]').inputValue(), '');
    assert.equal(await comment.locator('[name=author]').inputValue(), '');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});
