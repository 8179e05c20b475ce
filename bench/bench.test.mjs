// Unit tests of the bench's pure logic: which crate a wasm symbol belongs to, and the
// medians of the hard cases. Run with `node --test bench/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crateOf } from './wasm-bytes.mjs';
import { hardFigures } from './hard.mjs';

test('a symbol belongs to the crate of its path, monomorphised std code to the crate of its type', () => {
  const cases = [
    ['leptos::mount::mount_to::ha611c1bffe239283', 'leptos'],
    ['<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_seq::h92c6', 'serde_json'],
    ['core::ptr::drop_in_place<tachys::html::element::HtmlElement<A>>::h1', 'tachys'],
    ['alloc::vec::Vec<T>::push::h2', 'alloc'],
    ['<&T as core::fmt::Display>::fmt::h3', 'core'],
    ['<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<dlmalloc[e24a27700634d609]::sys::System>>::malloc', 'dlmalloc'],
    ['solidarity::components::comments::Comments::{{closure}}::h4', 'solidarity'],
    ['__wbg_get_2a3b', 'wasm_bindgen'],
    ['data segment ".rodata"', 'other'],
    ['elem[0]', 'other'],
  ];
  for (const [name, crate] of cases) assert.equal(crateOf(name), crate, name);
});

test('the hard cases are judged on their medians, and a missing scenario gives no verdict', () => {
  const median = (xs) => {
    const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return v.length ? (v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null;
  };
  const max = (xs) => Math.max(...xs.filter(Number.isFinite));
  const BUDGET = { cls: 0.05, showMoreMs: 200 };
  const shift = (cls, jump) => ({ extra: { cls, jump, shifts: 1, steps: 10, drift: 0, maxDrift: 0 } });
  const press = (painted) => ({ dom: painted - 5, painted, before: 50, after: 100 });
  const f = hardFigures(
    {
      shift1k: [shift(0.01, 0), shift(0.2, 300), shift(0.03, 0)],
      more_f10k: [{ extra: [press(20), press(150)] }, { extra: [press(30), press(250)] }, { extra: [press(25), press(190)] }],
    },
    { median, max, BUDGET },
  );
  assert.equal(f.layout_shift.cls, 0.03);
  assert.equal(f.layout_shift.cls_max, 0.2);
  assert.equal(f.layout_shift.more_button_jump_max_px, 300);
  assert.equal(f.layout_shift.pass, true);
  assert.equal(f.show_more_file.painted_first, 25);
  assert.equal(f.show_more_file.painted_last, 190);
  assert.equal(f.show_more_file.pass, true);
  assert.equal(f.show_more_paged, null);
});
