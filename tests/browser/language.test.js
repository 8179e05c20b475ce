// The language toggle of a client-rendered instance (a widget; the prerendered pages' links
// are in prerender.test.js): in-place switch, no request, persistence, first-visit choice,
// keyboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, articleContent, sleep } from './lib/servers.js';
import {
  openPage,
  closeBrowser,
  noErrors,
  waitForText,
  waitForAttribute,
  waitForComments,
  TIMEOUT,
} from './lib/browser.js';

let site;
let ru;
before(async () => {
  site = await startSite({ clientRendered: true });
  ru = await articleContent('ru');
});
after(async () => {
  await closeBrowser();
  await site?.close();
});

function pressed(page) {
  return page.evaluate(() => ({
    en: document.querySelector('[data-testid=lang-en]').getAttribute('aria-pressed'),
    ru: document.querySelector('[data-testid=lang-ru]').getAttribute('aria-pressed'),
  }));
}

/** Labels of the support and comment forms, by control name. */
function labels(page) {
  return page.evaluate(() => {
    const out = {};
    for (const control of document.querySelectorAll('[data-testid=support-form] [name]:not([type=hidden]), [data-testid=comment-form] [name]')) {
      const label = control.id && document.querySelector(`label[for="${control.id}"]`);
      out[control.name] = label ? label.textContent.trim() : null;
    }
    return out;
  });
}

async function waitForRussian(page) {
  await waitForAttribute(page, 'html', 'lang', 'ru');
  await waitForText(page, '[data-testid=article] h1', ru.title);
}

