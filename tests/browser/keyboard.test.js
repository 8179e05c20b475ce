// A keyboard-only journey: no mouse, no .click(), no .fill() — only Tab, Shift+Tab, Enter,
// Space and typed text. Read the article (focus reaches its links), switch to Russian with
// the toggle, post a comment, submit the support form empty (focus goes to the first
// invalid field), fill it in, tick consent with Space, send it (focus goes to the status).
// Every element focused on the way shows a visible focus indicator. With
// prefers-reduced-motion: reduce nothing in the widget has a transition.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, waitFor, sleep } from './lib/servers.js';
import {
  openPage,
  closeBrowser,
  launchBrowser,
  noErrors,
  waitForApp,
  waitForComments,
  waitForAttribute,
  waitForText,
  TIMEOUT,
} from './lib/browser.js';

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await closeBrowser();
  await site?.close();
});

/** What the focused element is, and whether its focus is visible. */
function focused(page) {
  return page.evaluate(() => {
    let e = document.activeElement;
    while (e?.shadowRoot?.activeElement) e = e.shadowRoot.activeElement;
    if (!e || e === document.body || e === document.documentElement) return { tag: 'BODY', testid: null, indicator: false, label: 'body' };
    const style = getComputedStyle(e);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const own = e.getAttribute('data-testid');
    const testid = own ?? e.closest('[data-testid]')?.getAttribute('data-testid') ?? null;
    const text = (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return {
      tag: e.tagName,
      testid,
      own,
      name: e.getAttribute('name'),
      type: e.getAttribute('type'),
      inArticle: Boolean(e.closest('[data-testid=article]')),
      focusVisible: e.matches(':focus-visible'),
      indicator: Boolean(outline || shadow),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      boxShadow: style.boxShadow,
      label: `${e.tagName.toLowerCase()}${own ? `[data-testid=${own}]` : ''}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''} in ${testid} "${text}"`,
    };
  });
}

/**
 * Presses `key` (Tab / Shift+Tab) until the focused element satisfies `wanted`, at most
 * `max` times. Every element focused on the way is pushed to `trail`.
 */
async function tabUntil(page, wanted, trail, { key = 'Tab', max = 40, what = 'the wanted element' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    trail.push(f);
    seen.push(f.label);
    if (wanted(f)) return f;
  }
  throw new Error(`pressing ${key} ${max} times never reached ${what}; focus went through:\n${seen.join('\n')}`);
}

const isSubmitOf = (testid) => (f) => f.tag === 'BUTTON' && f.type === 'submit' && f.testid === testid;
const isField = (testid, name) => (f) => f.testid === testid && f.name === name;

test('keyboard only: read, switch to Russian, comment, fix the empty support form, send', async () => {
  const page = await openPage(site.url, { locale: 'en-US' });
  const trail = [];
  try {
    await waitForComments(page, { min: 3 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

    // 1. Read the article: Tab from the top reaches the links inside it.
    const toggleEn = await tabUntil(page, (f) => f.own === 'lang-en' || f.own === 'lang-ru', trail, { what: 'the language toggle' });
    assert.ok(toggleEn.indicator, `the language toggle shows a focus indicator: ${JSON.stringify(toggleEn)}`);
    // The article links only where the seed gives a target (today none: the invented ones
    // were removed in issue 14); any it has are reached by Tab, in order.
    const linksInArticle = await page.evaluate(() => document.querySelectorAll('[data-testid=article] a[href]').length);
    if (linksInArticle > 0) {
      const firstLink = await tabUntil(page, (f) => f.tag === 'A' && f.inArticle, trail, { what: 'a link in the article' });
      assert.ok(firstLink.indicator, `the article link shows a focus indicator: ${JSON.stringify(firstLink)}`);
      let linksReached = 1;
      for (let i = 1; i < linksInArticle; i++) {
        const f = await tabUntil(page, () => true, trail, { max: 1 });
        if (f.tag === 'A' && f.inArticle) linksReached += 1;
      }
      assert.equal(linksReached, linksInArticle, 'each link in the article is reached by Tab, in order');
    }

    // 2. Back to the Russian toggle with Shift+Tab and switch with Enter.
    const toggleRu = await tabUntil(page, (f) => f.own === 'lang-ru', trail, { key: 'Shift+Tab', what: 'the Russian toggle' });
    assert.ok(toggleRu.indicator, `the Russian toggle shows a focus indicator: ${JSON.stringify(toggleRu)}`);
    // The prerendered page's toggle: links between the two pages, the shown one aria-current.
    assert.equal(await page.getAttribute('[data-testid=lang-ru]', 'aria-current'), null);
    await page.keyboard.press('Enter');
    await waitForAttribute(page, '[data-testid=lang-ru]', 'aria-current', 'page');
    await waitForAttribute(page, '[data-testid=lang-en]', 'aria-current', null);
    await waitFor(() => page.evaluate(() => document.documentElement.lang === 'ru'), { message: '<html lang> became ru' });
    const afterSwitch = await focused(page);
    assert.equal(afterSwitch.own, 'lang-ru', `focus stays on the toggle after switching: ${afterSwitch.label}`);
    assert.ok(afterSwitch.indicator, 'the pressed toggle still shows its focus indicator');

    // 3. Tab to the comment form, type, Tab to the submit button, press Enter.
    const author = await tabUntil(page, isField('comment-form', 'author'), trail, { what: 'the comment author field' });
    assert.ok(author.indicator, `the author field shows a focus indicator: ${JSON.stringify(author)}`);
    await page.keyboard.type('Клавиатура');
    await tabUntil(page, isField('comment-form', 'body'), trail, { max: 3, what: 'the comment body field' });
    await page.keyboard.type('Комментарий, набранный с клавиатуры.');
    const post = await tabUntil(page, isSubmitOf('comment-form'), trail, { max: 3, what: 'the comment submit button' });
    assert.ok(post.indicator, `the comment submit button shows a focus indicator: ${JSON.stringify(post)}`);
    const before = site.backend.requests.length;
    await page.keyboard.press('Enter');
    const posted = await waitFor(
      () => site.backend.requests.slice(before).find((r) => r.method === 'POST' && r.pathname === '/comments'),
      { timeout: TIMEOUT, message: 'the backend received the comment' },
    );
    assert.equal(posted.json?.author, 'Клавиатура');
    assert.equal(posted.json?.body, 'Комментарий, набранный с клавиатуры.');
    await waitForAttribute(page, '[data-testid=comment-status]', 'data-state', 'sent');
    await waitFor(async () => (await focused(page)).own === 'comment-status', {
      timeout: 5_000,
      message: 'focus moved to the comment status after the send',
    });
    assert.match(await page.textContent('[data-testid=comment-status]'), /[А-Яа-яЁё]/, 'the comment status is in Russian');

    // 4. Tab on to the support form's submit button and submit it empty with Enter.
    const send = await tabUntil(page, isSubmitOf('support-form'), trail, { what: 'the support submit button' });
    assert.ok(send.indicator, `the support submit button shows a focus indicator: ${JSON.stringify(send)}`);
    const beforeEmpty = site.backend.requests.length;
    await page.keyboard.press('Enter');
    await waitForAttribute(page, '[data-testid=support-form] [name=name]', 'aria-invalid', 'true');
    await waitFor(async () => {
      const f = await focused(page);
      return f.testid === 'support-form' && f.name === 'name';
    }, { timeout: 5_000, message: 'focus moved to the first invalid field (name)' }).catch(async (error) => {
      throw new Error(`${error.message}; focus is on ${(await focused(page)).label}`);
    });
    const nameField = await focused(page);
    assert.ok(nameField.indicator, `the invalid name field shows a focus indicator: ${JSON.stringify(nameField)}`);
    await sleep(300);
    assert.equal(
      site.backend.requests.slice(beforeEmpty).filter((r) => r.method === 'POST' && r.pathname === '/messages').length,
      0,
      'an empty form sends nothing',
    );

    // 5. Fill it in by typing; Tab between fields; Space ticks consent; Enter sends.
    await page.keyboard.type('Алёна');
    await tabUntil(page, isField('support-form', 'email'), trail, { max: 3, what: 'the email field' });
    await page.keyboard.type('alena@example.org');
    await tabUntil(page, isField('support-form', 'location'), trail, { max: 3, what: 'the location field' });
    await page.keyboard.type('Москва');
    await tabUntil(page, isField('support-form', 'message'), trail, { max: 3, what: 'the message field' });
    await page.keyboard.type('Мы с вами.');
    const consent = await tabUntil(page, isField('support-form', 'consent'), trail, { max: 3, what: 'the consent checkbox' });
    assert.ok(consent.indicator, `the consent checkbox shows a focus indicator: ${JSON.stringify(consent)}`);
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('[data-testid=support-form] [name=consent]'), true, 'Space ticked the consent box');
    await tabUntil(page, isSubmitOf('support-form'), trail, { max: 3, what: 'the support submit button' });
    const beforeSend = site.backend.requests.length;
    await page.keyboard.press('Enter');
    const message = await waitFor(
      () => site.backend.requests.slice(beforeSend).find((r) => r.method === 'POST' && r.pathname === '/messages'),
      { timeout: TIMEOUT, message: 'the backend received the message' },
    );
    assert.equal(message.json?.name, 'Алёна');
    assert.equal(message.json?.email, 'alena@example.org');
    assert.equal(message.json?.location, 'Москва');
    assert.equal(message.json?.message, 'Мы с вами.');
    assert.equal(message.json?.lang, 'ru');
    assert.equal(message.json?.consent, true);
    await waitForAttribute(page, '[data-testid=support-status]', 'data-state', 'sent');
    await waitForText(page, '[data-testid=support-status]', 'Спасибо');
    await waitFor(async () => (await focused(page)).own === 'support-status', {
      timeout: 5_000,
      message: 'focus moved to the support status after the send',
    }).catch(async (error) => {
      throw new Error(`${error.message}; focus is on ${(await focused(page)).label}`);
    });
    const status = await focused(page);
    assert.equal(status.own, 'support-status', 'the status element itself has focus');

    // Every element Tab reached on the way showed a visible focus indicator.
    const invisible = trail.filter((f) => f.tag !== 'BODY' && !f.indicator).map((f) => `${f.label} (outline ${f.outline}, box-shadow ${f.boxShadow})`);
    assert.deepEqual(invisible, [], 'elements focused by keyboard without a visible indicator');
    noErrors(page);
  } finally {
    await page.close();
  }
});

/** Every element of the widget whose transition-duration (any entry) is not zero. */
function movingElements(page) {
  return page.evaluate(() => {
    const root = document.querySelector('.solidarity') ?? document.querySelector('main');
    const all = [root, ...root.querySelectorAll('*')];
    return all
      .map((e) => ({ e, d: getComputedStyle(e).transitionDuration }))
      .filter(({ d }) => d.split(',').some((part) => parseFloat(part) > 0))
      .map(({ e, d }) => `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}: ${d}`);
  });
}

async function openWithMotion(reducedMotion) {
  const browser = await launchBrowser();
  const context = await browser.newContext({ reducedMotion, locale: 'en-US', viewport: { width: 1024, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  await page.goto(site.url, { waitUntil: 'load', timeout: TIMEOUT });
  await waitForApp(page);
  await waitForComments(page, { min: 3 });
  return { page, context };
}

test('with prefers-reduced-motion: reduce nothing in the widget has a transition', async () => {
  // Control: without the preference the page does animate something, so the check below
  // really looks at the rules that are switched off.
  const motion = await openWithMotion('no-preference');
  try {
    const moving = await movingElements(motion.page);
    assert.ok(moving.length > 0, 'with no preference some widget element has a transition (the control)');
  } finally {
    await motion.context.close();
  }

  const { page, context } = await openWithMotion('reduce');
  try {
    assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
    assert.deepEqual(await movingElements(page), [], 'elements with a transition under reduced motion');
    // Also in other states: Russian, focus on a button, validation errors shown.
    await tabUntil(page, (f) => f.own === 'lang-ru', [], { what: 'the Russian toggle' });
    await page.keyboard.press('Enter');
    await waitForAttribute(page, '[data-testid=lang-ru]', 'aria-current', 'page');
    const send = await tabUntil(page, isSubmitOf('support-form'), [], { what: 'the support submit button' });
    assert.ok(send);
    await page.keyboard.press('Enter');
    await waitForAttribute(page, '[data-testid=support-form] [name=name]', 'aria-invalid', 'true');
    assert.deepEqual(await movingElements(page), [], 'elements with a transition under reduced motion (after switching and validating)');
  } finally {
    await context.close();
  }
});
