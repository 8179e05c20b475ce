// Drops exports from a WebAssembly module: the export section is rewritten without the
// entries `unwanted(name)` picks; every other section is copied byte for byte. What only those
// exports reached is then unused, for wasm-opt to remove. (Used by scripts/shrink.mjs.)

const EXPORT_SECTION = 7;

/** Reads an unsigned LEB128 number at `pos`: [value, position after it]. */
function readU32(bytes, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= bytes.length || shift > 28) throw new Error('wasm: bad LEB128 number');
    const byte = bytes[pos++];
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value >>> 0, pos];
    shift += 7;
  }
}

function writeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** Returns the module without the exports `unwanted` picks, and their names. */
export function dropExports(bytes, unwanted) {
  const header = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(header)) throw new Error('wasm: not a version 1 module');
  const parts = [bytes.subarray(0, 8)];
  const dropped = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, bodyStart] = readU32(bytes, pos + 1);
    const end = bodyStart + size;
    if (end > bytes.length) throw new Error('wasm: a section runs past the end');
    if (id !== EXPORT_SECTION) {
      parts.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, at] = readU32(bytes, bodyStart);
    const kept = [];
    for (let i = 0; i < count; i++) {
      const start = at;
      const [length, nameStart] = readU32(bytes, at);
      const name = bytes.subarray(nameStart, nameStart + length).toString('utf8');
      // The kind byte, then the index.
      [, at] = readU32(bytes, nameStart + length + 1);
      if (unwanted(name)) dropped.push(name);
      else kept.push(bytes.subarray(start, at));
    }
    if (at !== end) throw new Error('wasm: the export section has trailing bytes');
    const body = Buffer.concat([writeU32(kept.length), ...kept]);
    parts.push(Buffer.from([EXPORT_SECTION]), writeU32(body.length), body);
    pos = end;
  }
  return { bytes: Buffer.concat(parts), dropped };
}
