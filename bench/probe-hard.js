// In-page measurements of the hard cases (page.evaluate; plain functions so that Playwright
// can serialise them). Every loop is bounded in steps and in time.

/**
 * Layout stability of the comment thread, from scroll top:
 *   jump   the "show more" button is scrolled into view the way an automated click does it
 *          (`scrollIntoView`, position read at once), then read again after 6 frames: how
 *          far it moved once the browser laid out the comments that came into view
 *   scroll then the page is scrolled from the top to the bottom of the thread in steps of
 *          half a viewport (3 frames each); per step the element at the middle of the
 *          viewport is read right after the scroll and 3 frames later (`drift`: how far
 *          content moved by itself), and every layout-shift entry is summed (`cls`: the sum
 *          of all entries, at least the Cumulative Layout Shift of any session window)
 */
export async function layoutShiftInPage({ maxSteps = 400, timeoutMs = 20_000 }) {
  const frames = (n) => new Promise((resolve) => {
    const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  });
  const deadline = performance.now() + timeoutMs;
  const entries = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) entries.push({ value: e.value, recent: e.hadRecentInput });
  });
  observer.observe({ type: 'layout-shift', buffered: false });
  window.scrollTo(0, 0);
  await frames(3);
  const out = { jump: null, steps: 0, drift: 0, maxDrift: 0, cls: 0, shifts: 0, recentInput: 0 };
  const button = document.querySelector('[data-testid=more-comments]');
  if (button) {
    button.scrollIntoView({ block: 'end' });
    const before = button.getBoundingClientRect().top;
    await frames(6);
    out.jump = Math.abs(button.getBoundingClientRect().top - before);
    window.scrollTo(0, 0);
    await frames(3);
  }
  const thread = document.querySelector('.solidarity-thread');
  if (!thread) throw new Error('no .solidarity-thread to scroll');
  const start = entries.length;
  const end = () => thread.getBoundingClientRect().bottom + window.scrollY;
  const stepPx = Math.round(window.innerHeight / 2);
  while (out.steps < maxSteps && performance.now() < deadline && window.scrollY + window.innerHeight < end()) {
    const y = window.scrollY;
    window.scrollBy(0, stepPx);
    if (window.scrollY === y) break; // the end of the document
    const probe = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
    const top = probe?.getBoundingClientRect().top;
    await frames(3);
    if (probe?.isConnected && top != null) {
      const moved = Math.abs(probe.getBoundingClientRect().top - top);
      out.drift += moved;
      out.maxDrift = Math.max(out.maxDrift, moved);
    }
    out.steps++;
  }
  await frames(2);
  observer.disconnect();
  for (const e of entries.slice(start)) {
    out.cls += e.value;
    out.shifts++;
    if (e.recent) out.recentInput++;
  }
  return out;
}

/**
 * Presses "show more" `clicks` times (or until it is gone). Per press: settles (two frames
 * and a task), t0 just before `button.click()`; `dom` when more top-level threads are in
 * the thread than before and the button is no longer busy (MutationObserver), `painted` at
 * the end of the next frame after that. Also the threads shown after each press.
 */
export async function showMoreInPage({ clicks, timeoutMs = 15_000 }) {
  const now = () => performance.now();
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const top = () => document.querySelector('.solidarity-thread')?.children.length ?? 0;
  const results = [];
  for (let i = 0; i < clicks; i++) {
    const button = document.querySelector('[data-testid=more-comments]');
    if (!button) break;
    button.scrollIntoView({ block: 'center' });
    await frame();
    await frame();
    await sleep(30);
    const before = top();
    const r = { before };
    let observer;
    let timer;
    const done = () => {
      const b = document.querySelector('[data-testid=more-comments]');
      return top() > before && (!b || !b.disabled);
    };
    const finished = new Promise((resolve, reject) => {
      const onDom = (t) => {
        r.dom = t - r.t0;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            r.painted = now() - r.t0;
            resolve();
          };
          channel.port2.postMessage(0);
        });
      };
      observer = new MutationObserver(() => {
        if (r.dom == null && done()) onDom(now());
      });
      observer.observe(document.querySelector('[data-testid=comments]'), { subtree: true, childList: true, attributes: true });
      timer = setTimeout(() => reject(new Error(`show more ${i + 1} did not show new threads within ${timeoutMs} ms`)), timeoutMs);
      r.t0 = now();
      button.click();
      if (r.dom == null && done()) onDom(now());
    });
    try {
      await finished;
    } finally {
      clearTimeout(timer);
      observer.disconnect();
    }
    delete r.t0;
    r.after = top();
    results.push(r);
  }
  return results;
}

/** Scrolls the middle of the comment thread into view and waits for layout to settle. */
export async function scrollToThreadInPage() {
  const thread = document.querySelector('.solidarity-thread');
  if (!thread) throw new Error('no .solidarity-thread to scroll to');
  const items = thread.children;
  (items[Math.floor(items.length / 2)] ?? thread).scrollIntoView({ block: 'center' });
  for (let i = 0; i < 4; i++) await new Promise((r) => requestAnimationFrame(() => r()));
  return { scrollY: window.scrollY };
}
