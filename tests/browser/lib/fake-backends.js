// Fake backends for the preset and delivery tests: real local HTTP servers that speak
// each service's documented contract (success and error bodies), record every request,
// store accepted messages by id, and track how many requests per id are in flight.
// Also a page server that answers POST / (Netlify's same-site form posts).

import http from 'node:http';
import { sleep, listen, serveFile, readRequest } from './servers.js';
import { TIMEOUT, waitForApp } from './browser.js';

function closer(server, sockets) {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

/** A free port on 127.0.0.1: bound from port 0, then released (for "server down"). */
export async function freePort() {
  const server = http.createServer();
  const port = await listen(server, 0);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The message id a request carries, whatever the preset's body shape. */
export function messageIdOf(record) {
  return (
    record.json?.id ??
    record.json?.person?.custom_fields?.solidarity_id ??
    record.form?.id ??
    record.headers?.['idempotency-key'] ??
    null
  );
}

function cors(req, exposeHeaders) {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
    'Access-Control-Max-Age': '0',
    ...(exposeHeaders ? { 'Access-Control-Expose-Headers': exposeHeaders } : {}),
  };
}

/**
 * A recording backend with CORS. `respond(record, index)` returns
 * `{status, headers, body, delayMs, hang}` (or a promise of it): `hang: true` never answers
 * (the connection stays open until the client gives up or the server closes); a 2xx
 * answer stores the message under its id (`stored`, a Map id -> body) unless `store: false`.
 * `holdMs` delays every answer (to make concurrent requests overlap). `port` re-binds a
 * known port. Records (`posts`, `preflights`) carry `at` (arrival), `doneAt` (answered or
 * closed), `id` and `inFlightPerId` (the number in progress for that id when it arrived).
 * Only POSTs are in `posts`; other methods go to `respond` with index -1 and into `gets`.
 */
export async function startFakeBackend({
  respond = () => ({ status: 201 }),
  port = 0,
  holdMs = 0,
  exposeHeaders = 'Retry-After',
  corsEnabled = true,
} = {}) {
  const posts = [];
  const gets = [];
  const preflights = [];
  const stored = new Map();
  const inFlight = new Map();
  let maxInFlightPerId = 0;
  const overlaps = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    readRequest(req).then(async (request) => {
      const corsHeaders = corsEnabled ? cors(req, exposeHeaders) : {};
      const record = { ...request, doneAt: null };
      if (req.method === 'OPTIONS') {
        preflights.push(record);
        res.writeHead(204, corsHeaders);
        res.end();
        record.doneAt = Date.now();
        return;
      }
      if (req.method !== 'POST') {
        // Reads (such as GET /comments): answered by `respond`, recorded apart, never stored.
        gets.push(record);
        let answer;
        try {
          answer = (await respond(record, -1)) ?? { status: 404 };
        } catch (error) {
          answer = { status: 500, body: { error: `fake backend: ${error.message}` } };
        }
        let body = answer.body ?? '';
        const headers = { ...corsHeaders, 'Cache-Control': 'no-store', ...(answer.headers ?? {}) };
        if (typeof body !== 'string') {
          body = JSON.stringify(body);
          headers['Content-Type'] ??= 'application/json; charset=utf-8';
        }
        res.writeHead(answer.status ?? 200, headers);
        res.end(body);
        record.doneAt = Date.now();
        return;
      }
      record.id = messageIdOf(record);
      const index = posts.length;
      posts.push(record);
      const now = (inFlight.get(record.id) ?? 0) + 1;
      inFlight.set(record.id, now);
      record.inFlightPerId = now;
      if (now > 1) overlaps.push({ id: record.id, at: record.at, count: now });
      maxInFlightPerId = Math.max(maxInFlightPerId, now);
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        record.doneAt = Date.now();
        inFlight.set(record.id, inFlight.get(record.id) - 1);
      };
      res.on('close', finish);
      let answer;
      try {
        answer = (await respond(record, index)) ?? { status: 201 };
      } catch (error) {
        answer = { status: 500, body: { error: `fake backend: ${error.message}` } };
      }
      if (answer.hang) return; // never answer; `finish` runs when the client aborts
      const wait = Math.max(holdMs, answer.delayMs ?? 0);
      if (wait) await sleep(wait);
      const status = answer.status ?? 200;
      let body = answer.body ?? '';
      const headers = { ...corsHeaders, 'Cache-Control': 'no-store', ...(answer.headers ?? {}) };
      if (typeof body !== 'string') {
        body = JSON.stringify(body);
        headers['Content-Type'] ??= 'application/json; charset=utf-8';
      }
      if (res.destroyed) {
        finish();
        return;
      }
      record.status = status;
      if (status >= 200 && status < 300 && answer.store !== false && record.id) {
        stored.set(record.id, record.json ?? record.form ?? record.text);
      }
      res.writeHead(status, headers);
      res.end(body, finish);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const bound = await listen(server, port);
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    posts,
    gets,
    preflights,
    stored,
    overlaps,
    get maxInFlightPerId() {
      return maxInFlightPerId;
    },
    close: closer(server, sockets),
  };
}

// ---------------------------------------------------------------------------------------
// Contract responders: what each service answers (from its public documentation).

const looksLikeEmail = (text) => typeof text === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);

/**
 * Formspree (POST https://formspree.io/f/{form_id} with Accept: application/json):
 * 200 `{"next": ..., "ok": true}`; 404 `{"error": "Form not found"}` for another form id;
 * 422 `{"error": "Validation errors", "errors": [{code, field, message}]}` when `email`
 * is not deliverable (`rejectEmail(address)` decides).
 */
