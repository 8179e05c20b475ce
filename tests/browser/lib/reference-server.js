// The reference server (server/, `solidarity-server`) as a child process for browser tests:
// it serves a built site on a free loopback port with its own SQLite file in a temp folder.

import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DIST, REPO_ROOT, sleep } from './servers.js';

async function findOrBuildBinary() {
  const release = path.join(REPO_ROOT, 'target', 'release', 'solidarity-server');
  const debug = path.join(REPO_ROOT, 'target', 'debug', 'solidarity-server');
  if (existsSync(release)) return release;
  if (existsSync(debug)) return debug;
  await new Promise((resolve, reject) => {
    const cargo = spawn('cargo', ['build', '-p', 'solidarity-server'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => cargo.kill('SIGKILL'), 25 * 60_000);
    cargo.on('error', reject);
    cargo.on('exit', (code, signal) => {
      clearTimeout(timer);
      code === 0 ? resolve() : reject(new Error(`cargo build -p solidarity-server failed (${code ?? signal})`));
    });
  });
  if (!existsSync(debug)) throw new Error(`cargo build finished but ${debug} is missing`);
  return debug;
}

/**
 * Starts the server on 127.0.0.1, port 0, serving `dist` with `args` added (such as
 * `--moderation pre`). Returns {url, db, log(), run(args), stop()}; `run` runs another
 * subcommand (export, moderate) of the same binary against the same database.
 */
export async function startReferenceServer({ dist = DIST, args = [] } = {}) {
  const binary = await findOrBuildBinary();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'solidarity-server-test-'));
  const db = path.join(tmp, 'db.sqlite');
  let log = '';
  const child = spawn(binary, ['serve', '--port', '0', '--bind', '127.0.0.1', '--db', db, '--dist', dist, ...args], {
    cwd: tmp,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server printed no "listening on" line within 20 s; stdout: ${stdout}; stderr: ${log}`));
    }, 20_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited early (${code ?? signal}); stdout: ${stdout}; stderr: ${log}`));
    });
  });
  const run = (runArgs, { encoding = 'utf8', timeout = 20_000 } = {}) =>
    new Promise((resolve, reject) => {
      execFile(binary, runArgs, { cwd: tmp, encoding, timeout, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, RUST_LOG: 'warn' } }, (error, stdout, stderr) => {
        if (error) {
          error.message += `\n$ ${path.basename(binary)} ${runArgs.join(' ')}\nstdout: ${stdout}\nstderr: ${stderr}`;
          reject(error);
        } else {
          resolve({ stdout, stderr });
        }
      });
    });
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      if ((await Promise.race([exited, sleep(3_000).then(() => 'timeout')])) === 'timeout') {
        child.kill('SIGKILL');
        await Promise.race([exited, sleep(3_000)]);
      }
    }
    await rm(tmp, { recursive: true, force: true });
  }
  return { url, db, tmp, log: () => log, run, stop };
}
