#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml). Trunk is told not to inject its inline loader
# (inject_scripts = false, which a strict CSP would block anyway); instead this writes
# embed.js, the loader for index.html, embed.html and partner pages, at a stable unhashed
# name with the build's hashed file names baked in, and finishes the HTML pages:
#   embed.js    from scripts/embed.template.js
#   index.html  loader at the public URL, preload hints, Trunk's leftover rust <link> removed
#   embed.html  the hashed stylesheet name
#   index.html and ru/index.html  the page prerendered in each language (src/prerender.rs)
# Runs offline with bash, sed, coreutils, cargo and node (the npm tools). Trunk sets
# TRUNK_STAGING_DIR (the build output before it replaces dist/), TRUNK_PROFILE and
# TRUNK_PUBLIC_URL (--public-url, default "/").
set -euo pipefail

staging="${TRUNK_STAGING_DIR:?scripts/post-build.sh is run by trunk build (TRUNK_STAGING_DIR is not set)}"
public_url="${TRUNK_PUBLIC_URL:-/}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() {
  echo "post-build: $*" >&2
  exit 1
}

# The name of the one file in the staging directory matching a glob.
one() {
  local matches
  shopt -s nullglob
  matches=("$staging"/$1)
  shopt -u nullglob
  [ "${#matches[@]}" -eq 1 ] || fail "expected one $1 in $staging, found ${#matches[@]}"
  local name="${matches[0]##*/}"
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || fail "unexpected file name: $name"
  printf '%s' "$name"
}

wasm="$(one 'solidarity-*_bg.wasm')"
js="$(one 'solidarity-*.js')"
css="$(one 'main-*.css')"

# For a sed replacement: escape \, & and the | delimiter.
escape() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }
base="$(escape "$public_url")"

sed -e "s|__SOLIDARITY_JS__|$js|g" \
    -e "s|__SOLIDARITY_WASM__|$wasm|g" \
    -e "s|__SOLIDARITY_CSS__|$css|g" \
    "$here/embed.template.js" > "$staging/embed.js"
if grep -q '__SOLIDARITY_' "$staging/embed.js"; then fail "placeholders left in embed.js"; fi

index="$staging/index.html"
[ -f "$index" ] || fail "no index.html in $staging"
grep -q 'src="embed.js" data-solidarity-loader' "$index" || fail 'index.html has no <script src="embed.js" data-solidarity-loader>'
preload="<link rel=\"modulepreload\" href=\"$base$js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"$base$wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">"
sed -i.bak \
    -e 's|<link data-trunk rel="rust"[^>]*>||' \
    -e "s|src=\"embed.js\" data-solidarity-loader|src=\"${base}embed.js\" data-solidarity-loader|" \
    -e "s|</head>|$preload</head>|" \
    -e "s|rel=\"icon\" href=\"favicon.svg\"|rel=\"icon\" href=\"${base}favicon.svg\"|" \
    "$index"
rm -f "$index.bak"
if grep -q 'data-trunk' "$index"; then fail "a data-trunk element is left in index.html"; fi

frame="$staging/embed.html"
[ -f "$frame" ] || fail "no embed.html in $staging (index.html copies public/embed.html)"
sed -i.bak -e "s|href=\"main.css\" data-solidarity-stylesheet|href=\"$css\" data-solidarity-stylesheet|" "$frame"
rm -f "$frame.bak"
grep -q "href=\"$css\"" "$frame" || fail "embed.html does not link $css"

# Release builds: unused exports out of the wasm, minified glue, loader and stylesheet
# (scripts/shrink.mjs), before the prerender copies index.html's head into each page.
if [ "${TRUNK_PROFILE:-}" = release ]; then
  node "$here/shrink.mjs" "$staging" || fail "shrinking the release files failed"
fi

# The page in each language as static HTML (index.html and ru/index.html), rendered by a
# native build of the same crate from the same components, content, config and comments.
(cd "$here/.." && cargo run --quiet --release --features ssr --bin prerender -- "$staging" "$public_url") \
  || fail "prerendering failed"

echo "post-build: embed.js -> $js, $wasm, $css (public URL $public_url); prerendered both languages"
