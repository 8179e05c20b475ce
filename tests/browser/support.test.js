// The message-of-support form: the wire format (JSON and form encoding), validation,
// the character counter, failure and retry with the same id, and the in-flight state.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, waitFor, sleep } from './lib/servers.js';
import {
  openPage,
  closeBrowser,
  noErrors,
  waitForText,
  waitForAttribute,
  fillSupport,
  submitSupport,
} from './lib/browser.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const STATUS = '[data-testid=support-status]';
const FORM = '[data-testid=support-form]';

after(async () => {
  await closeBrowser();
});

const messagePosts = (backend) => backend.requests.filter((r) => r.method === 'POST' && r.pathname.startsWith('/messages'));

/** For each control name: aria-invalid and the visible texts its aria-describedby points to. */
function fieldStates(page, names) {
  return page.evaluate(
    ({ names, form }) =>
      Object.fromEntries(
        names.map((name) => {
          const control = document.querySelector(`${form} [name=${name}]`);
          const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
          const described = ids.map((id) => document.getElementById(id));
          return [
            name,
            {
              invalid: control.getAttribute('aria-invalid'),
              missing: ids.filter((id, i) => !described[i]),
              messages: described.filter((el) => el && !el.hidden && el.classList.contains('solidarity-error')).map((el) => el.textContent.trim()),
            },
          ];
        }),
      ),
    { names, form: FORM },
  );
}