export function formspreeResponder({ formId = 'xyzabcde', rejectEmail = () => false } = {}) {
  return (record) => {
    if (record.method !== 'POST' || record.pathname !== `/f/${formId}`) {
      return { status: 404, body: { error: 'Form not found' }, store: false };
    }
    const data = record.json ?? record.form;
    if (!data) return { status: 400, body: { error: 'Unsupported content type' }, store: false };
    if (data._gotcha) return { status: 200, body: { next: 'https://formspree.io/thanks', ok: true }, store: false };
    const email = data.email;
    if (email != null && email !== '' && (!looksLikeEmail(email) || rejectEmail(email))) {
      return {
        status: 422,
        body: {
          error: 'Validation errors',
          errors: [{ code: 'TYPE_EMAIL', field: 'email', message: 'should be an email' }],
        },
        store: false,
      };
    }
    return { status: 200, body: { next: `https://formspree.io/thanks?language=en`, ok: true } };
  };
}

/**
 * Web3Forms (POST https://api.web3forms.com/submit, JSON): 200
 * `{"success": true, "message": "Email sent successfully!"}`; an unknown `access_key`
 * gets a 200 with `{"success": false, "message": "Invalid access key"}` (not stored).
 */
export function web3formsResponder({ accessKey = 'test-access-key-0001' } = {}) {
  return (record) => {
    if (record.method !== 'POST' || record.pathname !== '/submit') {
      return { status: 404, body: { success: false, message: 'Not found' }, store: false };
    }
    const data = record.json ?? {};
    if (data.access_key !== accessKey) {
      return { status: 200, body: { success: false, message: 'Invalid access key' }, store: false };
    }
    if (data.botcheck) return { status: 200, body: { success: true, message: 'Email sent successfully!' }, store: false };
    return {
      status: 200,
      body: { success: true, body: { data: { ...data, access_key: undefined } }, message: 'Email sent successfully!' },
    };
  };
}

/**
 * Action Network form submission helper (POST /api/v2/forms/{id}/submissions, OSDI):
 * 200 with the submission resource; 400 `{"error": ...}` without an email address.
 */
export function actionNetworkResponder({ formId = 'solidarity-form-0001' } = {}) {
  return (record) => {
    if (record.method !== 'POST' || record.pathname !== `/api/v2/forms/${formId}/submissions`) {
      return { status: 404, body: { error: 'Not found' }, store: false };
    }
    const address = record.json?.person?.email_addresses?.[0]?.address;
    if (!address) {
      return { status: 400, body: { error: 'You must specify a valid person email address' }, store: false };
    }
    const now = new Date().toISOString();
    const submission = `sub-${Date.now()}`;
    return {
      status: 200,
      body: {
        identifiers: [`action_network:${submission}`],
        created_date: now,
        modified_date: now,
        _links: {
          self: { href: `https://actionnetwork.org/api/v2/forms/${formId}/submissions/${submission}` },
          'osdi:form': { href: `https://actionnetwork.org/api/v2/forms/${formId}` },
          'osdi:person': { href: 'https://actionnetwork.org/api/v2/people/person-0001' },
        },
      },
    };
  };
}

// ---------------------------------------------------------------------------------------
// A page server that also answers form posts (Netlify serves the site and receives them).

/**
 * Serves dist/ with `/config.json` replaced by `config` and handles `POST` like Netlify
 * Forms: a known `form-name` gets 303 to `thanksPath` (which answers 200 HTML), an unknown
 * one 404. Requests are recorded in `requests`; accepted posts are stored by id.
 */
export async function startNetlifySite({ config, formName = 'support', thanksPath = '/thank-you/' } = {}) {
  const requests = [];
  const posts = [];
  const stored = new Map();
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    readRequest(req).then(async (record) => {
      const url = new URL(req.url, 'http://localhost');
      requests.push(record);
      const noStore = { 'Cache-Control': 'no-store' };
      if (req.method === 'POST') {
        record.id = messageIdOf(record);
        posts.push(record);
        if (!record.form || record.form['form-name'] !== formName) {
          res.writeHead(404, { ...noStore, 'Content-Type': 'text/html; charset=utf-8' });
          res.end('<h1>Page not found</h1>');
          return;
        }
        if (!record.form['bot-field']) stored.set(record.id, record.form);
        res.writeHead(303, { ...noStore, Location: thanksPath });
        res.end();
        return;
      }
      let pathname = decodeURIComponent(url.pathname);
      if (pathname === thanksPath) {
        res.writeHead(200, { ...noStore, 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Thank you!</title><h1>Thank you!</h1><p>Your form submission has been received.</p>');
        return;
      }
      if (pathname === '/favicon.ico') {
        res.writeHead(204, noStore);
        res.end();
        return;
      }
      if (pathname.endsWith('/')) pathname += 'index.html';
      await serveFile(req, res, { pathname, overrides: { '/config.json': JSON.stringify(config) }, headers: noStore });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, 0);
  return { url: `http://127.0.0.1:${port}`, port, requests, posts, stored, close: closer(server, sockets) };
}

/**
 * Opens another tab (page) in the same browser context as `page` (so it shares
 * localStorage and Web Locks), with the same error/request bookkeeping as openPage.
 */
export async function openSecondTab(page, url) {
  const tab = await page.context().newPage();
  tab.consoleErrors = [];
  tab.pageErrors = [];
  tab.requests = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') tab.consoleErrors.push({ text: message.text(), url: message.location()?.url ?? '' });
  });
  tab.on('pageerror', (error) => tab.pageErrors.push(String(error?.stack ?? error)));
  tab.on('request', (request) => tab.requests.push({ method: request.method(), url: request.url() }));
  await tab.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  await waitForApp(tab);
  return tab;
}
