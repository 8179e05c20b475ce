// Where the wasm bytes go: twiggy (built from crates.io by scripts/bench.sh) run on the
// build that still has its function names, the wasm cargo wrote before wasm-bindgen and
// wasm-opt (target/wasm32-unknown-unknown/release/solidarity.wasm), mapped to crates by
// symbol path. Sizes are of that unoptimised file; the shares carry over roughly.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const STD = new Set(['core', 'alloc', 'std']);

/** The crate a demangled symbol belongs to ("other" when it names none). */
export function crateOf(name) {
  if (/^(__wbg_|__wbindgen|__externref|__wbg)/.test(name)) return 'wasm_bindgen';
  // The first segment of each path in the name (`a::b<c::d>` gives a, c).
  const paths = [...name.matchAll(/(?<![:\w\]])([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/g)].map((m) => m[1]);
  if (!paths.length) return 'other';
  // Monomorphised std code (drop_in_place<T>, Vec<T>::push…) counts for the crate of its T.
  if (STD.has(paths[0])) return paths.find((p) => !STD.has(p) && /^[a-z]/.test(p)) ?? paths[0];
  return paths[0];
}

function twiggyPath() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(path.join(os.homedir(), '.cargo', 'bin'))) {
    const file = path.join(dir, 'twiggy');
    if (dir && existsSync(file)) return file;
  }
  return null;
}

function newestMtime(dir, depth = 0) {
  let newest = 0;
  if (depth > 8 || !existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, depth + 1) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Runs twiggy on the named wasm under `root`; an `error` with the reason when it cannot. */
export async function wasmBytes(root) {
  const file = path.join(root, 'target', 'wasm32-unknown-unknown', 'release', 'solidarity.wasm');
  const twiggy = twiggyPath();
  if (!twiggy) return { error: 'twiggy is not installed (scripts/bench.sh installs it; or cargo install twiggy --locked)' };
  if (!existsSync(file)) return { error: `no ${path.relative(root, file)} (build the page first)` };
  // Stale when a source file changed after cargo wrote it (the dist wasm is written later
  // by Trunk whether or not cargo rebuilt, so its time says nothing).
  const stale = newestMtime(path.join(root, 'src')) > statSync(file).mtimeMs;
  const json = await new Promise((resolve, reject) =>
    execFile(twiggy, ['top', '-n', '1000000', '--format', 'json', file], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  ).catch((error) => ({ error }));
  if (json.error) return { error: `twiggy failed: ${String(json.error.message ?? json.error).slice(0, 300)}` };
  const items = JSON.parse(json).map((i) => ({ name: i.name, size: i.shallow_size }));
  const total = statSync(file).size;
  // Left out, as not shipped: custom sections (names, producers, debug info, wasm-bindgen's
  // own data) and the describe functions wasm-bindgen runs at build time and then removes.
  const shipped = items.filter(
    (i) => !/^(custom section|"[^"]*" subsection|name section)/i.test(i.name) && !/__wbindgen_describe|WasmDescribe|wasm_bindgen::describe::/.test(i.name),
  );
  const named = shipped.filter((i) => crateOf(i.name) !== 'other');
  const crates = new Map();
  for (const i of shipped) crates.set(crateOf(i.name), (crates.get(crateOf(i.name)) ?? 0) + i.size);
  const sum = shipped.reduce((a, i) => a + i.size, 0);
  return {
    file: path.relative(root, file),
    stale,
    file_bytes: total,
    counted_bytes: sum,
    named_functions: named.length,
    top: shipped.sort((a, b) => b.size - a.size).slice(0, 15).map(({ name, size }) => ({ name, bytes: size, crate: crateOf(name) })),
    crates: [...crates].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes, share: bytes / sum })),
  };
}

/** Prints the top functions and the per-crate split. */
export function printWasmBytes(w, { say, table }) {
  say('1b. WHERE THE WASM BYTES GO — twiggy on the named build before wasm-bindgen/wasm-opt');
  if (!w || w.error) {
    say(`   (unavailable: ${w?.error ?? 'not measured'})`);
    say();
    return;
  }
  say(`   ${w.file}: ${(w.file_bytes / 1000).toFixed(1)} kB on disk, ${(w.counted_bytes / 1000).toFixed(1)} kB of code and data counted (custom sections and wasm-bindgen's build-time describe code left out)` + (w.stale ? '  WARNING: src/ changed since this build: sizes may be of an older build' : ''));
  const short = (s) => (s.length > 110 ? s.slice(0, 107) + '…' : s);
  say(table(['  top 15 functions / items', 'crate', 'raw B'], w.top.map((t) => ['  ' + short(t.name), t.crate, t.bytes])));
  const rows = w.crates.slice(0, 20).map((c) => ['  ' + c.crate, (c.bytes / 1000).toFixed(1), `${(100 * c.share).toFixed(1)}%`]);
  say(table(['  per crate (std code monomorphised for a crate\'s types counts for that crate)', 'kB', 'share'], rows));
  say();
}
