// Makes the release build's first load smaller (run by scripts/post-build.sh, in Trunk's
// staging directory, before the prerender copies index.html into each language's page):
//
// 1. Leptos always builds server_fn's browser client, whose wasm-streams dependency exports
//    three JavaScript classes (IntoUnderlyingSource, IntoUnderlyingByteSource,
//    IntoUnderlyingSink) from the wasm. Exports are roots, so their code stays in the wasm and
//    their classes in wasm-bindgen's glue, although the page has no server functions and never
//    streams a body. The exports are dropped, wasm-opt runs again so their code goes, and the
//    classes leave the glue. If anything else in the glue names them, the build fails instead.
// 2. The glue and embed.js are minified with terser, the stylesheet with csso (no
//    restructuring: the rules stay in their order); the stylesheet's integrity attribute in
//    index.html is computed again.
//
//   node scripts/shrink.mjs STAGING_DIR
//
// File names keep Trunk's hashes (of the unshrunk files: they still change whenever the
// sources do). Every step checks its output and exits non-zero on anything unexpected.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify as minifyCss } from 'csso';
import { minify as minifyJs } from 'terser';
import { dropExports } from './wasm-exports.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const staging = process.argv[2];
if (!staging) fail('usage: node scripts/shrink.mjs STAGING_DIR');

function fail(message) {
  console.error(`shrink: ${message}`);
  process.exit(1);
}

function one(pattern) {
  const found = readdirSync(staging).filter((name) => pattern.test(name));
  if (found.length !== 1) fail(`expected one file matching ${pattern} in ${staging}, found ${found.length}`);
  return path.join(staging, found[0]);
}

const sizes = [];
function replace(file, bytes) {
  const before = readFileSync(file).length;
  writeFileSync(file, bytes);
  sizes.push(`${path.basename(file)} ${before} -> ${Buffer.byteLength(bytes)} B`);
}

// 1. The unused stream classes.
const STREAM_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const wasmFile = one(/^solidarity-[0-9a-f]+_bg\.wasm$/);
const glueFile = one(/^solidarity-[0-9a-f]+\.js$/);
let glue = readFileSync(glueFile, 'utf8');
for (const name of STREAM_CLASSES) {
  const start = glue.indexOf(`export class ${name} {`);
  if (start < 0) fail(`the glue has no class ${name} (wasm-bindgen or Leptos changed: look again)`);
  const end = glue.indexOf('\n}\n', start);
  glue = glue.slice(0, start) + glue.slice(end + 3);
  const dispose = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
  const registry = new RegExp(`^const ${name}Finalization = [^;]*;\\n`, 'm');
  if (!glue.includes(dispose) || !registry.test(glue)) fail(`the glue's ${name} is not laid out as expected`);
  glue = glue.replace(dispose, '').replace(registry, '');
}
if (/intounderlying/i.test(glue)) fail('the glue still uses the stream classes: they cannot be dropped');
const { bytes: stripped, dropped } = dropExports(readFileSync(wasmFile), (name) => /^(__wbg_)?intounderlying/.test(name));
if (dropped.length === 0) fail('the wasm exports no stream class functions (nothing to drop: look again)');
const strippedFile = `${wasmFile}.stripped`;
writeFileSync(strippedFile, stripped);
const wasmOpt = path.join(here, '..', 'node_modules', '.bin', 'wasm-opt');
// The level index.html gives Trunk (data-wasm-opt="s"); features come from the module itself.
execFileSync(wasmOpt, ['-Os', strippedFile, '-o', wasmFile], { stdio: 'inherit' });
rmSync(strippedFile, { force: true });
sizes.push(`${path.basename(wasmFile)}: ${dropped.length} exports dropped`);

// 2. Minified glue, loader and stylesheet.
const minifiedJs = async (source, name) => {
  const result = await minifyJs(source, { module: true, compress: true, mangle: true });
  if (!result.code) fail(`terser produced nothing for ${name}`);
  return result.code;
};
replace(glueFile, await minifiedJs(glue, path.basename(glueFile)));
const embedFile = path.join(staging, 'embed.js');
replace(embedFile, await minifiedJs(readFileSync(embedFile, 'utf8'), 'embed.js'));

const cssFile = one(/^main-[0-9a-f]+\.css$/);
const css = minifyCss(readFileSync(cssFile, 'utf8'), { restructure: false }).css;
if (!css) fail('csso produced nothing');
const indexFile = path.join(staging, 'index.html');
const index = readFileSync(indexFile, 'utf8');
const escapedName = path.basename(cssFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const link = new RegExp(`(href="[^"]*${escapedName}" integrity=")sha384-[A-Za-z0-9+/=]+"`);
if (!link.test(index)) fail(`index.html does not link ${path.basename(cssFile)} with an integrity attribute`);
replace(cssFile, css);
const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
writeFileSync(indexFile, index.replace(link, `$1${integrity}"`));

console.error(`shrink: ${sizes.join('; ')}`);
