// Backend presets: for each preset a real local server that speaks that service's
// contract receives a message sent from the page, and the test checks the exact request
// (method, path, content type, every body field, headers) and what the reader is told.
// Also the presets' error answers and the configuration errors shown before sending.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStatic, sleep } from './lib/servers.js';
import { openPage, closeBrowser, waitForText, waitForAttribute, fillSupport, submitSupport } from './lib/browser.js';
import {
  startFakeBackend,
  startNetlifySite,
  formspreeResponder,
  web3formsResponder,
  actionNetworkResponder,
} from './lib/fake-backends.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const STATUS = '[data-testid=support-status]';
const FORM = '[data-testid=support-form]';
const CONFIG_ERROR = '[data-testid=config-error]';
const CANONICAL = ['consent', 'created_at', 'email', 'id', 'lang', 'location', 'message', 'name'];

after(async () => {
  await closeBrowser();
});

/** A whole config: `messages` as given (nothing merged in), comments read-only from the static file. */
function siteConfig(messages) {
  return { default_lang: 'en', messages, comments: { endpoint: null, static: 'comments.json' } };
}

/** Serves the page with `messages` as its config and opens it. */
async function openWith(messages, { locale = 'en-US' } = {}) {
  const site = await startStatic({ overrides: { '/config.json': JSON.stringify(siteConfig(messages)) } });
  // The Russian reader reads the Russian page.
  const page = await openPage(`${site.url}/${locale.startsWith('ru') ? 'ru/' : ''}`, { locale });
  return { site, page };
}

/** Checks the canonical fields of a sent message (JSON: empty optional fields are null). */
function assertCanonical(body, expected, { started, form = false } = {}) {
  assert.match(body.id, UUID_V4, 'id is a UUID v4');
  assert.match(body.created_at, RFC3339, 'created_at is RFC 3339');
  const created = Date.parse(body.created_at);
  assert.ok(created >= started - 60_000 && created <= Date.now() + 60_000, `created_at is recent: ${body.created_at}`);
  const { id, created_at, ...rest } = body;
  const wanted = {
    name: expected.name,
    email: expected.email ?? (form ? '' : null),
    location: expected.location ?? (form ? '' : null),
    message: expected.message,
    lang: expected.lang ?? 'en',
    consent: form ? 'true' : true,
  };
  for (const key of Object.keys(wanted)) assert.deepEqual(rest[key], wanted[key], `field ${key}`);
}

/** The one POST a fake backend received, after checking there was exactly one. */
async function onlyPost(backend) {
  await sleep(300);
  assert.equal(backend.posts.length, 1, `exactly one POST, got ${backend.posts.length}`);
  return backend.posts[0];
}

