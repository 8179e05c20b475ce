// scripts/wasm-exports.mjs on a module written here byte by byte, checked by the engine.
import assert from 'node:assert/strict';
import test from 'node:test';
import { dropExports } from './wasm-exports.mjs';

// (module (func $a (result i32) i32.const 1) (func $b (result i32) i32.const 2)
//         (export "keep" (func $a)) (export "intounderlyingsink_write" (func $b))
//         (export "__wbg_intounderlyingsink_free" (func $b)))
function module() {
  const name = (s) => [s.length, ...Buffer.from(s)];
  const section = (id, body) => [id, body.length, ...body];
  const exports = [3, ...name('keep'), 0, 0, ...name('intounderlyingsink_write'), 0, 1, ...name('__wbg_intounderlyingsink_free'), 0, 1];
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),
    ...section(3, [2, 0, 0]),
    ...section(7, exports),
    ...section(10, [2, 4, 0, 0x41, 1, 0x0b, 4, 0, 0x41, 2, 0x0b]),
  ]);
}

test('the exports picked are dropped and the module still validates with the rest', () => {
  const original = module();
  assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(original)).map((e) => e.name), ['keep', 'intounderlyingsink_write', '__wbg_intounderlyingsink_free']);
  const { bytes, dropped } = dropExports(original, (name) => /^(__wbg_)?intounderlying/.test(name));
  assert.deepEqual(dropped, ['intounderlyingsink_write', '__wbg_intounderlyingsink_free']);
  const kept = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  assert.deepEqual(Object.keys(kept.exports), ['keep']);
  assert.equal(kept.exports.keep(), 1);
});

test('a module with nothing to drop comes back byte for byte', () => {
  const original = module();
  const { bytes, dropped } = dropExports(original, () => false);
  assert.deepEqual(dropped, []);
  assert.ok(bytes.equals(original));
});

test('what is not a wasm module is refused', () => {
  assert.throws(() => dropExports(Buffer.from('not wasm'), () => true), /not a version 1 module/);
  const truncated = module().subarray(0, 24);
  assert.throws(() => dropExports(truncated, () => true), /past the end/);
});