test('the toggle starts in English with aria-pressed and every label visible', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    assert.deepEqual(await pressed(page), { en: 'true', ru: 'false' });
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await labels(page), {
      author: 'Your name',
      body: 'Comment',
      name: 'Name',
      email: 'Email (optional)',
      location: 'City or country (optional)',
      message: 'Your message',
      consent: 'I agree that my name, city or country and message may be passed on and shown publicly.',
    });
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '3 comments');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('clicking Русский switches the whole page in place, without navigation or any request', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await waitForComments(page, { min: 3 });
    // Let any late loads finish, then start counting.
    await page.waitForLoadState('networkidle', { timeout: TIMEOUT });
    await page.evaluate(() => {
      window.__marker = 1;
    });
    const before = page.requests.length;
    const backendBefore = site.backend.all.length;
    const staticBefore = site.site.requests.length;

    await page.click('[data-testid=lang-ru]');
    await waitForRussian(page);
    await sleep(300);

    assert.equal(await page.evaluate(() => window.__marker), 1, 'the page was not reloaded');
    assert.deepEqual(page.requests.slice(before), [], 'no request issued by the click');
    assert.equal(site.backend.all.length, backendBefore, 'backend saw no request');
    assert.equal(site.site.requests.length, staticBefore, 'static server saw no request');

    assert.deepEqual(await pressed(page), { en: 'false', ru: 'true' });
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.getAttribute('[data-testid=article]', 'lang'), 'ru');
    const h1 = (await page.textContent('[data-testid=article] h1')).trim();
    assert.equal(h1, ru.title);
    assert.match(h1, /[А-Яа-яЁё]/);
    assert.equal(await page.title(), ru.title);
    assert.equal((await page.textContent('[data-testid=article] time')).trim(), '30\u00a0июля 2013\u00a0г.');
    assert.deepEqual(await labels(page), {
      author: 'Ваше имя',
      body: 'Комментарий',
      name: 'Имя',
      email: 'Электронная почта (необязательно)',
      location: 'Город или страна (необязательно)',
      message: 'Ваше сообщение',
      consent: 'Даю согласие на передачу и\u00a0публичный показ моего имени, города или страны и\u00a0сообщения.',
    });
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '3\u00a0комментария');
    const replies = await page.$$eval('[data-testid=comment] button', (bs) => bs.map((b) => b.textContent.trim()));
    assert.deepEqual(replies, ['Ответить', 'Пожаловаться', 'Ответить', 'Пожаловаться', 'Ответить', 'Пожаловаться']);
    // The seed's comments have no dates (none is invented), and stay marked as English.
    assert.equal(await page.locator('[data-testid=comment] time').count(), 0);
    const langs = await page.$$eval('[data-testid=comment-body]', (bs) => bs.map((b) => b.getAttribute('lang')));
    assert.deepEqual(langs, ['en', 'en', 'en']);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('solidarity.lang')), 'ru', 'kept in the tab under no-trace');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('switching back to English restores English text', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await page.click('[data-testid=lang-ru]');
    await waitForRussian(page);
    await page.click('[data-testid=lang-en]');
    await waitForAttribute(page, 'html', 'lang', 'en');
    await waitForText(page, '[data-testid=article] h1', 'Solidarity with LGBT Russia');
    assert.deepEqual(await pressed(page), { en: 'true', ru: 'false' });
    assert.equal(await page.getAttribute('[data-testid=article]', 'lang'), 'en');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('solidarity.lang')), 'en');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('the chosen language persists across a reload (solidarity.lang, in the tab under no-trace)', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await page.click('[data-testid=lang-ru]');
    await waitForRussian(page);
    await page.reload({ waitUntil: 'load' });
    await waitForRussian(page);
    assert.deepEqual(await pressed(page), { en: 'false', ru: 'true' });
    assert.equal(await page.getAttribute('[data-testid=article]', 'lang'), 'ru');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('a stored choice wins over navigator.languages', async () => {
  const page = await openPage(site.url, { locale: 'ru-RU', storage: { 'solidarity.lang': 'en' } });
  try {
    await waitForText(page, '[data-testid=article] h1', 'Solidarity with LGBT Russia');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await pressed(page), { en: 'true', ru: 'false' });
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('first visit with navigator.languages ru-RU opens in Russian', async () => {
  const page = await openPage(site.url, { locale: 'ru-RU' });
  try {
    assert.deepEqual(await page.evaluate(() => navigator.languages[0]), 'ru-RU');
    await waitForRussian(page);
    assert.deepEqual(await pressed(page), { en: 'false', ru: 'true' });
    await waitForComments(page, { min: 3 });
    assert.equal((await page.textContent('[data-testid=comment-count]')).trim(), '3\u00a0комментария');
    assert.equal(await page.evaluate(() => localStorage.getItem('solidarity.lang') ?? sessionStorage.getItem('solidarity.lang')), null, 'nothing stored without a choice');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('first visit with navigator.languages en-GB opens in English', async () => {
  const page = await openPage(site.url, { locale: 'en-GB' });
  try {
    assert.deepEqual(await page.evaluate(() => navigator.languages[0]), 'en-GB');
    await waitForText(page, '[data-testid=article] h1', 'Solidarity with LGBT Russia');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await pressed(page), { en: 'true', ru: 'false' });
    noErrors(page);
  } finally {
    await page.close();
  }
});

/** Presses Tab until the focused element is `testid`, at most `limit` times. */
async function tabTo(page, testid, limit = 10) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (focused === testid) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

test('keyboard: Tab to the toggle and Enter switches to Russian', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await tabTo(page, 'lang-ru');
    await page.keyboard.press('Enter');
    await waitForRussian(page);
    assert.deepEqual(await pressed(page), { en: 'false', ru: 'true' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'lang-ru',
      'focus stays on the toggle',
    );
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('keyboard: Space on the English button switches back', async () => {
  const page = await openPage(site.url, { locale: 'ru-RU' });
  try {
    await waitForRussian(page);
    await tabTo(page, 'lang-en');
    await page.keyboard.press('Space');
    await waitForAttribute(page, 'html', 'lang', 'en');
    await waitForText(page, '[data-testid=article] h1', 'Solidarity with LGBT Russia');
    assert.deepEqual(await pressed(page), { en: 'true', ru: 'false' });
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('switching language keeps what the reader typed in the forms', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await page.fill('[data-testid=support-form] [name=message]', 'We stand with you');
    await page.fill('[data-testid=comment-form] [name=body]', 'Solidarity');
    await page.click('[data-testid=lang-ru]');
    await waitForRussian(page);
    assert.equal(await page.inputValue('[data-testid=support-form] [name=message]'), 'We stand with you');
    assert.equal(await page.inputValue('[data-testid=comment-form] [name=body]'), 'Solidarity');
    noErrors(page);
  } finally {
    await page.close();
  }
});
