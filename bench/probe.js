// Installed with page.addInitScript before any page script runs. Records, with
// performance.now() (milliseconds since navigation start), when things appear:
//   articleDom      the h1 inside [data-testid=article] is in the DOM with text
//   articleFrame    the first animation frame after that in which the h1 has a layout box
//   articlePainted  end of that frame (a message posted from the rAF callback: after paint)
//   articlePaint    Element Timing renderTime of the h1 (true paint time, when available)
//   formUsable      the app is live (mounted: a prerendered page is hydrated by then, and
//                   config.json read) and the support form's submit button is enabled
//   commentsDom     the comment count reads the expected total and the first page of
//                   top-level threads is in the DOM (+ commentsFrame / commentsPainted)
//   wasm            start/end of WebAssembly.instantiate(Streaming) (compile + instantiate)
// It is a plain function so that Playwright can serialise it; `expect` is its argument.
export function probe(expect) {
  if (window.top !== window || window.__bench) return;
  const now = () => performance.now();
  const marks = {};
  const B = (window.__bench = { marks, expect, mutations: 0, errors: [] });

  const afterFrame = (cb) =>
    requestAnimationFrame(() => {
      const tFrame = now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb(tFrame, now());
      channel.port2.postMessage(0);
    });

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.identifier === 'bench-title' && marks.articlePaint == null) {
          marks.articlePaint = entry.renderTime || entry.loadTime || null;
        }
      }
    }).observe({ type: 'element', buffered: true });
  } catch (e) {
    B.errors.push('element timing: ' + e);
  }
  // First contentful paint: shown beside "article visible", never mixed into it.
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'first-contentful-paint' && marks.fcp == null) marks.fcp = entry.startTime;
      }
    }).observe({ type: 'paint', buffered: true });
  } catch (e) {
    B.errors.push('paint timing: ' + e);
  }

  // Time the wasm compile + instantiate, whatever loader calls it.
  for (const name of ['instantiateStreaming', 'instantiate', 'compileStreaming', 'compile']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      const start = now();
      const result = original.apply(this, args);
      Promise.resolve(result).then(
        () => {
          (B.wasm ??= []).push({ call: name, start, end: now() });
        },
        () => {},
      );
      return result;
    };
  }

  const digits = (s) => Number(String(s ?? '').replace(/\D+/g, '') || NaN);
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    return typeof el.checkVisibility === 'function' ? el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) : true;
  };
  const waitVisible = (el, key, tries = 600) =>
    afterFrame((tFrame, tPainted) => {
      if (visible(el) || tries <= 0) {
        marks[key + 'Frame'] = tFrame;
        marks[key + 'Painted'] = tPainted;
        if (tries <= 0) B.errors.push(key + ' never had a layout box');
      } else {
        waitVisible(el, key, tries - 1);
      }
    });

  function check() {
    const t = now();
    if (marks.articleDom == null) {
      const h1 = document.querySelector('[data-testid=article] h1');
      if (h1 && h1.textContent.trim()) {
        marks.articleDom = t;
        if (!h1.hasAttribute('elementtiming')) h1.setAttribute('elementtiming', 'bench-title');
        waitVisible(h1, 'article');
      }
    }
    // When the app took the page over (a paint reported after this is of the moved or
    // re-made h1: Chromium drops the entry of a first paint whose node moved before the
    // paint was reported).
    if (marks.mounted == null && document.querySelector('[data-solidarity-mounted]')) marks.mounted = t;
    if (expect.form && marks.formUsable == null) {
      const button = document.querySelector('[data-testid=support-form] button[type=submit]');
      const live = document.querySelector('[data-solidarity-mounted] [data-config-state=ready]');
      if (button && !button.disabled && live) marks.formUsable = t;
    }
    if (expect.comments && marks.commentsDom == null) {
      const count = document.querySelector('[data-testid=comment-count]');
      if (count && digits(count.textContent) === expect.comments.total) {
        marks.commentsCount ??= t;
        const all = document.querySelectorAll('[data-testid=comment]');
        let top = 0;
        for (const el of all) if (!el.parentElement?.closest('[data-testid=comment]')) top++;
        if (top >= expect.comments.firstTop) {
          marks.commentsDom = t;
          B.commentsInDom = all.length;
          B.topInDom = top;
          waitVisible(all[0] ?? count, 'comments');
        }
      }
    }
  }

  const observer = new MutationObserver(() => {
    B.mutations++;
    check();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  B.stop = () => observer.disconnect();
  check();
}

/**
 * Runs in the page (page.evaluate): alternates the language `count` times starting with
 * Russian. For each switch: settles (two frames and a task), records t0 = performance.now()
 * immediately before dispatching a click on the [data-testid=lang-xx] button, and the time
 * the article's h1 has the new language's text (MutationObserver), the start of the next
 * animation frame and the end of that frame. Also counts the DOM mutations of the switch.
 */
export async function toggleInPage({ count, timeoutMs }) {
  const now = () => performance.now();
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const isCyrillic = (s) => /[\u0400-\u04FF]/.test(s);
  const results = [];
  for (let i = 0; i < count; i++) {
    const to = i % 2 === 0 ? 'ru' : 'en';
    await frame();
    await frame();
    await sleep(30);
    const button = document.querySelector(`[data-testid=lang-${to}]`);
    if (!button) throw new Error(`no [data-testid=lang-${to}] button`);
    const done = () => {
      const text = document.querySelector('[data-testid=article] h1')?.textContent?.trim() ?? '';
      return text !== '' && (to === 'ru' ? isCyrillic(text) : !isCyrillic(text));
    };
    const r = { to, records: 0, added: 0, removed: 0, characterData: 0, attributes: 0 };
    let observer;
    let timer;
    const finished = new Promise((resolve, reject) => {
      const onDom = (t) => {
        r.dom = t - r.t0;
        afterFrameOnce(resolve);
      };
      const afterFrameOnce = (resolveFn) =>
        requestAnimationFrame(() => {
          r.frame = now() - r.t0;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            r.painted = now() - r.t0;
            resolveFn();
          };
          channel.port2.postMessage(0);
        });
      observer = new MutationObserver((records) => {
        const t = now();
        r.firstMutation ??= t - r.t0;
        r.lastMutation = t - r.t0;
        r.records += records.length;
        for (const m of records) {
          r.added += m.addedNodes.length;
          r.removed += m.removedNodes.length;
          if (m.type === 'characterData') r.characterData++;
          if (m.type === 'attributes') r.attributes++;
        }
        if (r.dom == null && done()) onDom(t);
      });
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      timer = setTimeout(() => reject(new Error(`language switch to ${to} did not show within ${timeoutMs} ms`)), timeoutMs);
      r.t0 = now();
      button.click();
      r.afterDispatch = now() - r.t0; // synchronous part: the click handler itself
      if (r.dom == null && done()) onDom(now());
    });
    try {
      await finished;
    } finally {
      clearTimeout(timer);
      observer.disconnect();
    }
    delete r.t0;
    results.push(r);
  }
  return results;
}
