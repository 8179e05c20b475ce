// A real static HTTP server for the benchmark: serves a snapshot of dist/ (read into memory
// once, so a rebuild during the run cannot mix two builds) plus per-scenario overrides
// (config.json, comments.json, the static copy of the article). Loopback only, port 0.
// Every response is logged with its body size so the bench can list the bytes of a load.

import http from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeOf(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads every file under `dir` (recursively, bounded) into a Map of URL path -> Buffer. */
export async function snapshotDir(dir, { maxFiles = 2000 } = {}) {
  const files = new Map();
  async function walk(sub) {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      if (files.size >= maxFiles) return;
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile()) files.set('/' + rel, await readFile(path.join(dir, rel)));
    }
  }
  await walk('');
  return files;
}

/**
 * Starts a server over `files` (Map path -> Buffer) with `overrides` (Map path -> Buffer)
 * taking precedence. With `comments` (an array), GET /api/comments answers pages of it in
 * the reference server's contract: `?after=<cursor>&limit=<n>` (default 50, at most 200),
 * `{"comments": [...], "next": cursor | null, "total": n}`, oldest first.
 * Returns { url, log, idle(), close() }.
 */
export function startServer(files, overrides = new Map(), { comments } = {}) {
  const log = [];
  let inflight = 0;
  let lastActivity = Date.now();
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    inflight++;
    lastActivity = Date.now();
    res.on('close', () => {
      inflight--;
      lastActivity = Date.now();
    });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      pathname = '/';
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    pathname = path.posix.normalize(pathname);
    const body = comments && pathname === '/api/comments' ? commentPage(comments, req.url) : overrides.get(pathname) ?? files.get(pathname);
    const entry = { path: pathname, method: req.method, status: body ? 200 : 404, bytes: 0, type: '' };
    log.push(entry);
    if (!body || (req.method !== 'GET' && req.method !== 'HEAD')) {
      entry.status = body ? 405 : 404;
      const text = Buffer.from(body ? 'method not allowed\n' : 'not found\n');
      entry.bytes = text.length;
      entry.type = 'text/plain; charset=utf-8';
      res.writeHead(entry.status, { 'Content-Type': entry.type, 'Content-Length': text.length, 'Cache-Control': 'no-store' });
      res.end(text);
      return;
    }
    entry.type = pathname === '/api/comments' ? 'application/json' : mimeOf(pathname);
    entry.bytes = body.length;
    entry.body = body;
    res.writeHead(200, {
      'Content-Type': entry.type,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        log,
        /** Resolves when nothing is in flight and nothing happened for `quietMs` (bounded). */
        async idle({ quietMs = 300, timeoutMs = 10_000 } = {}) {
          const end = Date.now() + timeoutMs;
          while (Date.now() < end) {
            if (inflight === 0 && Date.now() - lastActivity >= quietMs) return true;
            await new Promise((r) => setTimeout(r, 50));
          }
          return false;
        },
        close() {
          for (const socket of sockets) socket.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

/** One page of `comments` for the query of `url` (see startServer). */
function commentPage(comments, url) {
  const query = new URL(url, 'http://x').searchParams;
  const after = Math.max(0, Number.parseInt(query.get('after') ?? '0', 10) || 0);
  const limit = Math.min(200, Math.max(1, Number.parseInt(query.get('limit') ?? '50', 10) || 50));
  const page = comments.slice(after, after + limit);
  const next = after + limit < comments.length ? String(after + limit) : null;
  return Buffer.from(JSON.stringify({ comments: page, next, total: comments.length }));
}
