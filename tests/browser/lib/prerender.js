// Runs the release `prerender` binary on a copy of the built site (after a test changed
// its config.json, comments.json or wall.json).

import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './servers.js';

/** Prerenders the site in `dir` again, at public URL `/`. */
export function prerender(dir) {
  const binary = path.join(REPO_ROOT, 'target', 'release', 'prerender');
  return new Promise((resolve, reject) =>
    execFile(binary, [dir, '/'], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
}
