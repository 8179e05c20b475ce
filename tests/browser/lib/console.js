// Helpers for the console's browser tests: staff accounts through the real `staff add`
// CLI (password on standard input) and a signed-in page.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './servers.js';
import { openPage } from './browser.js';

/** A password long enough for `staff add`. */
export const PASSWORD = 'correct horse battery staple';

function binary() {
  const release = path.join(REPO_ROOT, 'target', 'release', 'solidarity-server');
  return existsSync(release) ? release : path.join(REPO_ROOT, 'target', 'debug', 'solidarity-server');
}

/** Runs `staff add NAME --role ROLE` on the server's database, the password on stdin. */
export function addStaff(server, name, role, password = PASSWORD) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary(), ['staff', 'add', name, '--role', role, '--db', server.db], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      code === 0 ? resolve() : reject(new Error(`staff add ${name} exited ${code}: ${stderr}`));
    });
    child.stdin.end(`${password}\n`);
  });
}

/** A new page signed in as `name` (English), on the queue. */
export async function signIn(server, name, { lang = 'en' } = {}) {
  const page = await openPage(`${server.url}/admin/?lang=${lang}`, { wait: false });
  await page.fill('#username', name);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/queue/), page.click('[data-testid=console-login] button')]);
  return page;
}
