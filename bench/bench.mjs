// Performance benchmark of the Solidarity page (dist/), in headless Chromium over loopback.
//
//   node bench/bench.mjs [--runs N] [--slow-runs N] [--no-slow] [--toggles N] [--dist DIR]
//
// Prints a readable report and, as its last line, one JSON object. Exit status: 0 when the
// measurements were taken (budgets over or not: this is a report), 1 when they failed.
// Every wait is bounded (30 s at most) and a watchdog ends the whole run.

import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { snapshotDir, startServer } from './server.mjs';
import { generateComments, expectationsOf, staticArticleHtml } from './fixtures.mjs';
import { probe, toggleInPage } from './probe.js';
import { layoutShiftInPage, showMoreInPage, scrollToThreadInPage } from './probe-hard.js';
import { hardFigures, printHard, hardBudgets } from './hard.mjs';
import { wasmBytes, printWasmBytes } from './wasm-bytes.mjs';
import { partnerPageHtml, partnerProbe, partnerFigures, printPartner } from './partner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const WAIT_MS = 30_000; // the longest any single wait may take
const BUDGET = { bytesBr: 120_000, toggleMs: 16, commentsRatio: 1.2, articleRatio: 1.2, cls: 0.05, showMoreMs: 200 };
const PAGE_SIZE = 50;
const SHOW_MORE = 10; // presses of "show more" per run at 10,000

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { runs: 7, slowRuns: null, slow: true, toggles: 6, dist: path.join(ROOT, 'dist'), warmup: 1 };
  const int = (v, name, min = 1, max = 100) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} needs an integer ${min}..${max}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [key, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (key === '--runs') opts.runs = int(value(), '--runs');
    else if (key === '--slow-runs') opts.slowRuns = int(value(), '--slow-runs');
    else if (key === '--no-slow') opts.slow = false;
    else if (key === '--toggles') opts.toggles = Math.ceil(int(value(), '--toggles', 2, 50) / 2) * 2; // even: ends in English
    else if (key === '--warmup') opts.warmup = int(value(), '--warmup', 0, 10);
    else if (key === '--dist') opts.dist = path.resolve(value());
    else if (key === '--only') opts.only = new Set(value().split(',').filter(Boolean));
    else if (key === '-h' || key === '--help') {
      console.log('usage: node bench/bench.mjs [--runs N] [--slow-runs N] [--no-slow] [--toggles N] [--warmup N] [--dist DIR] [--only f1k,f10k,...]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  opts.slowRuns ??= opts.runs;
  return opts;
}

// ---------------------------------------------------------------- helpers
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const min = (xs) => { const v = xs.filter(Number.isFinite); return v.length ? Math.min(...v) : null; };
const max = (xs) => { const v = xs.filter(Number.isFinite); return v.length ? Math.max(...v) : null; };
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const ms = (x) => (x == null ? '—' : `${x.toFixed(1)} ms`);
const kb = (b) => (b == null ? '—' : `${(b / 1000).toFixed(1)} kB`);
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'PASS' : 'OVER');

const brCache = new Map();
function brotliSize(buf) {
  if (!buf) return 0;
  let size = brCache.get(buf);
  if (size == null) {
    size = zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length;
    brCache.set(buf, size);
  }
  return size;
}

function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '—')));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Section sizes of a wasm binary (raw and brotli), to show where the wasm bytes go. */
function wasmSections(buf) {
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
  if (!buf || buf.length < 8 || buf.readUInt32LE(0) !== 0x6d736100) return null;
  const out = [];
  let p = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = buf[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && p < buf.length);
    return result;
  };
  let guard = 0;
  while (p < buf.length && guard++ < 1000) {
    const id = buf[p++];
    const size = leb();
    const start = p;
    let name = names[id] ?? `id${id}`;
    if (id === 0) {
      const len = leb();
      name = `custom "${buf.subarray(p, p + len).toString('utf8')}"`;
    }
    const bytes = buf.subarray(start, start + size);
    out.push({ section: name, raw: size, br: brotliSize(bytes) });
    p = start + size;
  }
  return out;
}

// ---------------------------------------------------------------- browser work
let browser;
const openContexts = new Set();

