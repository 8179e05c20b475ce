// Real local HTTP servers for the browser tests: the built page (static files) and a
// recording backend with CORS. Everything listens on 127.0.0.1, port 0 (a free port).

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (two levels above tests/browser/lib). */
export const REPO_ROOT = path.resolve(here, '..', '..', '..');
/** The built page. */
export const DIST = path.join(REPO_ROOT, 'dist');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The MIME type for a file name (by extension). */
export function mimeType(name) {
  return MIME[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** Listens on 127.0.0.1 (port 0: a free one) and resolves with the port. */
export function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/** A function that closes `server` and every open connection. */
export function closer(server) {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

/**
 * Answers a GET/HEAD for `pathname` from `overrides` (path -> string body) or from a file
 * under `rootDir` (403 outside it, 404 when missing), with the file's MIME type.
 */
export async function serveFile(req, res, { rootDir = DIST, pathname, overrides = {}, headers = {} }) {
  let body;
  if (Object.prototype.hasOwnProperty.call(overrides, pathname)) {
    body = Buffer.from(String(overrides[pathname]), 'utf8');
  } else {
    const file = path.resolve(rootDir, '.' + pathname);
    if (!file.startsWith(rootDir + path.sep)) {
      res.writeHead(403, headers);
      res.end();
      return;
    }
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
  }
  res.writeHead(200, { ...headers, 'Content-Type': mimeType(pathname), 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves `root` over HTTP. `overrides` maps a URL path ('/config.json', '/index.html')
 * to a string body served instead of the file ('/' falls back to '/index.html').
 * Every request path is recorded in `requests`.
 */
export async function startStatic({ root = DIST, overrides = {} } = {}) {
  const requests = [];
  const rootDir = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let pathname = decodeURIComponent(url.pathname);
    requests.push({ method: req.method, path: req.url });
    if (pathname.endsWith('/')) pathname += 'index.html';
    const headers = { 'Cache-Control': 'no-store' };
    // Chromium asks for /favicon.ico on its own; the page never links one. Answer
    // "no content" so the browser's own 404 does not show up as a page console error.
    if (pathname === '/favicon.ico' && !Object.prototype.hasOwnProperty.call(overrides, pathname)) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    await serveFile(req, res, { rootDir, pathname, overrides, headers });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, close: closer(server) };
}

const ALLOWED_HEADERS = ['Content-Type', 'Idempotency-Key', 'Accept'];

function corsHeaders(req) {
  const requested = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const allow = [...ALLOWED_HEADERS];
  for (const name of requested) {
    if (!allow.some((a) => a.toLowerCase() === name.toLowerCase())) allow.push(name);
  }
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': allow.join(', '),
    'Access-Control-Expose-Headers': 'Retry-After',
    'Access-Control-Max-Age': '0',
  };
}

function parseBody(text, contentType) {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return { json: JSON.parse(text), form: undefined };
    } catch {
      return { json: undefined, form: undefined };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const params = new URLSearchParams(text);
    return { json: undefined, form: Object.fromEntries(params), formKeys: [...params.keys()] };
  }
  return { json: undefined, form: undefined };
}

/**
 * Reads a whole request into the record every test server keeps: method, path, pathname,
 * query, headers, the body as `text` and, by content type, `json` or `form` (+ `formKeys`
 * in order), and `at` (arrival time).
 */
export function readRequest(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url, 'http://localhost');
      resolve({
        method: req.method,
        path: req.url,
        pathname: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...req.headers },
        text,
        ...parseBody(text, req.headers['content-type']),
        at: Date.now(),
      });
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The default answer: 201 with the posted id, or an empty comment list for GETs. */
export function defaultRespond(request) {
  if (request.method === 'POST' && request.json && 'body' in request.json && 'author' in request.json) {
    return { status: 201, body: storedComment(request.json) };
  }
  if (request.method === 'POST') {
    const id = request.json?.id ?? request.form?.id ?? `srv-${Date.now()}`;
    return { status: 201, body: { id } };
  }
  return { status: 200, body: { comments: [], next: null } };
}

/**
 * A recording backend. Each non-OPTIONS request is answered by `respond(request, index)`,
 * which returns `{ status, headers, body, delayMs }` (or a promise of it); `body` may be a
 * string or a value sent as JSON; `undefined` falls back to `defaultRespond`.
 * `index` counts non-OPTIONS requests. Preflights go to `preflights`, also in `all`.
 */
export async function startBackend({ respond = defaultRespond } = {}) {
  const requests = [];
  const preflights = [];
  const all = [];
  const server = http.createServer((req, res) => {
    readRequest(req).then(async (request) => {
      const record = { ...request, preflight: req.method === 'OPTIONS' };
      all.push(record);
      const cors = corsHeaders(req);
      if (record.preflight) {
        preflights.push(record);
        res.writeHead(204, cors);
        res.end();
        return;
      }
      const index = requests.length;
      requests.push(record);
      let answer;
      try {
        answer = (await respond(record, index)) ?? defaultRespond(record, index);
      } catch (error) {
        answer = { status: 500, body: { error: `test backend: ${error.message}` } };
      }
      if (answer.delayMs) await sleep(answer.delayMs);
      const status = answer.status ?? 200;
      let body = answer.body ?? '';
      const headers = { ...cors, 'Cache-Control': 'no-store', ...(answer.headers ?? {}) };
      if (typeof body !== 'string') {
        body = JSON.stringify(body);
        headers['Content-Type'] ??= 'application/json; charset=utf-8';
      }
      if (!res.destroyed) {
        res.writeHead(status, headers);
        res.end(body);
      }
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    preflights,
    all,
    close: closer(server),
  };
}

/**
 * A `respond` that answers GETs of `path` (default '/comments') with `comments` as
 * `{"comments": [...], "next": null}` and delegates everything else to `otherwise`.
 */
export function commentsResponder(comments, { path: commentsPath = '/comments', otherwise = defaultRespond } = {}) {
  return (request, index) => {
    if (request.method === 'GET' && request.pathname === commentsPath) {
      return { status: 200, body: { comments, next: null } };
    }
    return otherwise(request, index);
  };
}

/** Polls `predicate` (sync or async) until it returns a truthy value or `timeout` ms pass. */
export async function waitFor(predicate, { timeout = 10_000, interval = 25, message } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) {
      throw new Error(`waitFor timed out after ${timeout} ms${message ? `: ${message}` : ''}`);
    }
    await sleep(interval);
  }
}

/** Waits `ms` milliseconds (for checking that something does NOT happen). */
export { sleep };

let cachedIndex;
/** The text of dist/index.html (it names the hashed assets). */
export async function distIndexHtml() {
  cachedIndex ??= await readFile(path.join(DIST, 'index.html'), 'utf8');
  return cachedIndex;
}

/** dist/index.html with the `<main ...>` opening tag replaced by `mainTag`. */
export async function indexWithMain(mainTag) {
  const html = await distIndexHtml();
  if (!/<main\b[^>]*>/.test(html)) throw new Error('no <main> tag found in dist/index.html');
  return html.replace(/<main\b[^>]*>/, () => mainTag);
}

/**
 * dist/index.html without its prerender mark: the app renders it from scratch in the
 * browser, exactly as it renders a widget on a partner page (language from the stored
 * choice or the browser, toggle buttons). Prerendered pages are tested in prerender.test.js.
 */
export function clientRenderedIndex() {
  return indexWithMain('<main data-solidarity data-standalone>');
}

/** The default config (dist/config.json) as an object, deep-copied, with `changes` merged. */
export function config(changes = {}) {
  const base = {
    default_lang: 'en',
    messages: {
      endpoint: '/api/messages',
      encoding: 'json',
      headers: {},
      fields: {},
      extra: {},
      timeout_ms: 10000,
    },
    comments: { endpoint: '/api/comments', static: 'comments.json' },
  };
  return {
    ...base,
    ...changes,
    messages: { ...base.messages, ...(changes.messages ?? {}) },
    comments: { ...base.comments, ...(changes.comments ?? {}) },
  };
}

/**
 * An independent statement of the Russian typography rule (src/typography.rs), as the
 * oracle the tests hold the page to: a no-break space after a one-letter word (в к с у о
 * и я а), before an em or en dash, and between a number and the word or digits after it.
 */
export function typesetRussian(text) {
  return text
    .replace(/(^|[\s«„“"'([{])([вксуоияаВКСУОИЯА]) (?=\S)/g, '$1$2\u00a0')
    .replace(/(^|[\s«„“"'([{])([вксуоияаВКСУОИЯА]) (?=\S)/g, '$1$2\u00a0')
    .replace(/ (?=[—–])/g, '\u00a0')
    .replace(/([0-9]|\{n\}) (?=[\p{L}\p{N}])/gu, '$1\u00a0');
}

const UNTYPESET = new Set(['href', 'published', 'type', 'tagline_lang']);

/** Every text of a content file through `typeset`, link targets and codes aside. */
function typesetAll(value, typeset, key = '') {
  if (typeof value === 'string') return UNTYPESET.has(key) ? value : typeset(value);
  if (Array.isArray(value)) return value.map((item) => typesetAll(item, typeset));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typesetAll(v, typeset, k)]));
  }
  return value;
}

/** Reads content/<lang>.json (the article text), as the page shows it (Russian typeset). */
export async function articleContent(lang) {
  const raw = JSON.parse(await readFile(path.join(REPO_ROOT, 'content', `${lang}.json`), 'utf8'));
  return lang === 'ru' ? typesetAll(raw, typesetRussian) : raw;
}

/** Reads dist/comments.json (the seed comments). */
export async function seedComments() {
  return JSON.parse(await readFile(path.join(DIST, 'comments.json'), 'utf8')).comments;
}

/** The comment a backend would store for a posted comment (the 201 body). */
export function storedComment(posted, createdAt = new Date().toISOString()) {
  return {
    id: posted.id,
    parent_id: posted.parent_id ?? null,
    author: posted.author,
    body: posted.body,
    created_at: createdAt,
  };
}

/**
 * The usual test setup: a backend (GET /comments answers `comments`, default the seed
 * comments; other requests go to `respond`, default `defaultRespond`) and the static page
 * whose config.json points messages at `${backend}/messages` and comments at
 * `${backend}/comments`. `configChanges(backendUrl)` may return changes to that config;
 * `overrides(backendUrl)` extra static overrides; `clientRendered` serves the page without
 * its prerendered HTML (see clientRenderedIndex). Returns {url, backend, site, config, close}.
 */
export async function startSite({ comments, respond = defaultRespond, configChanges, overrides, clientRendered = false } = {}) {
  const list = comments ?? (await seedComments());
  const backend = await startBackend({ respond: commentsResponder(list, { otherwise: respond }) });
  const base = config({
    messages: { endpoint: `${backend.url}/messages` },
    comments: { endpoint: `${backend.url}/comments`, static: 'comments.json' },
  });
  const changes = configChanges ? configChanges(backend.url) : {};
  const cfg = {
    ...base,
    ...changes,
    messages: { ...base.messages, ...(changes.messages ?? {}) },
    comments: { ...base.comments, ...(changes.comments ?? {}) },
  };
  const site = await startStatic({
    overrides: {
      '/config.json': JSON.stringify(cfg),
      ...(clientRendered ? { '/index.html': await clientRenderedIndex() } : {}),
      ...(overrides ? await overrides(backend.url) : {}),
    },
  });
  return {
    url: `${site.url}/`,
    backend,
    site,
    config: cfg,
    async close() {
      await site.close();
      await backend.close();
    },
  };
}
