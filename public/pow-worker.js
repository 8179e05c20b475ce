// Proof of work for the Solidarity reference server (--pow-difficulty), run in a Web
// Worker so the page never blocks: finds the first counter n such that
// SHA-256(`${challenge}:${key}:${n}`) starts with `difficulty` zero bits, and posts it
// back as a string (or null when none is found within the bound).
'use strict';

function zeroBits(bytes) {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

self.onmessage = async (event) => {
  const { challenge, key, difficulty } = JSON.parse(event.data);
  const encoder = new TextEncoder();
  // 16 times the expected work: a solution exists with near certainty.
  const bound = 2 ** Math.min(difficulty + 4, 36);
  for (let n = 0; n < bound; n++) {
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${key}:${n}`));
    if (zeroBits(new Uint8Array(digest)) >= difficulty) {
      self.postMessage(String(n));
      return;
    }
  }
  self.postMessage(null);
};