/** Requested headers in a CORS preflight, lower-cased and sorted. */
function requestedHeaders(preflight) {
  return (preflight.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .sort();
}

/** aria-invalid, aria-describedby targets and visible error text for a support field. */
function fieldState(page, name) {
  return page.evaluate(
    ({ form, name }) => {
      const control = document.querySelector(`${form} [name=${name}]`);
      const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const errorId = `${control.id}-error`;
      const error = document.getElementById(errorId);
      return {
        invalid: control.getAttribute('aria-invalid'),
        required: control.getAttribute('aria-required'),
        describedByError: ids.includes(errorId),
        errorText: error && !error.hidden ? error.textContent.trim() : null,
        errorVisible: !!error && !error.hidden && error.getBoundingClientRect().height > 0,
      };
    },
    { form: FORM, name },
  );
}

const ANNA = { name: 'Anna', email: 'anna@example.org', location: 'Manchester', message: 'We stand with you.', consent: true };

// ---------------------------------------------------------------------------------------
// default and generic

test('default: JSON with every canonical field, Accept and Idempotency-Key', async () => {
  const backend = await startFakeBackend({ respond: (r) => ({ status: 201, body: { id: r.json?.id } }) });
  const { site, page } = await openWith({ preset: 'default', endpoint: `${backend.url}/api/messages`, timeout_ms: 3000 });
  try {
    const started = Date.now();
    await fillSupport(page, { ...ANNA, email: '' });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const post = await onlyPost(backend);
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/api/messages');
    assert.match(post.headers['content-type'], /^application\/json/);
    assert.equal(post.headers.accept, 'application/json');
    assert.deepEqual(Object.keys(post.json).sort(), CANONICAL);
    assertCanonical(post.json, { ...ANNA, email: null }, { started });
    assert.equal(post.headers['idempotency-key'], post.json.id, 'Idempotency-Key carries the id');
    assert.deepEqual([...backend.stored.keys()], [post.json.id]);
    assert.equal((await page.textContent(STATUS)).trim(), 'Thank you! Your message of support has been sent.');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('generic (form): renamed fields, extras, configured header and Idempotency-Key', async () => {
  const backend = await startFakeBackend({ respond: () => ({ status: 200, body: 'ok' }) });
  const { site, page } = await openWith({
    preset: 'generic',
    endpoint: `${backend.url}/hooks/support?src=page`,
    encoding: 'form',
    fields: { message: 'text', name: 'from' },
    extra: { campaign: 'solidarity', year: 2013 },
    headers: { 'X-Campaign': 'ru-2013' },
    timeout_ms: 3000,
  });
  try {
    const started = Date.now();
    await fillSupport(page, { name: 'Anna', email: '', location: '', message: 'Hello & welcome = yes', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const post = await onlyPost(backend);
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/hooks/support?src=page');
    assert.match(post.headers['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(post.headers.accept, 'application/json');
    assert.equal(post.headers['x-campaign'], 'ru-2013');
    const form = post.form;
    assert.deepEqual(
      Object.keys(form).sort(),
      ['campaign', 'consent', 'created_at', 'email', 'from', 'id', 'lang', 'location', 'text', 'year'],
    );
    assert.equal(form.text, 'Hello & welcome = yes');
    assert.equal(form.from, 'Anna');
    assert.equal(form.campaign, 'solidarity');
    assert.equal(form.year, '2013');
    assertCanonical({ ...form, name: form.from, message: form.text }, { name: 'Anna', message: 'Hello & welcome = yes' }, { started, form: true });
    assert.equal(post.headers['idempotency-key'], form.id);
    // The browser asked permission for exactly the headers it then sent.
    assert.ok(backend.preflights.length >= 1, 'a CORS preflight');
    assert.deepEqual(requestedHeaders(backend.preflights[0]), ['idempotency-key', 'x-campaign']);
    assert.deepEqual([...backend.stored.keys()], [form.id]);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('generic (JSON) in Russian: lang "ru", null optional fields, Idempotency-Key', async () => {
  const backend = await startFakeBackend();
  const { site, page } = await openWith(
    { preset: 'generic', endpoint: `${backend.url}/in`, encoding: 'json', fields: { location: 'city' }, timeout_ms: 3000 },
    { locale: 'ru-RU' },
  );
  try {
    await waitForAttribute(page, 'html', 'lang', 'ru');
    const started = Date.now();
    await fillSupport(page, { name: 'Алёна', message: 'Мы с вами', consent: true });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const post = await onlyPost(backend);
    assert.match(post.headers['content-type'], /^application\/json/);
    assert.deepEqual(Object.keys(post.json).sort(), ['city', 'consent', 'created_at', 'email', 'id', 'lang', 'message', 'name']);
    assert.equal(post.json.city, null);
    assertCanonical({ ...post.json, location: post.json.city }, { name: 'Алёна', message: 'Мы с вами', lang: 'ru' }, { started });
    assert.equal(post.headers['idempotency-key'], post.json.id);
    assert.equal((await page.textContent(STATUS)).trim(), 'Спасибо! Ваши слова поддержки отправлены.');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// ---------------------------------------------------------------------------------------
// Formspree

test('formspree: JSON to the form URL with Accept, _gotcha honeypot, no Idempotency-Key', async () => {
  const backend = await startFakeBackend({ respond: formspreeResponder({ formId: 'xyzabcde' }) });
  const { site, page } = await openWith({ preset: 'formspree', endpoint: `${backend.url}/f/xyzabcde`, timeout_ms: 3000 });
  try {
    // The honeypot input exists, is named _gotcha and is hidden from people.
    const honeypot = page.locator(`${FORM} input[name=_gotcha]`);
    assert.equal(await honeypot.count(), 1, 'a _gotcha input in the form');
    assert.equal(await honeypot.getAttribute('tabindex'), '-1');
    assert.equal(await page.evaluate((s) => !!document.querySelector(s).closest('[aria-hidden=true]'), `${FORM} input[name=_gotcha]`), true);
    const started = Date.now();
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const post = await onlyPost(backend);
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/f/xyzabcde');
    assert.match(post.headers['content-type'], /^application\/json/);
    assert.equal(post.headers.accept, 'application/json');
    assert.equal(post.headers['idempotency-key'], undefined, 'no Idempotency-Key to Formspree');
    assert.deepEqual(Object.keys(post.json).sort(), ['_gotcha', ...CANONICAL].sort());
    assert.equal(post.json._gotcha, '');
    assertCanonical(post.json, ANNA, { started });
    for (const preflight of backend.preflights) {
      assert.ok(!requestedHeaders(preflight).includes('idempotency-key'), 'the preflight does not ask for Idempotency-Key');
    }
    assert.deepEqual([...backend.stored.keys()], [post.json.id]);
    assert.equal((await page.textContent(STATUS)).trim(), 'Thank you! Your message of support has been sent.');
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('formspree: a 422 email error is final and shown next to the email field', async () => {
  const backend = await startFakeBackend({
    respond: formspreeResponder({ formId: 'xyzabcde', rejectEmail: (a) => a === 'nobody@mailinator.example' }),
  });
  const { site, page } = await openWith({ preset: 'formspree', endpoint: `${backend.url}/f/xyzabcde`, timeout_ms: 3000 });
  try {
    await fillSupport(page, { ...ANNA, email: 'nobody@mailinator.example' });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'failed');
    await waitForText(page, STATUS, 'Validation errors');
    assert.match((await page.textContent(STATUS)).trim(), /^Your message was not sent: Validation errors/);
    await waitForAttribute(page, `${FORM} [name=email]`, 'aria-invalid', 'true');
    assert.deepEqual(await fieldState(page, 'email'), {
      invalid: 'true',
      required: null,
      describedByError: true,
      errorText: 'should be an email',
      errorVisible: true,
    });
    // Other fields are not blamed.
    assert.equal((await fieldState(page, 'name')).invalid, null);
    assert.equal((await fieldState(page, 'message')).invalid, null);
    assert.equal(await page.inputValue(`${FORM} [name=message]`), ANNA.message, 'the text is kept');
    await sleep(2500);
    assert.equal(backend.posts.length, 1, 'a 422 is not retried');
    assert.equal(backend.stored.size, 0);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// ---------------------------------------------------------------------------------------
// Netlify

test('netlify: same-site form post to / with form-name first and bot-field; 303 then 200 is success', async () => {
  const site = await startNetlifySite({ config: siteConfig({ preset: 'netlify', timeout_ms: 3000 }) });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    const honeypot = page.locator(`${FORM} input[name=bot-field]`);
    assert.equal(await honeypot.count(), 1, 'a bot-field input in the form');
    const started = Date.now();
    await fillSupport(page, { ...ANNA, email: '', location: 'Москва' });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    await sleep(300);
    assert.equal(site.posts.length, 1, 'exactly one POST');
    const [post] = site.posts;
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/');
    assert.match(post.headers['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(post.headers.origin, site.url, 'same-site');
    assert.equal(post.headers['idempotency-key'], undefined, 'no Idempotency-Key to Netlify');
    assert.equal(post.formKeys[0], 'form-name', 'form-name comes first');
    assert.equal(post.form['form-name'], 'support');
    assert.deepEqual(Object.keys(post.form).sort(), ['bot-field', 'form-name', ...CANONICAL].sort());
    assert.equal(post.form['bot-field'], '');
    assertCanonical(post.form, { ...ANNA, email: '', location: 'Москва' }, { started, form: true });
    // The redirect to the thank-you page was followed.
    const thanks = site.requests.filter((r) => r.method === 'GET' && r.pathname === '/thank-you/');
    assert.equal(thanks.length, 1, 'the 303 was followed');
    assert.deepEqual([...site.stored.keys()], [post.form.id]);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

test('netlify: a configured form_name is sent as form-name', async () => {
  const site = await startNetlifySite({
    formName: 'solidarity-2013',
    config: siteConfig({ preset: 'netlify', form_name: 'solidarity-2013', timeout_ms: 3000 }),
  });
  const page = await openPage(`${site.url}/`, { locale: 'en-US' });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    await sleep(200);
    assert.equal(site.posts.length, 1);
    assert.equal(site.posts[0].formKeys[0], 'form-name');
    assert.equal(site.posts[0].form['form-name'], 'solidarity-2013');
    assert.equal(site.posts[0].form.email, 'anna@example.org');
    assert.equal(site.stored.size, 1);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
  }
});

// ---------------------------------------------------------------------------------------
// Web3Forms

test('web3forms: JSON with access_key first, canonical fields and botcheck; success:true is sent', async () => {
  const backend = await startFakeBackend({ respond: web3formsResponder({ accessKey: 'w3f-public-key-1' }) });
  const { site, page } = await openWith({
    preset: 'web3forms',
    endpoint: `${backend.url}/submit`,
    access_key: 'w3f-public-key-1',
    timeout_ms: 3000,
  });
  try {
    const started = Date.now();
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const post = await onlyPost(backend);
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/submit');
    assert.match(post.headers['content-type'], /^application\/json/);
    assert.equal(post.headers.accept, 'application/json');
    assert.equal(post.headers['idempotency-key'], undefined, 'no Idempotency-Key to Web3Forms');
    assert.match(post.text, /^\{"access_key":"w3f-public-key-1"/, 'access_key comes first');
    assert.deepEqual(Object.keys(post.json).sort(), ['access_key', 'botcheck', ...CANONICAL].sort());
    assert.equal(post.json.botcheck, '');
    assertCanonical(post.json, ANNA, { started });
    assert.deepEqual([...backend.stored.keys()], [post.json.id]);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('web3forms: a 200 with success:false ("Invalid access key") is a final failure, not retried', async () => {
  const backend = await startFakeBackend({ respond: web3formsResponder({ accessKey: 'the-right-key' }) });
  const { site, page } = await openWith({
    preset: 'web3forms',
    endpoint: `${backend.url}/submit`,
    access_key: 'a-wrong-key',
    timeout_ms: 3000,
  });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'failed');
    await waitForText(page, STATUS, 'Invalid access key');
    assert.match((await page.textContent(STATUS)).trim(), /^Your message was not sent: Invalid access key/);
    assert.equal(await page.inputValue(`${FORM} [name=message]`), ANNA.message, 'the text is kept');
    await sleep(2500);
    assert.equal(backend.posts.length, 1, 'not retried');
    assert.equal(backend.stored.size, 0);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

// ---------------------------------------------------------------------------------------
// Action Network

test('action-network: an OSDI person with tags, message in the custom field, no Idempotency-Key', async () => {
  const backend = await startFakeBackend({ respond: actionNetworkResponder({ formId: 'f-0001' }) });
  const { site, page } = await openWith({
    preset: 'action-network',
    endpoint: `${backend.url}/api/v2/forms/f-0001/submissions`,
    message_field: 'support_message',
    tags: ['solidarity-russia', '2013'],
    timeout_ms: 3000,
  });
  try {
    await fillSupport(page, ANNA);
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    const post = await onlyPost(backend);
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/api/v2/forms/f-0001/submissions');
    assert.match(post.headers['content-type'], /^application\/json/);
    assert.equal(post.headers.accept, 'application/json');
    assert.equal(post.headers['idempotency-key'], undefined, 'no Idempotency-Key to Action Network');
    const id = post.json?.person?.custom_fields?.solidarity_id;
    assert.match(id, UUID_V4);
    assert.deepEqual(post.json, {
      person: {
        given_name: 'Anna',
        email_addresses: [{ address: 'anna@example.org' }],
        postal_addresses: [{ locality: 'Manchester' }],
        custom_fields: { support_message: 'We stand with you.', solidarity_id: id, lang: 'en' },
      },
      add_tags: ['solidarity-russia', '2013'],
    });
    assert.deepEqual([...backend.stored.keys()], [id]);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

test('action-network: email is required; empty email is a validation error and nothing is sent', async () => {
  const backend = await startFakeBackend({ respond: actionNetworkResponder({ formId: 'f-0001' }) });
  const { site, page } = await openWith({
    preset: 'action-network',
    endpoint: `${backend.url}/api/v2/forms/f-0001/submissions`,
    timeout_ms: 3000,
  });
  try {
    assert.equal(await page.getByLabel('Email', { exact: true }).getAttribute('name'), 'email', 'the label does not say optional');
    await fillSupport(page, { ...ANNA, email: '' });
    await submitSupport(page);
    await waitForAttribute(page, `${FORM} [name=email]`, 'aria-invalid', 'true');
    const email = await fieldState(page, 'email');
    assert.equal(email.describedByError, true);
    assert.ok(email.errorText, 'an error message next to the email field');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'email', 'focus moves to email');
    assert.notEqual(await page.getAttribute(STATUS, 'data-state'), 'sent');
    await sleep(500);
    assert.equal(backend.posts.length + backend.preflights.length, 0, 'nothing reached the backend');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('solidarity.outbox')), null, 'nothing queued');
    // With an email it goes through.
    await fillSupport(page, { email: 'anna@example.org' });
    await submitSupport(page);
    await waitForAttribute(page, STATUS, 'data-state', 'sent');
    assert.equal(backend.posts.length, 1);
    assert.equal(backend.stored.size, 1);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.close();
    await site.close();
    await backend.close();
  }
});

for (const [title, check] of [
  [
    'the message for a required empty email does not say "or leave it empty"',
    (email) => assert.doesNotMatch(email.errorText ?? '', /leave it empty/i, `the message for a required email: ${JSON.stringify(email.errorText)}`),
  ],
  ['the required email control is aria-required="true"', (email) => assert.equal(email.required, 'true', `aria-required is ${JSON.stringify(email.required)}`)],
]) {
  test(`action-network: ${title}`, async () => {
    // Expected: with this preset email is required (its label drops "(optional)"), so its
    // message must not invite the reader to leave it empty, and assistive technology
    // must be told it is required, as it is for name and message.
    const backend = await startFakeBackend({ respond: actionNetworkResponder({ formId: 'f-0001' }) });
    const { site, page } = await openWith({
      preset: 'action-network',
      endpoint: `${backend.url}/api/v2/forms/f-0001/submissions`,
      timeout_ms: 3000,
    });
    try {
      await fillSupport(page, { ...ANNA, email: '' });
      await submitSupport(page);
      await waitForAttribute(page, `${FORM} [name=email]`, 'aria-invalid', 'true');
      check(await fieldState(page, 'email'));
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.close();
      await site.close();
      await backend.close();
    }
  });
}

// ---------------------------------------------------------------------------------------
// Configuration errors: shown in the widget, nothing sent.

for (const [title, messages, key] of [
  ['an unknown preset', (url) => ({ preset: 'mailchimp', endpoint: `${url}/m` }), 'messages.preset'],
  ['web3forms without access_key', (url) => ({ preset: 'web3forms', endpoint: `${url}/submit` }), 'messages.access_key'],
  ['formspree without endpoint', () => ({ preset: 'formspree' }), 'messages.endpoint'],
  ['a forbidden header (Cookie)', (url) => ({ preset: 'default', endpoint: `${url}/m`, headers: { Cookie: 'x' } }), 'messages.headers'],
]) {
  test(`config error: ${title} names ${key} and nothing is sent`, async () => {
    const backend = await startFakeBackend();
    const cfg = {
      default_lang: 'en',
      messages: { timeout_ms: 3000, ...messages(backend.url) },
      comments: { endpoint: `${backend.url}/comments`, static: 'comments.json' },
    };
    const site = await startStatic({ overrides: { '/config.json': JSON.stringify(cfg) } });
    const page = await openPage(`${site.url}/`, { locale: 'en-US' });
    try {
      await page.locator(CONFIG_ERROR).waitFor({ state: 'visible', timeout: 10_000 });
      const text = await page.textContent(CONFIG_ERROR);
      assert.ok(text.includes(key), `the error names ${key}: ${JSON.stringify(text)}`);
      assert.equal(await page.isDisabled(`${FORM} button[type=submit]`), true, 'Send is disabled');
      // Even a determined reader (Enter in a field) cannot send.
      await fillSupport(page, ANNA);
      await page.locator(`${FORM} [name=name]`).press('Enter');
      await sleep(700);
      assert.deepEqual(backend.posts.filter((r) => r.method === 'POST').map((r) => r.path), [], 'no POST reached the backend');
      assert.equal(backend.preflights.length, 0, 'not even a preflight');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('solidarity.outbox')), null, 'nothing queued');
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await page.close();
      await site.close();
      await backend.close();
    }
  });
}
