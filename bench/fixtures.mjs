// Fixtures for the benchmark: generated comment threads and a plain static HTML copy of
// the article (the baseline the wasm page is compared with).

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same thread. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN_WORDS = (
  'we stand with our friends in Russia and everywhere love is love solidarity matters ' +
  'thank you for this article the law is unjust and must be repealed I signed the petition ' +
  'and wrote to my MP please share this with everyone you know boycott the sponsors ' +
  'human rights are universal no one should live in fear Manchester stands with St Petersburg ' +
  'my partner and I donated today keep going stay safe we will not be silent history will judge'
).split(' ');
const RU_WORDS = (
  'спасибо за вашу поддержку мы вместе любовь это любовь солидарность важна как никогда ' +
  'закон несправедлив и должен быть отменён берегите себя мы не одни права человека ' +
  'универсальны никто не должен жить в страхе Петербург Манчестер друзья спасибо ' +
  'мы подписали петицию и рассказали друзьям держитесь пожалуйста'
).split(' ');
const AUTHORS = [
  'Ryan Winders', 'Dave', 'Anna K.', 'Sam', 'Olga', 'Mark T.', 'Priya', 'Jamie', 'Chris',
  'Алексей', 'Мария', 'Дмитрий', 'Катя', 'Sophie', 'Tom', 'Lena', 'Игорь', 'Nadia',
];

function body(rand) {
  const cyrillic = rand() < 0.25;
  const words = cyrillic ? RU_WORDS : EN_WORDS;
  const target = 50 + Math.floor(rand() * 351); // 50..400 characters
  let text = '';
  while (text.length < target) {
    const word = words[Math.floor(rand() * words.length)];
    text += (text ? ' ' : '') + word;
    if (rand() < 0.08) text += rand() < 0.5 ? '.' : ',';
  }
  text = text.slice(0, target).trimEnd();
  if (text.length < 50) text = text.padEnd(50, '!');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `n` comments in the page's JSON contract; exactly one in four (i % 4 == 3) is a reply to
 * a random earlier comment among the `replyWindow` most recent ones (conversations reply to
 * recent comments). The same seed makes the first 1,000 of a 10,000 thread identical to the
 * 1,000 thread, and the window keeps later replies off the first page, so the first page
 * (the first 50 top-level threads with their replies) is the same for both sizes: what
 * differs is only the number of comments the page has to load, parse, thread and count.
 * Also returns what the page should show first: the total and the top-level threads on
 * the first page (the page shows 50 at a time).
 */
export function generateComments(n, { seed = 2013, pageSize = 50, replyWindow = 200 } = {}) {
  const rand = prng(seed);
  const comments = [];
  const start = Date.parse('2013-07-30T18:00:00Z');
  let roots = 0;
  for (let i = 0; i < n; i++) {
    const reply = i % 4 === 3 && i > 0;
    const from = Math.max(0, i - replyWindow);
    const parent = reply ? comments[from + Math.floor(rand() * (i - from))].id : null;
    if (!reply) roots++;
    comments.push({
      id: `c${i + 1}`,
      parent_id: parent,
      author: AUTHORS[Math.floor(rand() * AUTHORS.length)],
      body: body(rand),
      created_at: new Date(start + i * 97_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  return { json: JSON.stringify({ comments }), total: n, roots, firstTop: Math.min(pageSize, roots) };
}

/** What an existing comments file should show first (unique ids; top-level = no known parent). */
export function expectationsOf(commentsJson, { pageSize = 50 } = {}) {
  const list = JSON.parse(commentsJson).comments ?? [];
  const ids = new Set();
  const unique = list.filter((c) => !ids.has(c.id) && ids.add(c.id));
  const roots = unique.filter((c) => c.parent_id == null || !ids.has(c.parent_id)).length;
  return { total: unique.length, roots, firstTop: Math.min(pageSize, roots) };
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function segments(list) {
  return (list ?? [])
    .map((seg) =>
      typeof seg === 'string'
        ? escapeHtml(seg)
        : `<a href="${escapeHtml(seg.href)}" rel="noopener noreferrer external" target="_blank">${escapeHtml(seg.text)}</a>`,
    )
    .join('');
}

/**
 * A plain static HTML copy of the article from content/<lang>.json: title, tagline, date,
 * paragraphs, quotes and actions, with one stylesheet link to the page's own CSS file and the
 * same class names, so the browser does the same styling work without any script.
 */
export function staticArticleHtml(article, cssHref, lang = 'en') {
  const body = (article.body ?? [])
    .map((block) =>
      block.type === 'quote'
        ? `<figure class="solidarity-quote"><blockquote><p>${segments(block.text)}</p></blockquote>` +
          `<figcaption>— <cite>${escapeHtml(block.speaker ?? '')}</cite>, ${escapeHtml(block.speaker_role ?? '')}</figcaption></figure>`
        : `<p>${segments(block.text)}</p>`,
    )
    .join('\n');
  const actions = (article.actions ?? []).map((a) => `<li>${segments(a)}</li>`).join('\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.title)}</title>
<link rel="stylesheet" href="${escapeHtml(cssHref)}">
</head>
<body>
<main data-solidarity data-standalone>
<div class="solidarity" lang="${lang}">
<article class="solidarity-article" data-testid="article" lang="${lang}">
<header>
<h1 elementtiming="bench-title">${escapeHtml(article.title)}</h1>
<p class="solidarity-tagline" lang="${escapeHtml(article.tagline_lang ?? lang)}">${escapeHtml(article.tagline ?? '')}</p>
<p class="solidarity-published">Published <time datetime="${escapeHtml(article.published ?? '')}">${escapeHtml(article.published ?? '')}</time></p>
</header>
${body}
<section class="solidarity-actions" aria-label="Take action">
<h2>Take action</h2>
<ul>
${actions}
</ul>
</section>
</article>
</div>
</main>
</body>
</html>
`;
}
