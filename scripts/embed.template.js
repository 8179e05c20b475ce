// Solidarity loader: mounts the campaign in every [data-solidarity] element of the page
// (now or added later) and sizes every <iframe data-solidarity-iframe> to its content.
// See docs/embedding.md. scripts/post-build.sh writes dist/embed.js from this template
// with the hashed file names of the build filled in. Every file is resolved against this
// script's own URL, so the build works from any path, origin or CDN. No globals.

const FILES = {
  js: '__SOLIDARITY_JS__',
  wasm: '__SOLIDARITY_WASM__',
  css: '__SOLIDARITY_CSS__',
};
const HERE = new URL('./', import.meta.url);
const at = (name) => new URL(name, HERE).href;

const HOST = '[data-solidarity]';
const MOUNTED = '[data-solidarity-mounted]';
const IFRAME = 'iframe[data-solidarity-iframe]';
const HEIGHT_MESSAGE = 'solidarity:height';
const MAX_HEIGHT = 100000;

/** Resolves after the next frame has been painted. */
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

let app;
/** Loads the WebAssembly once, on first need (a page with only iframes never loads it). A
 *  prerendered page is readable as it is, so it paints first, then the app hydrates it. */
function loadApp() {
  const ready = document.querySelector('[data-prerendered]') ? afterPaint() : Promise.resolve();
  app ??= ready.then(() => import(at(FILES.js))).then(async (bindings) => {
    await bindings.default({ module_or_path: at(FILES.wasm) });
    bindings.configure(HERE.href, at(FILES.css));
    return bindings;
  });
  return app;
}

const seen = new WeakSet();
function mount(host) {
  if (seen.has(host) || !(host instanceof HTMLElement)) return;
  seen.add(host);
  if (host.hasAttribute('data-solidarity-frame')) frame(host);
  loadApp().then(
    (bindings) => bindings.mount(host),
    (error) => console.error('Solidarity: the campaign could not be loaded.', error),
  );
}

function scan() {
  for (const host of document.querySelectorAll(`${HOST}:not(${MOUNTED})`)) mount(host);
}

/** Inside embed.html: apply the query parameters, report the height to the parent page. */
function frame(host) {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang');
  if (lang && /^[A-Za-z-]{2,16}$/.test(lang) && !host.hasAttribute('data-lang')) host.setAttribute('data-lang', lang);
  const theme = params.get('theme');
  if ((theme === 'light' || theme === 'dark') && !host.hasAttribute('data-theme')) host.setAttribute('data-theme', theme);
  if (window.parent === window) return;
  let last = -1;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // Only a number leaves the frame, so any parent may hear it; the parent checks the sender.
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  };
  new ResizeObserver(report).observe(document.documentElement);
  report();
}

/** On the partner page: a height message resizes the iframe that sent it, if it came from
 *  that iframe's own window and from the origin of its src. */
function onMessage(event) {
  const data = event.data;
  if (!data || typeof data !== 'object' || data.type !== HEIGHT_MESSAGE) return;
  const height = Number(data.height);
  if (!Number.isFinite(height) || height < 0 || height > MAX_HEIGHT) return;
  for (const iframe of document.querySelectorAll(IFRAME)) {
    if (event.source === null || iframe.contentWindow !== event.source) continue;
    let origin;
    try {
      origin = new URL(iframe.getAttribute('src') ?? '', document.baseURI).origin;
    } catch {
      return;
    }
    if (origin === 'null' || event.origin !== origin) return;
    // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
    iframe.style.setProperty('height', `${Math.ceil(height)}px`);
    return;
  }
}

window.addEventListener('message', onMessage);
scan();
new MutationObserver((records) => {
  // Changes inside a mounted (light-DOM) instance are the app rendering: ignore them.
  const outside = records.some(
    (record) => record.addedNodes.length > 0 && !(record.target instanceof Element && record.target.closest(MOUNTED)),
  );
  if (outside) scan();
}).observe(document.documentElement, { childList: true, subtree: true });