async function newPage({ throttle = 1, expect, locale = 'en-US' }) {
  const context = await browser.newContext({ locale, viewport: { width: 1024, height: 900 }, serviceWorkers: 'block' });
  openContexts.add(context);
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e?.message ?? e}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console.error: ${m.text()}`);
  });
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  await page.addInitScript(probe, expect);
  page.dispose = async () => {
    openContexts.delete(context);
    await context.close().catch(() => {});
  };
  return page;
}

/**
 * The partner page (bench/partner.mjs); with `hold`, every .wasm request waits until the
 * article has been seen in the widget's shadow root, and is then let through.
 */
async function partnerLoad(server, { throttle, hold }) {
  const page = await newPage({ throttle, expect: {} });
  try {
    await page.addInitScript(partnerProbe);
    const waiting = [];
    let received = 0;
    if (hold) await page.route('**/*.wasm', (route) => waiting.push(route));
    page.on('response', async (response) => {
      if (response.url().endsWith('.wasm')) received += (await response.body().catch(() => Buffer.alloc(0))).length;
    });
    await page.goto(server.url + '/__bench/partner.html', { waitUntil: 'commit', timeout: WAIT_MS });
    await page.waitForFunction(() => window.__partner?.article != null, null, { timeout: WAIT_MS, polling: 50 });
    const wasmBytesBeforeArticle = received;
    for (const route of waiting.splice(0)) await route.continue().catch(() => {});
    if (!hold) await page.waitForFunction(() => window.__partner?.form != null, null, { timeout: WAIT_MS, polling: 50 });
    const marks = await page.evaluate(() => window.__partner);
    const wasmResponseEnd = await page.evaluate(() => performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? null);
    return { marks, wasmBytesBeforeArticle, wasmResponseEnd: hold ? null : wasmResponseEnd, problems: page.problems };
  } finally {
    await page.dispose();
  }
}

/** Waits (bounded) until the probe has recorded every mark in `keys`. */
async function waitMarks(page, keys, timeout = WAIT_MS, optional = ['articlePaint']) {
  try {
    await page.waitForFunction((keys) => keys.every((k) => window.__bench?.marks?.[k] != null), keys, { timeout, polling: 100 });
  } catch (error) {
    const state = await page
      .evaluate(() => ({ marks: window.__bench?.marks, errors: window.__bench?.errors, count: document.querySelector('[data-testid=comment-count]')?.textContent, body: document.body?.innerText?.slice(0, 300) }))
      .catch(() => '(page gone)');
    throw new Error(`waiting for ${keys.join(', ')}: ${error.message.split('\n')[0]}; probe state: ${JSON.stringify(state)}; page problems: ${JSON.stringify(page.problems)}`);
  }
  // Element Timing entries arrive after presentation; give them a short, bounded while.
  await page
    .waitForFunction((keys) => keys.every((k) => window.__bench?.marks?.[k] != null), optional, { timeout: 3_000, polling: 100 })
    .catch(() => {});
  return page.evaluate(() => ({
    marks: window.__bench.marks,
    wasm: window.__bench.wasm ?? [],
    commentsInDom: window.__bench.commentsInDom,
    topInDom: window.__bench.topInDom,
    mutations: window.__bench.mutations,
    errors: window.__bench.errors,
    resources: performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, start: e.startTime, responseEnd: e.responseEnd })),
    nav: (() => {
      const n = performance.getEntriesByType('navigation')[0];
      return n ? { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null;
    })(),
  }));
}

/** One load of the wasm page. `keys` are the marks to wait for. */
async function loadPage(server, { url = '/', throttle, expect, keys, toggles = 0, collectBytes = false, trace = false, prepare, extra }) {
  const page = await newPage({ throttle, expect });
  try {
    server.log.length = 0;
    await page.goto(server.url + url, { waitUntil: 'commit', timeout: WAIT_MS });
    const result = await waitMarks(page, keys);
    if (collectBytes) {
      await server.idle({ quietMs: 400, timeoutMs: 10_000 });
      result.responses = server.log.map((e) => ({ path: e.path, status: e.status, type: e.type, raw: e.bytes, br: brotliSize(e.body) }));
    }
    if (prepare) result.prepared = await page.evaluate(prepare);
    if (toggles > 0) {
      result.toggles = await page.evaluate(toggleInPage, { count: toggles, timeoutMs: 10_000 });
      if (trace) result.trace = await traceToggle(page);
    }
    if (extra) result.extra = await page.evaluate(extra.fn, extra.arg);
    result.problems = page.problems;
    return result;
  } finally {
    await page.dispose();
  }
}

/**
 * Diagnostic: one extra switch to Russian and back to English under a Chromium performance
 * trace, split into script / style / layout / paint time on the renderer main thread
 * (union of the intervals of each kind of event). Tracing adds overhead: use the split, not
 * the absolute figures. Returns null when the trace cannot be taken.
 */
async function traceToggle(page) {
  try {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    let measured;
    let buffer;
    try {
      // The measured switches were an even number, so the page is in English: this goes to Russian.
      measured = await page.evaluate(toggleInPage, { count: 1, timeoutMs: 10_000 });
      await page.waitForTimeout(150);
    } finally {
      buffer = await browser.stopTracing();
    }
    return { ...splitTrace(JSON.parse(buffer.toString('utf8'))), dom: measured[0].dom, painted: measured[0].painted };
  } catch (error) {
    return { error: String(error?.message ?? error).slice(0, 300) };
  }
}

function splitTrace(json) {
  const events = Array.isArray(json) ? json : json.traceEvents ?? [];
  const mains = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const kinds = {
    script: ['EventDispatch', 'FunctionCall', 'RunMicrotasks', 'v8.callFunction', 'TimerFire', 'FireAnimationFrame', 'EvaluateScript', 'v8.run'],
    style: ['UpdateLayoutTree', 'RecalculateStyles', 'ScheduleStyleRecalculation'],
    layout: ['Layout', 'UpdateLayerTree'],
    paint: ['PrePaint', 'Paint', 'Layerize', 'Commit', 'PaintImage', 'UpdateLayer', 'CompositeLayers'],
  };
  const kindOf = new Map(Object.entries(kinds).flatMap(([k, names]) => names.map((n) => [n, k])));
  // Pair B/E and take X events on the renderer main threads.
  const intervals = { script: [], style: [], layout: [], paint: [] };
  const open = new Map();
  const clicks = [];
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (!mains.has(thread)) continue;
    if (e.name === 'EventDispatch' && e.args?.data?.type === 'click') clicks.push({ thread, ts: e.ts });
    const kind = kindOf.get(e.name);
    if (!kind) continue;
    if (e.ph === 'X' && e.dur != null) intervals[kind].push([e.ts, e.ts + e.dur, thread]);
    else if (e.ph === 'B') open.set(`${thread}:${e.name}`, e.ts);
    else if (e.ph === 'E' && open.has(`${thread}:${e.name}`)) {
      intervals[kind].push([open.get(`${thread}:${e.name}`), e.ts, thread]);
      open.delete(`${thread}:${e.name}`);
    }
  }
  const click = clicks.sort((a, b) => a.ts - b.ts)[0];
  if (!click) return { error: 'no click in the trace' };
  // The window: from the click to 100 ms after it (covers the DOM update and the next frames).
  const from = click.ts, to = click.ts + 100_000;
  const out = {};
  for (const [kind, list] of Object.entries(intervals)) {
    const clipped = list
      .filter(([a, b, t]) => t === click.thread && b > from && a < to)
      .map(([a, b]) => [Math.max(a, from), Math.min(b, to)])
      .sort((x, y) => x[0] - y[0]);
    let total = 0, cur = null;
    for (const [a, b] of clipped) {
      if (!cur || a > cur[1]) {
        if (cur) total += cur[1] - cur[0];
        cur = [a, b];
      } else cur[1] = Math.max(cur[1], b);
    }
    if (cur) total += cur[1] - cur[0];
    out[kind] = total / 1000;
  }
  // Script intervals can contain forced style/layout; report them as they are (nested time
  // is counted in both), which is rare here: the page does not read layout while switching.
  return out;
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const slowRuns = opts.slow ? opts.slowRuns : 0;
  const watchdogMs = 120_000 + (opts.runs + opts.warmup) * 150_000 + slowRuns * 200_000;
  setTimeout(() => {
    console.error(`bench: watchdog: still running after ${Math.round(watchdogMs / 1000)} s, giving up`);
    process.exit(3);
  }, watchdogMs).unref();

  if (!existsSync(path.join(opts.dist, 'index.html'))) throw new Error(`no ${opts.dist}/index.html: build the page first (scripts/build-page.sh)`);
  const files = await snapshotDir(opts.dist);
  const indexHtml = files.get('/index.html').toString('utf8');
  const cssHref =
    indexHtml.match(/<link[^>]+rel=["']?stylesheet["']?[^>]*href=["']([^"']+\.css)["']/i)?.[1] ??
    indexHtml.match(/<link[^>]+href=["']([^"']+\.css)["'][^>]*rel=["']?stylesheet/i)?.[1] ??
    [...files.keys()].find((f) => f.endsWith('.css'));
  if (!cssHref) throw new Error('no CSS file found in dist');
  const en = JSON.parse(await readFile(path.join(ROOT, 'content', 'en.json'), 'utf8'));

  // Overrides: config without a comments endpoint (no 404), and per-scenario comments.
  const shipped = files.get('/config.json') ? JSON.parse(files.get('/config.json').toString('utf8')) : {};
  // This server is static: the wall is read from its static file, as the comments are
  // below (the shipped endpoint, /api/messages/published, would answer 404 here).
  const baseConfig = shipped.wall ? { ...shipped, wall: { ...shipped.wall, endpoint: null } } : shipped;
  const config = Buffer.from(JSON.stringify({ ...baseConfig, comments: { endpoint: null, static: 'comments.json' } }, null, 2));
  const seedJson = files.get('/comments.json')?.toString('utf8') ?? generateComments(12).json;
  const seed = { json: seedJson, ...expectationsOf(seedJson, { pageSize: PAGE_SIZE }) };
  const c1k = generateComments(1_000, { pageSize: PAGE_SIZE });
  const c10k = generateComments(10_000, { pageSize: PAGE_SIZE });
  const staticHtml = Buffer.from(staticArticleHtml(en, cssHref, 'en'));

  const base = await startServer(
    files,
    new Map([
      ['/config.json', config],
      ['/comments.json', Buffer.from(seed.json)],
      ['/__bench/static.html', staticHtml],
      ['/__bench/partner.html', Buffer.from(partnerPageHtml())],
    ]),
  );
  // Large threads as a campaign should serve them: a paginated endpoint (the reference
  // server's contract, with `total`); and, for comparison, the whole thread in one file.
  const paged = Buffer.from(JSON.stringify({ ...baseConfig, comments: { endpoint: '/api/comments', static: null } }, null, 2));
  const s1k = await startServer(files, new Map([['/config.json', paged]]), { comments: JSON.parse(c1k.json).comments });
  const s10k = await startServer(files, new Map([['/config.json', paged]]), { comments: JSON.parse(c10k.json).comments });
  const f1k = await startServer(files, new Map([['/config.json', config], ['/comments.json', Buffer.from(c1k.json)]]));
  const f10k = await startServer(files, new Map([['/config.json', config], ['/comments.json', Buffer.from(c10k.json)]]));
  const servers = [base, s1k, s10k, f1k, f10k];

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: WAIT_MS });
  const version = browser.version();
  console.log(`Solidarity performance benchmark — Chromium ${version}, node ${process.version}, ${opts.runs} runs (median)` + (opts.slow ? `, slow phone (CPU 4x) ${slowRuns} runs` : ''));
  console.log(`dist: ${opts.dist}  (${[...files.keys()].join(' ')})`);

  const errors = [];
  const problems = new Set();
  const samples = {}; // scenario -> array of results
  const push = (key, value) => (samples[key] ??= []).push(value);

  async function attempt(key, fn) {
    try {
      const result = await fn();
      if (!key.startsWith('warmup')) for (const p of result.problems ?? []) problems.add(`${key}: ${p}`);
      push(key, result);
      return result;
    } catch (error) {
      errors.push(`${key}: ${String(error?.message ?? error).slice(0, 1500)}`);
      process.stderr.write(`bench: ${key} failed: ${String(error?.message ?? error).slice(0, 400)}\n`);
      return null;
    }
  }

  const formKeys = ['articleDom', 'articleFrame', 'formUsable', 'commentsDom'];
  // Only the expectations go into the page (the init script is serialised with its argument).
  const expectOf = ({ total, firstTop }) => ({ form: true, comments: { total, firstTop } });
  // --only: a quick look at some scenarios (their figures only; the rest print as missing).
  const scenarios = (throttle, suffix, trace = false) => allScenarios(throttle, suffix, trace).filter(([key]) => !opts.only || opts.only.has(key.replace(/@4x$/, '')));
  const allScenarios = (throttle, suffix, trace = false) => [
    ['page' + suffix, () => loadPage(base, { throttle, expect: expectOf(seed), keys: formKeys, toggles: opts.toggles, collectBytes: true, trace })],
    ['static' + suffix, () => loadPage(base, { url: '/__bench/static.html', throttle, expect: {}, keys: ['articleDom', 'articleFrame'], collectBytes: true })],
    ['c1k' + suffix, () => loadPage(s1k, { throttle, expect: expectOf(c1k), keys: formKeys, toggles: 4, trace })],
    ['c10k' + suffix, () => loadPage(s10k, { throttle, expect: expectOf(c10k), keys: formKeys, toggles: 2 })],
    // The toggle with 50 threads shown, the reader scrolled into the thread.
    ['scrolled1k' + suffix, () => loadPage(s1k, { throttle, expect: expectOf(c1k), keys: formKeys, prepare: scrollToThreadInPage, toggles: 4 })],
    ...(suffix === ''
      ? [
          ['partner_held', () => partnerLoad(base, { throttle, hold: true })],
          ['partner', () => partnerLoad(base, { throttle, hold: false })],
          ['f1k', () => loadPage(f1k, { throttle, expect: expectOf(c1k), keys: formKeys })],
          ['f10k', () => loadPage(f10k, { throttle, expect: expectOf(c10k), keys: formKeys })],
          // Layout shift while scrolling the 50 threads of the first screen.
          ['shift1k', () => loadPage(s1k, { throttle, expect: expectOf(c1k), keys: formKeys, extra: { fn: layoutShiftInPage, arg: {} } })],
          // "Show more" ten times at 10,000: from the one file (no fetch) and paginated (a fetch each).
          ['more_f10k', () => loadPage(f10k, { throttle, expect: expectOf(c10k), keys: formKeys, extra: { fn: showMoreInPage, arg: { clicks: SHOW_MORE } } })],
          ['more_s10k', () => loadPage(s10k, { throttle, expect: expectOf(c10k), keys: formKeys, extra: { fn: showMoreInPage, arg: { clicks: SHOW_MORE } } })],
        ]
      : []),
  ];

  // Warm-up (discarded): the first launch pays for disk caches and Chromium start-up work.
  for (let w = 0; w < opts.warmup; w++) {
    for (const [key, fn] of scenarios(1, '')) await attempt('warmup-' + key, fn);
  }
  delete samples['warmup-page'];
  for (const key of Object.keys(samples)) if (key.startsWith('warmup')) delete samples[key];
  const warmupErrors = errors.filter((e) => e.startsWith('warmup')).length;

  for (let r = 0; r < opts.runs; r++) {
    process.stderr.write(`bench: run ${r + 1}/${opts.runs}\n`);
    // Alternate the order, so that no scenario always follows the same one.
    const list = scenarios(1, '', r === 0);
    for (const [key, fn] of r % 2 ? list.reverse() : list) await attempt(key, fn);
  }
  for (let r = 0; r < slowRuns; r++) {
    process.stderr.write(`bench: slow-phone run ${r + 1}/${slowRuns}\n`);
    const list = scenarios(4, '@4x');
    for (const [key, fn] of r % 2 ? list.reverse() : list) await attempt(key, fn);
  }

  await browser.close().catch(() => {});
  browser = undefined;
  for (const s of servers) await s.close();

  // ------------------------------------------------------------ figures
  const report = { bench: 'solidarity', version: 1, chromium: version, node: process.version, runs: opts.runs, slow_runs: slowRuns, budgets: BUDGET };
  const out = [];
  const say = (s = '') => out.push(s);
  // "Visible" is the Element Timing paint of the h1 only: runs without an entry are
  // excluded (and counted), never mixed in with an earlier, pre-paint mark.
  const visibleOf = (m) => m.articlePaint ?? null;

  // 1. Bytes
  const pageRuns = samples.page ?? [];
  const staticRuns = samples.static ?? [];
  const sumBytes = (resp) => ({ raw: resp.reduce((a, e) => a + e.raw, 0), br: resp.reduce((a, e) => a + e.br, 0) });
  const totalsPerRun = pageRuns.map((r) => sumBytes(r.responses ?? []));
  const medianBr = median(totalsPerRun.map((t) => t.br));
  const pick = pageRuns.find((r, i) => totalsPerRun[i].br === medianBr) ?? pageRuns[0];
  const distinct = new Set(totalsPerRun.map((t) => `${t.raw}/${t.br}`));
  say('1. BYTES — first load of the standalone page (response bodies; brotli q11 computed by the bench)');
  if (pick) {
    const rows = pick.responses.map((e) => [e.path, e.status, e.type.split(';')[0], e.raw, e.br, `${((100 * e.br) / medianBr).toFixed(1)}%`]);
    const total = sumBytes(pick.responses);
    rows.push(['TOTAL', '', `${pick.responses.length} responses`, total.raw, total.br, '100%']);
    say(table(['file', 'status', 'type', 'raw B', 'brotli B', 'share'], rows));
    const missing = pick.responses.filter((e) => e.status !== 200).map((e) => `${e.path} ${e.status}`);
    const why = missing.every((m) => m.startsWith('/favicon.ico')) ? ' (requested by the browser itself: the page declares no icon)' : '';
    if (missing.length) say(`   non-200 responses in the load: ${missing.join(', ')}${why}`);
    say(`budget: total brotli ≤ ${kb(BUDGET.bytesBr)} → ${kb(medianBr)}  ${verdict(medianBr <= BUDGET.bytesBr)}` + (distinct.size > 1 ? `  (totals varied across runs: ${[...distinct].join(', ')})` : ''));
    const wasmResp = pick.responses.find((e) => e.path.endsWith('.wasm'));
    const wasmBuf = wasmResp && (files.get(wasmResp.path) ?? null);
    const sections = wasmSections(wasmBuf);
    if (sections) {
      say(`   wasm ${wasmResp.path} by section (brotli of each section alone):`);
      say(table(['  section', 'raw B', 'brotli B'], sections.sort((a, b) => b.raw - a.raw).map((s) => ['  ' + s.section, s.raw, s.br])));
    }
    const staticPick = staticRuns[0];
    const staticBytes = staticPick ? sumBytes(staticPick.responses ?? []) : null;
    if (staticBytes) say(`   (the static HTML copy of the article loads ${staticPick.responses.length} responses: ${staticBytes.raw} B raw, ${staticBytes.br} B brotli)`);
    report.bytes = {
      files: pick.responses.map(({ path, status, type, raw, br }) => ({ path, status, type: type.split(';')[0], raw, br })),
      total_raw: total.raw,
      total_br: medianBr,
      budget_br: BUDGET.bytesBr,
      pass: medianBr <= BUDGET.bytesBr,
      wasm_sections: sections,
      static_total_raw: staticBytes?.raw ?? null,
      static_total_br: staticBytes?.br ?? null,
    };
  } else say('   (no successful load)');
  say();
  report.wasm_bytes = await wasmBytes(ROOT);
  printWasmBytes(report.wasm_bytes, { say, table });

  // 2. Load times
  function loadFigures(pageKey, staticKey) {
    const P = samples[pageKey] ?? [];
    const S = samples[staticKey] ?? [];
    const res = (r, suffix) => r.resources.find((e) => e.name.endsWith(suffix));
    const f = {
      n_page: P.length,
      n_static: S.length,
      html_response_end: median(P.map((r) => r.nav?.responseEnd)),
      js_response_end: median(P.map((r) => res(r, '.js')?.responseEnd)),
      wasm_response_end: median(P.map((r) => res(r, '.wasm')?.responseEnd)),
      wasm_instantiate_start: median(P.map((r) => r.wasm[0]?.start)),
      wasm_instantiate_end: median(P.map((r) => r.wasm[0]?.end)),
      config_response_end: median(P.map((r) => res(r, 'config.json')?.responseEnd)),
      article_dom: median(P.map((r) => r.marks.articleDom)),
      article_frame: median(P.map((r) => r.marks.articleFrame)),
      article_frame_done: median(P.map((r) => r.marks.articlePainted)),
      article_paint: median(P.map((r) => r.marks.articlePaint)),
      article_visible: median(P.map((r) => visibleOf(r.marks))),
      form_usable: median(P.map((r) => r.marks.formUsable)),
      static_article_dom: median(S.map((r) => r.marks.articleDom)),
      static_article_frame: median(S.map((r) => r.marks.articleFrame)),
      static_article_frame_done: median(S.map((r) => r.marks.articlePainted)),
      static_article_paint: median(S.map((r) => r.marks.articlePaint)),
      static_article_visible: median(S.map((r) => visibleOf(r.marks))),
      fcp: median(P.map((r) => r.marks.fcp)),
      static_fcp: median(S.map((r) => r.marks.fcp)),
      article_visible_min_max: [min(P.map((r) => visibleOf(r.marks))), max(P.map((r) => visibleOf(r.marks)))],
      static_visible_min_max: [min(S.map((r) => visibleOf(r.marks))), max(S.map((r) => visibleOf(r.marks)))],
    };
    f.visible_excluded_page = P.filter((r) => r.marks.articlePaint == null).length;
    f.visible_excluded_static = S.filter((r) => r.marks.articlePaint == null).length;
    f.paint_after_takeover = P.filter((r) => r.marks.articlePaint != null && r.marks.mounted != null && r.marks.articlePaint > r.marks.mounted).length;
    f.fcp_ratio = f.fcp != null && f.static_fcp ? f.fcp / f.static_fcp : null;
    f.ratio_page_static = f.article_visible != null && f.static_article_visible ? f.article_visible / f.static_article_visible : null;
    f.pass_ratio = f.ratio_page_static != null ? f.ratio_page_static <= BUDGET.articleRatio : null;
    return f;
  }
  function printLoad(title, f) {
    say(title);
    say(table(
      ['milestone (ms since navigation start)', 'wasm page', 'static HTML'],
      [
        ['HTML response end', ms(f.html_response_end), ''],
        ['JS glue response end', ms(f.js_response_end), ''],
        ['wasm response end', ms(f.wasm_response_end), ''],
        ['wasm instantiate start → end', f.wasm_instantiate_start == null ? '—' : `${ms(f.wasm_instantiate_start)} → ${ms(f.wasm_instantiate_end)}`, ''],
        ['config.json response end', ms(f.config_response_end), ''],
        ['article h1 in DOM', ms(f.article_dom), ms(f.static_article_dom)],
        ['article h1 first frame (rAF)', ms(f.article_frame), ms(f.static_article_frame)],
        ['  that frame done (rAF + posted message)', ms(f.article_frame_done), ms(f.static_article_frame_done)],
        ['article h1 painted (Element Timing)', ms(f.article_paint), ms(f.static_article_paint)],
        ['ARTICLE VISIBLE', ms(f.article_visible), ms(f.static_article_visible)],
        ['first contentful paint (any content; not part of "visible")', ms(f.fcp), ms(f.static_fcp)],
        ['  min / max over runs', `${ms(f.article_visible_min_max[0])} / ${ms(f.article_visible_min_max[1])}`, `${ms(f.static_visible_min_max[0])} / ${ms(f.static_visible_min_max[1])}`],
        ['SUPPORT FORM USABLE', ms(f.form_usable), ''],
      ],
    ));
    say(`runs excluded from "article visible" (no Element Timing entry): ${f.visible_excluded_page} of ${f.n_page} page, ${f.visible_excluded_static} of ${f.n_static} static`);
    say(`runs whose h1 paint was reported only after the take-over (the first paint's entry is lost when the take-over moves the article before the paint is reported; "visible" is then late): ${f.paint_after_takeover} of ${f.n_page}; first contentful paint page/static: ${f.fcp_ratio == null ? '—' : f.fcp_ratio.toFixed(2) + '×'}`);
    say(`ratio article visible page/static: ${f.ratio_page_static == null ? '—' : f.ratio_page_static.toFixed(2) + '×'}  budget ≤ ${BUDGET.articleRatio}×  ${verdict(f.pass_ratio)}  ("visible" = Element Timing paint of the h1)`);
    say();
  }
  report.load = loadFigures('page', 'static');
  printLoad('2. LOAD — navigation start → article visible / support form usable', report.load);

  // 3. Language toggle
  function toggleFigures(key) {
    const runs = (samples[key] ?? []).filter((r) => r.toggles?.length);
    if (!runs.length) return null;
    const perRun = (field, dir) => runs.map((r) => median(r.toggles.filter((t) => !dir || t.to === dir).map((t) => t[field])));
    const all = (field) => runs.flatMap((r) => r.toggles.map((t) => t[field]));
    const f = {
      switches_per_run: runs[0].toggles.length,
      click_handler_sync: median(perRun('afterDispatch')),
      click_to_first_mutation: median(perRun('firstMutation')),
      click_to_dom: median(perRun('dom')),
      click_to_dom_ru: median(perRun('dom', 'ru')),
      click_to_dom_en: median(perRun('dom', 'en')),
      click_to_last_mutation: median(perRun('lastMutation')),
      click_to_frame: median(perRun('frame')),
      click_to_painted: median(perRun('painted')),
      click_to_dom_max: max(all('dom')),
      click_to_painted_max: max(all('painted')),
      mutation_records: median(perRun('records')),
      nodes_added: median(perRun('added')),
      nodes_removed: median(perRun('removed')),
      character_data: median(perRun('characterData')),
      attributes: median(perRun('attributes')),
    };
    f.trace_split = runs.find((r) => r.trace)?.trace ?? null;
    f.frame_work = f.click_to_painted != null && f.click_to_frame != null ? f.click_to_painted - f.click_to_frame : null;
    f.pass_dom = f.click_to_dom != null ? f.click_to_dom <= BUDGET.toggleMs : null;
    f.pass_frame = f.click_to_painted != null ? f.click_to_painted <= BUDGET.toggleMs : null;
    return f;
  }
  function printToggle(title, f) {
    say(title);
    if (!f) return say('   (no successful run)\n');
    say(table(
      ['language switch (ms after t0 = just before click)', 'median', 'max'],
      [
        ['click handler (synchronous dispatch)', ms(f.click_handler_sync), ''],
        ['first DOM mutation', ms(f.click_to_first_mutation), ''],
        ['CLICK → NEW TEXT IN DOM (h1)', ms(f.click_to_dom), ms(f.click_to_dom_max)],
        ['   to Russian / to English', `${ms(f.click_to_dom_ru)} / ${ms(f.click_to_dom_en)}`, ''],
        ['last DOM mutation of the switch', ms(f.click_to_last_mutation), ''],
        ['next frame starts (rAF)', ms(f.click_to_frame), ''],
        ['CLICK → NEXT FRAME DONE (style/layout/paint)', ms(f.click_to_painted), ms(f.click_to_painted_max)],
        ['   of which the frame itself (rAF → done)', ms(f.frame_work), ''],
      ],
    ));
    const t = f.trace_split;
    if (t && !t.error) {
      say(`trace of one extra switch to Russian (main thread, 100 ms after the click; tracing adds overhead): script ${t.script.toFixed(1)} ms, style ${t.style.toFixed(1)} ms, layout ${t.layout.toFixed(1)} ms, paint/commit ${t.paint.toFixed(1)} ms (that switch: DOM ${t.dom.toFixed(1)} ms, frame done ${t.painted.toFixed(1)} ms)`);
    } else if (t?.error) say(`(trace split unavailable: ${t.error})`);
    say(`DOM churn per switch: ${f.mutation_records} mutation records, ${f.nodes_added} nodes added, ${f.nodes_removed} removed, ${f.character_data} text edits, ${f.attributes} attribute changes`);
    say(`budget click→DOM ≤ ${BUDGET.toggleMs} ms: ${ms(f.click_to_dom)} ${verdict(f.pass_dom)};  click→next frame ≤ ${BUDGET.toggleMs} ms: ${ms(f.click_to_painted)} ${verdict(f.pass_frame)}`);
    say('   (click→next frame includes waiting for the next vsync of the 60 Hz frame clock: up to 16.7 ms even for zero work)');
    say();
  }
  report.toggle = toggleFigures('page');
  report.toggle_1k = toggleFigures('c1k');
  report.toggle_10k = toggleFigures('c10k');
  printToggle(`3. LANGUAGE TOGGLE — ${opts.toggles} switches per run (ru/en alternating), page with ${seed.total} comments`, report.toggle);
  printToggle('   the same with 1,000 comments loaded (50 threads rendered), 4 switches per run', report.toggle_1k);
  report.toggle_scrolled = toggleFigures('scrolled1k');
  printToggle('   the same, the reader scrolled to the middle of the 50 threads (what is on screen must be laid out)', report.toggle_scrolled);

  // 4. Comments
  function commentFigures(k1, k10) {
    const A = samples[k1] ?? [];
    const B = samples[k10] ?? [];
    // When the thread's data arrived: the file, or the last page fetched before the count showed.
    const res = (r) =>
      r.resources.find((e) => e.name.endsWith('comments.json'))?.responseEnd ??
      Math.max(...r.resources.filter((e) => e.name.includes('/api/comments') && e.responseEnd <= r.marks.commentsDom).map((e) => e.responseEnd));
    const f = {
      n_1k: A.length,
      n_10k: B.length,
      comments_1k: median(A.map((r) => r.marks.commentsDom)),
      comments_10k: median(B.map((r) => r.marks.commentsDom)),
      painted_1k: median(A.map((r) => r.marks.commentsPainted)),
      painted_10k: median(B.map((r) => r.marks.commentsPainted)),
      json_end_1k: median(A.map((r) => res(r))),
      json_end_10k: median(B.map((r) => res(r))),
      after_json_1k: median(A.map((r) => r.marks.commentsDom - res(r))),
      after_json_10k: median(B.map((r) => r.marks.commentsDom - res(r))),
      article_dom_1k: median(A.map((r) => r.marks.articleDom)),
      article_dom_10k: median(B.map((r) => r.marks.articleDom)),
      article_1k: median(A.map((r) => visibleOf(r.marks))),
      article_10k: median(B.map((r) => visibleOf(r.marks))),
      form_1k: median(A.map((r) => r.marks.formUsable)),
      form_10k: median(B.map((r) => r.marks.formUsable)),
      in_dom_1k: median(A.map((r) => r.commentsInDom)),
      in_dom_10k: median(B.map((r) => r.commentsInDom)),
      json_bytes_1k: Buffer.byteLength(c1k.json),
      json_bytes_10k: Buffer.byteLength(c10k.json),
      json_br_1k: brotliSize(Buffer.from(c1k.json)),
      json_br_10k: brotliSize(Buffer.from(c10k.json)),
    };
    f.ratio = f.comments_1k && f.comments_10k != null ? f.comments_10k / f.comments_1k : null;
    f.pass = f.ratio != null ? f.ratio <= BUDGET.commentsRatio : null;
    return f;
  }
  function printComments(title, f) {
    say(title);
    say(table(
      ['ms since navigation start', '1,000', '10,000'],
      [
        ['whole thread as JSON (raw / brotli)', `${kb(f.json_bytes_1k)} / ${kb(f.json_br_1k)}`, `${kb(f.json_bytes_10k)} / ${kb(f.json_br_10k)}`],
        ['article h1 in DOM', ms(f.article_dom_1k), ms(f.article_dom_10k)],
        ['article visible', ms(f.article_1k), ms(f.article_10k)],
        ['support form usable', ms(f.form_1k), ms(f.form_10k)],
        ['thread data received (file, or last page before the count)', ms(f.json_end_1k), ms(f.json_end_10k)],
        ['COUNT = N AND FIRST PAGE IN DOM', ms(f.comments_1k), ms(f.comments_10k)],
        ['   of which after the JSON arrived', ms(f.after_json_1k), ms(f.after_json_10k)],
        ['first page painted', ms(f.painted_1k), ms(f.painted_10k)],
        ['comment elements in DOM (first page)', f.in_dom_1k, f.in_dom_10k],
      ],
    ));
    say(`ratio 10,000/1,000: ${f.ratio == null ? '—' : f.ratio.toFixed(2) + '×'}  budget ≤ ${BUDGET.commentsRatio}  ${verdict(f.pass)}`);
    say();
  }
  report.comments = commentFigures('c1k', 'c10k');
  printComments(`4. COMMENTS, FIRST-SCREEN COST (not the large-thread case: both load the same first pages, so the ratio is about 1 by construction) — navigation start → "N comments" and the first ${PAGE_SIZE} threads in the DOM (1/4 replies to one of the 200 previous comments, 50–400 chars, ~1/4 Cyrillic; the 10,000 thread starts with the 1,000 one, so the first page is identical), from a paginated endpoint (/api/comments, pages of 50 with the total)`, report.comments);
  report.comments_one_file = commentFigures('f1k', 'f10k');
  printComments('4b. COMMENTS — the same threads as one static comments.json (no pagination: the whole file is fetched and parsed first)', report.comments_one_file);

  // 4c–4d. Layout shift and "show more" at 10,000
  report.hard = hardFigures(samples, { median, max, BUDGET });
  printHard(report.hard, { say, table, ms, verdict, BUDGET, clicks: SHOW_MORE });
  report.partner = partnerFigures(samples.partner_held, samples.partner, { median });
  printPartner(report.partner, { say, table, ms });

  // 5. Slow phone
  if (opts.slow) {
    const load = loadFigures('page@4x', 'static@4x');
    const toggle = toggleFigures('page@4x');
    const comments = commentFigures('c1k@4x', 'c10k@4x');
    const toggle1k = toggleFigures('c1k@4x');
    const toggleScrolled = toggleFigures('scrolled1k@4x');
    report.slow_phone = { cpu_throttle: 4, load, toggle, toggle_1k: toggle1k, toggle_scrolled: toggleScrolled, comments, bytes_note: 'bytes are the same as above (CPU throttling only)' };
    say('5. SLOW PHONE — CPU throttled 4x via CDP (Emulation.setCPUThrottlingRate), network unthrottled; bytes as in 1.');
    say(table(
      ['figure', 'wasm page', 'static HTML / budget'],
      [
        ['article visible', ms(load.article_visible), ms(load.static_article_visible)],
        ['  article h1 in DOM', ms(load.article_dom), ms(load.static_article_dom)],
        ['  wasm instantiate start → end', load.wasm_instantiate_start == null ? '—' : `${ms(load.wasm_instantiate_start)} → ${ms(load.wasm_instantiate_end)}`, ''],
        ['ratio page/static', load.ratio_page_static == null ? '—' : load.ratio_page_static.toFixed(2) + '×', ''],
        ['support form usable', ms(load.form_usable), ''],
        ['toggle click → DOM', ms(toggle?.click_to_dom), `≤ ${BUDGET.toggleMs} ms ${verdict(toggle?.pass_dom)}`],
        ['toggle click → next frame done', ms(toggle?.click_to_painted), `≤ ${BUDGET.toggleMs} ms ${verdict(toggle?.pass_frame)}`],
        ['toggle, 50 threads: click → next frame done', ms(toggle1k?.click_to_painted), `≤ ${BUDGET.toggleMs} ms ${verdict(toggle1k?.pass_frame)}`],
        ['toggle, 50 threads, scrolled: click → next frame done', ms(toggleScrolled?.click_to_painted), `≤ ${BUDGET.toggleMs} ms ${verdict(toggleScrolled?.pass_frame)}`],
        ['1,000 comments shown', ms(comments.comments_1k), ''],
        ['10,000 comments shown', ms(comments.comments_10k), ''],
        ['ratio 10,000/1,000', comments.ratio == null ? '—' : comments.ratio.toFixed(2) + '×', `≤ ${BUDGET.commentsRatio} ${verdict(comments.pass)}`],
      ],
    ));
    say();
  }

  // Summary
  const budgets = [
    ['bytes: total brotli ≤ 120 kB', kb(report.bytes?.total_br), report.bytes?.pass],
    ['article visible: page / static HTML ≤ 1.2', report.load.ratio_page_static == null ? '—' : report.load.ratio_page_static.toFixed(2) + '×', report.load.pass_ratio],
    ['toggle: click → DOM ≤ 16 ms', ms(report.toggle?.click_to_dom), report.toggle?.pass_dom],
    ['toggle: click → next frame ≤ 16 ms', ms(report.toggle?.click_to_painted), report.toggle?.pass_frame],
    ['comments, one file: 10,000 / 1,000 ≤ 1.2', report.comments_one_file.ratio == null ? '—' : report.comments_one_file.ratio.toFixed(2) + '×', report.comments_one_file.pass],
    ['  (first screen, paginated: ~1 by construction) ≤ 1.2', report.comments.ratio == null ? '—' : report.comments.ratio.toFixed(2) + '×', report.comments.pass],
    ['toggle, 50 threads: click → next frame ≤ 16 ms', ms(report.toggle_1k?.click_to_painted), report.toggle_1k?.pass_frame],
    ['toggle, 50 threads, scrolled to them: click → next frame ≤ 16 ms', ms(report.toggle_scrolled?.click_to_painted), report.toggle_scrolled?.pass_frame],
    ...hardBudgets(report.hard, { ms, BUDGET }),
    [
      'partner widget: article in the shadow root before any wasm byte',
      ms(report.partner.held_article),
      report.partner.n_held ? report.partner.held_article != null && report.partner.held_before_mount && report.partner.held_wasm_bytes_before_article.every((b) => b === 0) : null,
    ],
  ];
  if (report.slow_phone) {
    budgets.push(['slow phone toggle: click → DOM ≤ 16 ms', ms(report.slow_phone.toggle?.click_to_dom), report.slow_phone.toggle?.pass_dom]);
    budgets.push(['slow phone toggle, 50 threads: click → next frame ≤ 16 ms', ms(report.slow_phone.toggle_1k?.click_to_painted), report.slow_phone.toggle_1k?.pass_frame]);
    budgets.push(['slow phone toggle, 50 threads, scrolled: click → next frame ≤ 16 ms', ms(report.slow_phone.toggle_scrolled?.click_to_painted), report.slow_phone.toggle_scrolled?.pass_frame]);
    budgets.push(['slow phone comments (paginated first screen): 10,000 / 1,000 ≤ 1.2', report.slow_phone.comments.ratio == null ? '—' : report.slow_phone.comments.ratio.toFixed(2) + '×', report.slow_phone.comments.pass]);
  }
  say('BUDGETS');
  say(table(['budget', 'measured', 'verdict'], budgets.map(([a, b, c]) => [a, b, verdict(c)])));
  report.budget_verdicts = Object.fromEntries(budgets.map(([a, , c]) => [a, c == null ? null : c ? 'PASS' : 'OVER']));

  const counts = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length]));
  report.samples = counts;
  report.errors = errors;
  report.page_problems = [...problems].slice(0, 20);
  report.elapsed_s = round((Date.now() - t0) / 1000, 1);
  say();
  say(`samples per scenario: ${JSON.stringify(counts)}; failed attempts: ${errors.length}${warmupErrors ? ` (${warmupErrors} in warm-up)` : ''}; elapsed ${report.elapsed_s} s`);
  if (problems.size) say(`page errors seen: ${[...problems].slice(0, 5).join(' | ')}`);
  for (const e of errors.slice(0, 5)) say(`error: ${e.slice(0, 300)}`);

  console.log('\n' + out.join('\n'));
  console.log(JSON.stringify(roundDeep(report)));

  // The measurement failed if any required scenario has too few good samples.
  const need = (k, runs) => (samples[k]?.length ?? 0) >= Math.ceil(runs / 2);
  const wanted = (k) => !opts.only || opts.only.has(k.replace(/@4x$/, ''));
  const required = ['page', 'static', 'c1k', 'c10k', 'f1k', 'f10k', 'scrolled1k', 'shift1k', 'more_f10k', 'more_s10k', 'partner', 'partner_held'].filter(wanted).every((k) => need(k, opts.runs));
  const slowOk = !opts.slow || ['page@4x', 'static@4x', 'c1k@4x', 'c10k@4x'].filter(wanted).every((k) => need(k, slowRuns));
  return required && slowOk ? 0 : 1;
}

function roundDeep(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v * 100) / 100;
  if (Array.isArray(v)) return v.map(roundDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)]));
  return v;
}

async function shutdown() {
  for (const c of openContexts) await c.close().catch(() => {});
  if (browser) await browser.close().catch(() => {});
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    shutdown().finally(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await shutdown();
    process.exit(code);
  },
  async (error) => {
    console.error(`bench: measurement failed: ${error?.stack ?? error}`);
    await shutdown();
    process.exit(1);
  },
);
