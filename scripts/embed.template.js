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
// The languages the prerender writes a fragment for (src/i18n: Lang::ALL), and the key
// under which the app stores a reader's choice (src/browser.rs).
const LANGS = ['en', 'ru'];
const LANG_KEY = 'solidarity.lang';
const MAX_HEIGHT = 100000;

/** Resolves after the next frame has been painted. */
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

let app;
/** Loads the WebAssembly once, on first need (a page with only iframes never loads it). A
 *  prerendered page is readable as it is, so it paints first, then the app takes it over. */
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
  showFragment(host);
  loadApp().then(
    (bindings) => bindings.mount(host),
    (error) => console.error('Solidarity: the campaign could not be loaded.', error),
  );
}

/** A supported language from a tag such as 'ru-RU', or null. */
function langOf(tag) {
  const primary = String(tag ?? '').trim().split(/[-_]/)[0].toLowerCase();
  return LANGS.includes(primary) ? primary : null;
}

/** The language the app will choose for `host` (src/components/app.rs): the reader's
 *  stored choice, the partner's data-lang, the browser's languages; null leaves it to the
 *  build's default language. */
function widgetLang(host) {
  const pinned = langOf(host.getAttribute('data-lang'));
  let stored = null;
  try {
    // This tab's choice first (kept there under "leave no trace"), then the device's.
    const key = pinned ? `${LANG_KEY}.${pinned}` : LANG_KEY;
    stored = langOf(sessionStorage.getItem(key) ?? localStorage.getItem(key));
  } catch {
    // Storage can be disabled; the choice is then not remembered.
  }
  const preferred = [...(navigator.languages ?? []), navigator.language].map(langOf).find(Boolean);
  return stored ?? pinned ?? preferred ?? null;
}

/** Makes a widget readable before the WebAssembly arrives: the prerendered article in its
 *  language (fragment-<lang>.html, static HTML from this build) goes into the widget at
 *  once, in a shadow root with the campaign stylesheet on a partner page (the app reuses
 *  that root and replaces the fragment when it mounts). A prerendered page needs none. */
function showFragment(host) {
  let container;
  if (host.hasAttribute('data-standalone')) {
    if (host.hasAttribute('data-prerendered')) return;
    container = host;
  } else {
    if (host.shadowRoot) return;
    let shadow;
    try {
      shadow = host.attachShadow({ mode: 'open' });
    } catch {
      return; // This element cannot hold a shadow root: the app explains in the console.
    }
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = at(FILES.css);
    container = document.createElement('div');
    container.className = 'solidarity-root';
    // Hidden until styled, as the app does (src/mount/embed.rs).
    container.hidden = true;
    const reveal = () => {
      container.hidden = false;
    };
    link.addEventListener('load', reveal);
    link.addEventListener('error', reveal);
    shadow.append(link, container);
  }
  const lang = widgetLang(host);
  fetch(at(lang ? `fragment-${lang}.html` : 'fragment.html'))
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`${response.status}`))))
    .then((fragment) => {
      // Once the app has mounted, the live widget is there: leave it alone.
      if (!host.hasAttribute('data-solidarity-mounted')) container.innerHTML = fragment;
    })
    .catch(() => {
      // Without the fragment the widget shows when the app mounts, as before.
    });
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
