// The partner widget (issue 13): a partner's page with one `<div data-solidarity>` and the
// embed.js script tag. Measured twice per run: with every .wasm request held back (the
// article must come from the prerendered fragment, before any wasm byte), and normally
// (the article, then the usable form once the app has taken over). Times are from the
// navigation start, at the first animation frame in which the element is there with a
// layout box inside the widget's shadow root (a MutationObserver on the document cannot
// see into a shadow root, so the in-page probe checks every frame).

/** The partner's page: its own heading and text, then the widget. */
export function partnerPageHtml() {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A partner's story</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>A partner organisation's page</h1><p>Our own text comes first; the campaign's widget follows.</p>
<div id="w" data-solidarity></div></main><script type="module" src="/embed.js"></script></body></html>`;
}

/** Installed with addInitScript: records `article` and `form` (ms since navigation). */
export function partnerProbe() {
  if (window.top !== window || window.__partner) return;
  const marks = (window.__partner = {});
  const tick = () => {
    const t = performance.now();
    const host = document.querySelector('#w');
    const root = host?.shadowRoot;
    const h1 = root?.querySelector('[data-testid=article] h1');
    if (marks.article == null && h1 && h1.textContent.trim() && h1.getBoundingClientRect().height > 0) {
      marks.article = t;
      marks.lang = root.querySelector('.solidarity')?.getAttribute('lang') ?? null;
      marks.mountedAtArticle = host.hasAttribute('data-solidarity-mounted');
    }
    if (marks.form == null && host?.hasAttribute('data-solidarity-mounted')) {
      const button = root?.querySelector('[data-testid=support-form] button[type=submit]');
      if (button && !button.disabled && root.querySelector('[data-config-state=ready]')) marks.form = t;
    }
    if (marks.article == null || marks.form == null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** The medians of the two partner scenarios. */
export function partnerFigures(held = [], normal = [], { median }) {
  return {
    n_held: held.length,
    n_normal: normal.length,
    held_article: median(held.map((r) => r.marks.article)),
    held_article_lang: held.map((r) => r.marks.lang),
    held_wasm_bytes_before_article: held.map((r) => r.wasmBytesBeforeArticle),
    held_before_mount: held.every((r) => r.marks.mountedAtArticle === false),
    article: median(normal.map((r) => r.marks.article)),
    form: median(normal.map((r) => r.marks.form)),
    wasm_response_end: median(normal.map((r) => r.wasmResponseEnd)),
  };
}

/** Prints the partner section. */
export function printPartner(f, { say, table, ms }) {
  say('4e. PARTNER WIDGET — a partner page with embed.js: the article in the shadow root (first frame with a layout box), with the wasm held back and normally; then the usable form');
  say(
    table(
      ['milestone (ms since navigation start)', 'wasm held back', 'normal load'],
      [
        ['article title in the shadow root', ms(f.held_article), ms(f.article)],
        ['wasm response end', 'never (held)', ms(f.wasm_response_end)],
        ['SUPPORT FORM USABLE (app mounted, config read)', '—', ms(f.form)],
      ],
    ),
  );
  const langs = [...new Set(f.held_article_lang)].join(', ') || '—';
  const bytes = [...new Set(f.held_wasm_bytes_before_article)].join(', ');
  say(`held back: article language ${langs}; wasm bytes received before the article: ${bytes}; app not mounted when the article showed: ${f.held_before_mount ? 'yes, every run' : 'NO'}`);
  say();
}