test('a complete message is sent once as JSON with every canonical field', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    const started = Date.now();
    await fillSupport(page, {
      name: 'Anna',
      email: '',
      location: 'Manchester',
      message: 'We stand with you.',
      consent: true,
    });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    await sleep(300);
    const posts = messagePosts(site.backend);
    assert.equal(posts.length, 1, 'exactly one POST');
    const [request] = posts;
    assert.equal(request.pathname, '/messages');
    assert.match(request.headers['content-type'], /^application\/json/);
    const body = request.json;
    assert.deepEqual(Object.keys(body).sort(), ['consent', 'created_at', 'email', 'id', 'lang', 'location', 'message', 'name']);
    assert.match(body.id, UUID_V4);
    assert.equal(request.headers['idempotency-key'], body.id);
    assert.deepEqual(
      { name: body.name, email: body.email, location: body.location, message: body.message, lang: body.lang, consent: body.consent },
      { name: 'Anna', email: null, location: 'Manchester', message: 'We stand with you.', lang: 'en', consent: true },
    );
    assert.match(body.created_at, RFC3339);
    const created = Date.parse(body.created_at);
    assert.ok(Number.isFinite(created), `created_at parses: ${body.created_at}`);
    assert.ok(created >= started - 60_000 && created <= Date.now() + 60_000, `created_at is recent: ${body.created_at}`);
    await waitForText(page, STATUS, 'Thank you');
    assert.equal((await page.textContent(STATUS)).trim(), 'Thank you! Your message of support has been sent.');
    assert.equal(await page.getAttribute(STATUS, 'role'), 'status');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('an email, when given, is sent; in Russian the lang field is "ru" and the thanks are Russian', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await page.click('[data-testid=lang-ru]');
    await waitForAttribute(page, 'html', 'lang', 'ru');
    await fillSupport(page, { name: 'Алёна', email: 'alena@example.org', location: 'Москва', message: 'Мы с вами', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const [request] = messagePosts(site.backend);
    assert.equal(request.json.email, 'alena@example.org');
    assert.equal(request.json.lang, 'ru');
    assert.equal(request.json.name, 'Алёна');
    assert.equal(request.json.message, 'Мы с вами');
    assert.equal((await page.textContent(STATUS)).trim(), 'Спасибо! Ваши слова поддержки отправлены.');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('form encoding with a renamed field and a constant extra', async () => {
  const site = await startSite({
    configChanges: () => ({
      messages: { encoding: 'form', fields: { message: 'text' }, extra: { campaign: 'solidarity' } },
    }),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', location: 'Manchester', message: 'Hello & welcome = yes', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const posts = messagePosts(site.backend);
    assert.equal(posts.length, 1);
    const [request] = posts;
    assert.match(request.headers['content-type'], /^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(request.text);
    assert.equal(form.get('text'), 'Hello & welcome = yes');
    assert.equal(form.has('message'), false, 'the canonical name is replaced');
    assert.equal(form.get('campaign'), 'solidarity');
    assert.equal(form.get('name'), 'Anna');
    assert.equal(form.get('location'), 'Manchester');
    assert.equal(form.get('lang'), 'en');
    assert.equal(form.get('consent'), 'true');
    assert.match(form.get('id'), UUID_V4);
    assert.equal(request.headers['idempotency-key'], form.get('id'));
    assert.ok(Number.isFinite(Date.parse(form.get('created_at'))));
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('configured headers are sent with the message', async () => {
  const site = await startSite({ configChanges: () => ({ messages: { headers: { 'X-Campaign-Key': 'abc123' } } }) });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'Hi', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    assert.equal(messagePosts(site.backend)[0].headers['x-campaign-key'], 'abc123');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('submitting empty: messages, aria-invalid, aria-describedby, focus on name, nothing sent', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    assert.equal(await page.locator(`${FORM} .solidarity-error`).first().isVisible(), false, 'no message before submitting');
    await submitSupport(page);
    await waitForAttribute(page, `${FORM} [name=name]`, 'aria-invalid', 'true');
    assert.equal(await page.getByText('Please enter your name.', { exact: true }).isVisible(), true, 'the message is visible');
    const states = await fieldStates(page, ['name', 'email', 'location', 'message', 'consent']);
    assert.deepEqual(states, {
      name: { invalid: 'true', missing: [], messages: ['Please enter your name.'] },
      email: { invalid: null, missing: [], messages: [] },
      location: { invalid: null, missing: [], messages: [] },
      message: { invalid: 'true', missing: [], messages: ['Please write a message.'] },
      consent: { invalid: 'true', missing: [], messages: ['Please tick this box to agree before sending.'] },
    });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
    assert.equal(await page.getAttribute(STATUS, 'data-state'), 'idle');
    await waitForText(page, STATUS, 'Please correct the highlighted fields.');
    await sleep(300);
    assert.equal(messagePosts(site.backend).length, 0, 'nothing reached the backend');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('validation messages are in Russian after switching to Russian', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await page.click('[data-testid=lang-ru]');
    await waitForAttribute(page, 'html', 'lang', 'ru');
    await submitSupport(page);
    await waitForAttribute(page, `${FORM} [name=name]`, 'aria-invalid', 'true');
    const states = await fieldStates(page, ['name', 'message', 'consent']);
    assert.deepEqual(states.name.messages, ['Укажите, пожалуйста, ваше имя.']);
    assert.deepEqual(states.message.messages, ['Напишите, пожалуйста, сообщение.']);
    assert.deepEqual(states.consent.messages, ['Отметьте, пожалуйста, согласие\u00a0— без него сообщение не отправить.']);
    await waitForText(page, STATUS, 'Исправьте, пожалуйста, отмеченные поля.');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
    await sleep(200);
    assert.equal(messagePosts(site.backend).length, 0);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('messages shown in English follow a switch to Russian', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await submitSupport(page);
    await waitForAttribute(page, `${FORM} [name=name]`, 'aria-invalid', 'true');
    await page.click('[data-testid=lang-ru]');
    await waitForAttribute(page, 'html', 'lang', 'ru');
    const states = await fieldStates(page, ['name']);
    assert.deepEqual(states.name.messages, ['Укажите, пожалуйста, ваше имя.']);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('an invalid email is rejected and nothing is sent', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', email: 'not-an-email', message: 'Hi', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, `${FORM} [name=email]`, 'aria-invalid', 'true');
    const states = await fieldStates(page, ['name', 'email', 'message']);
    assert.deepEqual(states.email.messages, [
      'Please enter a valid email address, such as name@example.org, or leave it empty.',
    ]);
    assert.equal(states.name.invalid, null);
    assert.equal(states.message.invalid, null);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'email');
    await sleep(300);
    assert.equal(messagePosts(site.backend).length, 0);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('the counter shows the characters left out of 2000', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    const hintText = () =>
      page.evaluate((form) => {
        const control = document.querySelector(`${form} [name=message]`);
        const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        return ids.map((id) => document.getElementById(id)).filter((el) => el?.classList.contains('solidarity-hint')).map((el) => el.textContent.trim());
      }, FORM);
    assert.deepEqual(await hintText(), ['2000 characters left']);
    await page.locator(`${FORM} [name=message]`).pressSequentially('0123456789');
    await page.waitForFunction(
      (form) => [...document.querySelectorAll(`${form} .solidarity-hint`)].some((el) => el.textContent.trim() === '1990 characters left'),
      FORM,
      { timeout: 5000 },
    );
    assert.deepEqual(await hintText(), ['1990 characters left']);
    await page.click('[data-testid=lang-ru]');
    await waitForAttribute(page, 'html', 'lang', 'ru');
    assert.deepEqual(await hintText(), ['Осталось 1990\u00a0символов']);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a message over 2000 characters is refused with a counter of characters too many', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'x'.repeat(2003), consent: true });
    await waitForText(page, `${FORM} [id$="-message-hint"]`, '3 characters too many');
    await submitSupport(page);
    await waitForAttribute(page, `${FORM} [name=message]`, 'aria-invalid', 'true');
    const states = await fieldStates(page, ['message']);
    assert.deepEqual(states.message.messages, ['Please shorten this to 2000 characters.']);
    await sleep(200);
    assert.equal(messagePosts(site.backend).length, 0);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a 500 shows the server message and keeps the text; the retry reuses the same id', async () => {
  // The backend fails with 500 until the test lets it recover.
  let recovered = false;
  const site = await startSite({
    respond: (request) => {
      if (request.method !== 'POST') return undefined;
      return recovered ? { status: 201, body: { id: request.json.id } } : { status: 500, body: { error: 'Database is down' } };
    },
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', location: 'Manchester', message: 'We stand with you.', consent: true });
    await submitSupport(page);
    await waitForText(page, STATUS, 'Database is down');
    // A 5xx is transient: the outbox keeps it and retries it by itself.
    const state = await page.getAttribute(STATUS, 'data-state');
    assert.equal(state, 'queued', `a 5xx is retried automatically, got ${state}`);
    assert.equal(await page.inputValue(`${FORM} [name=message]`), 'We stand with you.');
    assert.equal(await page.inputValue(`${FORM} [name=name]`), 'Anna');
    assert.equal(await page.inputValue(`${FORM} [name=location]`), 'Manchester');

    recovered = true;
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const posts = messagePosts(site.backend);
    assert.ok(posts.length >= 2, `a first attempt and a retry, got ${posts.length}`);
    const ids = new Set(posts.map((p) => p.json.id));
    const keys = new Set(posts.map((p) => p.headers['idempotency-key']));
    assert.equal(ids.size, 1, `every attempt carries the same id: ${[...ids]}`);
    assert.deepEqual([...keys], [...ids], 'and the same Idempotency-Key');
    assert.equal(posts.at(-1).json.message, 'We stand with you.');
    await sleep(300);
    assert.equal(messagePosts(site.backend).length, posts.length, 'nothing sent after delivery');
    // The failed requests log the browser's "Failed to load resource" errors; nothing else.
    assert.deepEqual(page.consoleErrors.filter((e) => !/status of 500/.test(e.text)), []);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a 500 answer is kept in the outbox for an automatic retry, saying why', async () => {
  // A 5xx is transient: the message stays in the outbox (data-state=queued) and the status
  // says what the server answered and that it will be sent automatically.
  const site = await startSite({
    respond: (request) => (request.method === 'POST' ? { status: 500, body: { error: 'Database is down' } } : undefined),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'We stand with you.', consent: true });
    await submitSupport(page);
    await waitForText(page, STATUS, 'Database is down');
    await waitForAttribute(page, STATUS, 'data-state', 'queued', { timeout: 3000 });
    await waitForText(page, STATUS, 'sent automatically');
    assert.equal(await page.getByTestId('outbox-item').count(), 1, 'the outbox lists it');
  } finally {
    await page.close();
    await site.close();
  }
});

test('a refused message (422) fails with the server message, is not retried by itself, and can be resubmitted', async () => {
  let refuse = true;
  const site = await startSite({
    respond: (request) => {
      if (request.method !== 'POST') return undefined;
      return refuse
        ? { status: 422, body: { error: 'Message rejected by the moderator', field: 'message' } }
        : { status: 201, body: { id: request.json.id } };
    },
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'We stand with you.', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'failed');
    await waitForText(page, STATUS, 'Message rejected by the moderator');
    assert.equal(await page.inputValue(`${FORM} [name=message]`), 'We stand with you.');
    await sleep(1500);
    assert.equal(messagePosts(site.backend).length, 1, 'a refusal is not retried by itself');
    refuse = false;
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const posts = messagePosts(site.backend);
    assert.equal(posts.length, 2);
    assert.equal(posts[1].json.message, 'We stand with you.');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('resubmitting an unchanged message after a refusal reuses its id and Idempotency-Key', async () => {
  // Expected (brief): a retry carries the same id/Idempotency-Key as the failed attempt.
  // Seen on the outbox build: every resubmission gets a new id, because the "was it
  // edited?" check compares whole request bodies and created_at is fresh on each submit.
  let refuse = true;
  const site = await startSite({
    respond: (request) => {
      if (request.method !== 'POST') return undefined;
      return refuse ? { status: 422, body: { error: 'Try again' } } : { status: 201, body: { id: request.json.id } };
    },
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'Unchanged text', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'failed');
    refuse = false;
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const posts = messagePosts(site.backend);
    assert.equal(posts.length, 2);
    assert.equal(posts[1].json.id, posts[0].json.id, 'same id');
    assert.equal(posts[1].headers['idempotency-key'], posts[0].headers['idempotency-key'], 'same Idempotency-Key');
  } finally {
    await page.close();
    await site.close();
  }
});

test('pressing Send again while a message is not yet delivered does not create a second message', async () => {
  // Expected: one message (one id) reaches the backend however often the reader presses
  // Send for the same unchanged text. Seen on the outbox build: the 500-failed message
  // stays queued and is retried with its id, and the second press queues a copy with a
  // new id, so the backend receives two different messages.
  let recovered = false;
  const site = await startSite({
    respond: (request) => {
      if (request.method !== 'POST') return undefined;
      return recovered ? { status: 201, body: { id: request.json.id } } : { status: 500, body: { error: 'Database is down' } };
    },
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'Only once, please', consent: true });
    await submitSupport(page);
    await waitForText(page, STATUS, 'Database is down');
    await waitFor(() => messagePosts(site.backend).length >= 1);
    await submitSupport(page);
    await waitFor(() => messagePosts(site.backend).length >= 2, { message: 'the second press was sent' });
    recovered = true;
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    // Give a queued copy time to be retried (first backoff is at most about 2 s).
    await sleep(3000);
    const ids = [...new Set(messagePosts(site.backend).map((p) => p.json.id))];
    assert.equal(ids.length, 1, `one message id across all attempts, got ${ids.length}: ${ids.join(', ')}`);
  } finally {
    await page.close();
    await site.close();
  }
});

test('after a successful send the next message gets a new id', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'First', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    assert.equal(await page.inputValue(`${FORM} [name=message]`), '', 'the message box is emptied');
    await fillSupport(page, { message: 'Second', consent: true });
    await submitSupport(page);
    await waitFor(() => messagePosts(site.backend).length === 2, { message: 'second POST' });
    const [first, second] = messagePosts(site.backend);
    assert.notEqual(second.json.id, first.json.id);
    assert.match(second.json.id, UUID_V4);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('while sending, the button is disabled and the status says Sending; no double send', async () => {
  const site = await startSite({
    respond: (request) => (request.method === 'POST' ? { status: 201, body: { id: request.json.id }, delayMs: 1500 } : undefined),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'Slowly', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sending');
    assert.match((await page.textContent(STATUS)).trim(), /^Sending/);
    assert.equal(await page.isDisabled(`${FORM} button[type=submit]`), true);
    // Enter in a field must not send a second time either.
    await page.locator(`${FORM} [name=name]`).press('Enter');
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    assert.equal(await page.isDisabled(`${FORM} button[type=submit]`), false);
    await sleep(300);
    assert.equal(messagePosts(site.backend).length, 1);
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('while sending in Russian the status says Отправляем', async () => {
  const site = await startSite({
    respond: (request) => (request.method === 'POST' ? { status: 201, body: { id: request.json.id }, delayMs: 1500 } : undefined),
  });
  const page = await openPage(`${site.url}ru/`, { locale: 'ru-RU' });
  try {
    await waitForAttribute(page, 'html', 'lang', 'ru');
    await fillSupport(page, { name: 'Анна', message: 'Медленно', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sending');
    assert.match((await page.textContent(STATUS)).trim(), /^Отправляем/);
    assert.equal(await page.isDisabled(`${FORM} button[type=submit]`), true);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});

test('a timeout is reported as not delivered, with the text kept', async () => {
  const site = await startSite({
    configChanges: () => ({ messages: { timeout_ms: 500 } }),
    respond: (request) => (request.method === 'POST' ? { status: 201, body: { id: request.json.id }, delayMs: 3000 } : undefined),
  });
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    await fillSupport(page, { name: 'Anna', message: 'Too slow', consent: true });
    await submitSupport(page);
    await waitForText(page, STATUS, 'took too long');
    assert.equal(await page.getAttribute(STATUS, 'data-state'), 'queued', 'a timeout is retried automatically');
    assert.equal(await page.inputValue(`${FORM} [name=message]`), 'Too slow');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('labels are linked to their controls', async () => {
  const site = await startSite();
  const page = await openPage(site.url, { locale: 'en-US' });
  try {
    for (const [name, label] of [
      ['name', 'Name'],
      ['email', 'Email (optional)'],
      ['location', 'City or country (optional)'],
      ['message', 'Your message'],
    ]) {
      const byLabel = page.getByLabel(label, { exact: true });
      assert.equal(await byLabel.getAttribute('name'), name, `label ${label}`);
      assert.equal(await byLabel.isVisible(), true);
    }
    assert.equal(await page.locator(`${FORM} [name=consent]`).getAttribute('type'), 'checkbox');
    await page.locator(`${FORM} label[for="${await page.locator(`${FORM} [name=consent]`).getAttribute('id')}"]`).click();
    assert.equal(await page.isChecked(`${FORM} [name=consent]`), true, 'clicking the label ticks the box');
    noErrors(page);
  } finally {
    await page.close();
    await site.close();
  }
});
