// Servers and probes for the embedding tests: the built dist/ as the campaign's origin
// (with CORS, as docs/embedding.md asks of the campaign's host), a partner site on another
// origin, and helpers that look inside an instance's shadow root.

import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST, mimeType, listen, closer } from './servers.js';
import { TIMEOUT } from './browser.js';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";


/**
 * Serves files. `files(pathname)` returns a string/Buffer body (or undefined: then the file
 * under `root`, if any). `cors` adds Access-Control-Allow-Origin: * to every answer;
 * `csp` is sent as Content-Security-Policy with HTML answers. Requests go to `requests`.
 */
async function serve({ root, files = () => undefined, cors = false, csp, prefix = '' } = {}) {
  const requests = [];
  const rootDir = root && path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let pathname = decodeURIComponent(url.pathname);
    requests.push({ method: req.method, path: req.url, origin: req.headers.origin ?? null });
    if (prefix) pathname = pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : '/__outside_the_prefix__';
    if (pathname.endsWith('/')) pathname += 'index.html';
    const headers = { 'Cache-Control': 'no-store' };
    if (cors) headers['Access-Control-Allow-Origin'] = '*';
    if (pathname === '/favicon.ico') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    let body = files(pathname);
    if (body === undefined && rootDir) {
      const file = path.resolve(rootDir, '.' + pathname);
      if (file.startsWith(rootDir + path.sep)) body = await readFile(file).catch(() => undefined);
    }
    if (body === undefined) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    body = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
    const type = mimeType(pathname);
    if (csp && type.startsWith('text/html')) headers['Content-Security-Policy'] = csp;
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, close: closer(server) };
}

/** The built dist/ with CORS. `overrides` maps a path ('/config.json') to a body;
 *  with `prefix` ('/cdn/v1') dist/ is served under that path only. */
export function startCampaign({ overrides = {}, csp, prefix = '' } = {}) {
  return serve({
    root: DIST,
    cors: true,
    csp,
    prefix,
    files: (pathname) => (Object.prototype.hasOwnProperty.call(overrides, pathname) ? overrides[pathname] : undefined),
  });
}

/** A partner site: `pages` maps a path ('/news/story.html') to an HTML string. */
export function startPartner(pages, { csp } = {}) {
  return serve({
    csp,
    files: (pathname) => (Object.prototype.hasOwnProperty.call(pages, pathname) ? pages[pathname] : undefined),
  });
}

/** A whole HTML page around `body`, with `head` extras. */
export function html({ head = '', body = '' } = {}) {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Partner</title>${head}</head><body>${body}</body></html>`;
}

/** Waits until the instance in `host` (a selector in the light DOM) has mounted in its
 *  shadow root, shows its article heading, and its configuration has settled. */
export async function waitForWidget(page, host, { timeout = TIMEOUT } = {}) {
  try {
    await page.waitForFunction(
      (host) => {
        const root = document.querySelector(host)?.shadowRoot;
        const container = root?.querySelector('.solidarity-root');
        if (!container || container.hidden) return false;
        const h1 = root.querySelector('[data-testid=article] h1');
        if (!h1 || h1.getBoundingClientRect().height === 0) return false;
        return Boolean(
          root.querySelector('[data-testid=config-error]') ||
            root.querySelector('[data-testid=support-form] button[type=submit]:not([disabled])'),
        );
      },
      host,
      { timeout },
    );
  } catch (error) {
    const state = await page
      .evaluate((host) => {
        const element = document.querySelector(host);
        return element ? { attributes: element.getAttributeNames(), shadow: element.shadowRoot?.innerHTML.slice(0, 500) ?? null } : 'no such element';
      }, host)
      .catch(() => '(page gone)');
    throw new Error(`the widget in ${host} never mounted: ${JSON.stringify(state)}\n${error.message}`);
  }
}

export const PROBED = [
  'font-size',
  'font-family',
  'font-weight',
  'color',
  'background-color',
  'line-height',
  'letter-spacing',
  'text-transform',
  'display',
  'visibility',
  'padding-top',
  'padding-left',
  'border-top-width',
  'border-top-style',
  'width',
  'height',
  'margin-top',
  'appearance',
];

/**
 * Computed styles (the PROBED properties) of elements inside `host`'s shadow root:
 * `selectors` maps a label to a selector within the shadow root.
 */
export function shadowStyles(page, host, selectors) {
  return page.evaluate(
    ({ host, selectors, props }) => {
      const root = document.querySelector(host).shadowRoot;
      return Object.fromEntries(
        Object.entries(selectors).map(([label, selector]) => {
          const element = root.querySelector(selector);
          if (!element) return [label, null];
          const style = getComputedStyle(element);
          return [label, Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]))];
        }),
      );
    },
    { host, selectors, props: PROBED },
  );
}

/** Computed styles (the PROBED properties) of light-DOM elements of the page. */
export function pageStyles(page, selectors) {
  return page.evaluate(
    ({ selectors, props }) =>
      Object.fromEntries(
        Object.entries(selectors).map(([label, selector]) => {
          const element = document.querySelector(selector);
          if (!element) return [label, null];
          const style = getComputedStyle(element);
          return [label, Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]))];
        }),
      ),
    { selectors, props: PROBED },
  );
}

/** Text of the article heading inside `host`'s shadow root. */
export function headingOf(page, host) {
  return page.evaluate((host) => document.querySelector(host).shadowRoot.querySelector('[data-testid=article] h1')?.textContent ?? null, host);
}

/** The `lang` attribute of the instance root inside `host`'s shadow root. */
export function langOf(page, host) {
  return page.evaluate((host) => document.querySelector(host).shadowRoot.querySelector('.solidarity')?.getAttribute('lang') ?? null, host);
}

/** Records `securitypolicyviolation` events from the start of every document of the page
 *  into `window.__cspViolations` (read it with cspViolations). */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (event) => window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`),
      true,
    );
  });
}

export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['(recorder missing)']);
}
