// One headless Chromium per test file; a fresh context (and so fresh storage) per page.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** The longest any single wait may take. */
export const TIMEOUT = 15_000;

let shared;
const contexts = new Set();

/** Launches headless Chromium (once per file) and returns it. */
export async function launchBrowser() {
  shared ??= chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30_000 });
  return shared;
}

/** Closes every open context and the browser. */
export async function closeBrowser() {
  for (const context of contexts) await context.close().catch(() => {});
  contexts.clear();
  if (shared) {
    const browser = await shared;
    shared = undefined;
    await browser.close().catch(() => {});
  }
}

/**
 * Opens `url` in a new context. `locale` sets navigator.language(s) (default en-US);
 * `storage` is an object written to the page origin's localStorage before any script runs.
 * The page gets `consoleErrors` and `pageErrors` arrays, `requests` (every request the
 * page issued, as {method, url}) and `close()` that closes its context.
 * `wait: false` skips waiting for the app to mount.
 */
export async function openPage(url, { locale = 'en-US', storage, wait = true, viewport } = {}) {
  const browser = await launchBrowser();
  const origin = new URL(url).origin;
  const context = await browser.newContext({
    locale,
    viewport: viewport ?? { width: 1024, height: 900 },
    storageState: storage
      ? {
          cookies: [],
          origins: [
            {
              origin,
              localStorage: Object.entries(storage).map(([name, value]) => ({ name, value: String(value) })),
            },
          ],
        }
      : undefined,
  });
  contexts.add(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.consoleErrors = [];
  page.pageErrors = [];
  page.requests = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      page.consoleErrors.push({ text: message.text(), url: message.location()?.url ?? '' });
    }
  });
  page.on('pageerror', (error) => page.pageErrors.push(String(error?.stack ?? error)));
  page.on('request', (request) => page.requests.push({ method: request.method(), url: request.url() }));
  // "Leave this site?" (the outbox warns while something waits in this tab): recorded
  // and accepted, so reloads and navigations in tests go ahead. Other dialogs (a
  // `confirm`) are recorded and dismissed unless the test sets `page.acceptDialogs`.
  // One handler only: a second one would answer a dialog this one already answered.
  page.beforeUnloadDialogs = 0;
  page.dialogs = [];
  page.acceptDialogs = false;
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'beforeunload') {
      page.beforeUnloadDialogs += 1;
      dialog.accept().catch(() => {});
    } else {
      page.dialogs.push({ type: dialog.type(), message: dialog.message() });
      (page.acceptDialogs ? dialog.accept() : dialog.dismiss()).catch(() => {});
    }
  });
  page.close = async () => {
    contexts.delete(context);
    await context.close().catch(() => {});
  };
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  if (wait) await waitForApp(page);
  return page;
}

/** Waits until the app has mounted and the configuration has settled. */
export async function waitForApp(page, { timeout = TIMEOUT } = {}) {
  await page.locator('[data-testid=article]').first().waitFor({ state: 'visible', timeout });
  // Mounted (a prerendered page is hydrated in the same task) and the configuration file
  // read: the form is enabled, or an error shows.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-solidarity-mounted]') &&
      document.querySelector('[data-config-state=ready], [data-config-state=error]') &&
      (document.querySelector('[data-testid=config-error]') ||
        document.querySelector('[data-testid=support-form] button[type=submit]:not([disabled])')),
    null,
    { timeout },
  );
}

/**
 * Waits until the comment thread's live load has finished (the section's `data-thread` is
 * "live" or "failed", not the prerendered "built") and at least `min` comments show. The
 * prerendered seed alone never satisfies it.
 */
export async function waitForComments(page, { min = 1, timeout = TIMEOUT } = {}) {
  try {
    await page.waitForFunction(
      (n) =>
        ['live', 'failed'].includes(document.querySelector('[data-testid=comments]')?.getAttribute('data-thread')) &&
        document.querySelectorAll('[data-testid=comment]').length >= n,
      min,
      { timeout },
    );
  } catch (error) {
    const state = await page
      .evaluate(() => ({
        thread: document.querySelector('[data-testid=comments]')?.getAttribute('data-thread') ?? null,
        comments: document.querySelectorAll('[data-testid=comment]').length,
      }))
      .catch(() => '(page gone)');
    throw new Error(`fewer than ${min} live comments: ${JSON.stringify(state)}\n${error.message}`);
  }
}

/** Text of the first element matching `selector`, or null. */
export function textOf(page, selector) {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
}

/** Waits until `selector`'s textContent includes `text` (or matches a RegExp given as source). */
export async function waitForText(page, selector, text, { timeout = TIMEOUT } = {}) {
  const handle = { selector, text: text instanceof RegExp ? null : text, re: text instanceof RegExp ? [text.source, text.flags] : null };
  try {
    await page.waitForFunction(
      ({ selector, text, re }) => {
        const content = document.querySelector(selector)?.textContent ?? '';
        return re ? new RegExp(re[0], re[1]).test(content) : content.includes(text);
      },
      handle,
      { timeout },
    );
  } catch (error) {
    const actual = await textOf(page, selector).catch(() => '(page gone)');
    throw new Error(`${selector} never contained ${text}; it reads: ${JSON.stringify(actual)}\n${error.message}`);
  }
}

/** Waits until `selector` has attribute `name` equal to `value`. */
export async function waitForAttribute(page, selector, name, value, { timeout = TIMEOUT } = {}) {
  try {
    await page.waitForFunction(
      ({ selector, name, value }) => document.querySelector(selector)?.getAttribute(name) === value,
      { selector, name, value },
      { timeout },
    );
  } catch (error) {
    const actual = await page
      .evaluate(({ selector, name }) => document.querySelector(selector)?.getAttribute(name), { selector, name })
      .catch(() => '(page gone)');
    throw new Error(`${selector}[${name}] never became ${JSON.stringify(value)}; it is ${JSON.stringify(actual)}\n${error.message}`);
  }
}

/** Fills the support form. Fields left undefined are not touched. */
export async function fillSupport(page, { name, email, location, message, consent } = {}) {
  const form = page.locator('[data-testid=support-form]');
  if (name !== undefined) await form.locator('[name=name]').fill(name);
  if (email !== undefined) await form.locator('[name=email]').fill(email);
  if (location !== undefined) await form.locator('[name=location]').fill(location);
  if (message !== undefined) await form.locator('[name=message]').fill(message);
  if (consent !== undefined) await form.locator('[name=consent]').setChecked(consent);
}

/** Clicks the support form's submit button. */
export async function submitSupport(page) {
  await page.locator('[data-testid=support-form] button[type=submit]').click();
}

/** Fills and submits the comment form. */
export async function postComment(page, { author, body }) {
  const form = page.locator('[data-testid=comment-form]');
  if (author !== undefined) await form.locator('[name=author]').fill(author);
  if (body !== undefined) await form.locator('[name=body]').fill(body);
  await form.locator('button[type=submit]').click();
}

/** Asserts (via the thrown error) that no console errors or page errors were collected. */
export function noErrors(page) {
  const problems = [...page.consoleErrors.map((e) => `console: ${e.text} (${e.url})`), ...page.pageErrors.map((e) => `page: ${e}`)];
  if (problems.length) throw new Error(`unexpected errors in the page:\n${problems.join('\n')}`);
}
