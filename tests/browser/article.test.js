// The article: title, date, quotations and links, in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, articleContent } from './lib/servers.js';
import { openPage, closeBrowser, noErrors, waitForText } from './lib/browser.js';

let site;
let content;
before(async () => {
  site = await startSite();
  content = { en: await articleContent('en'), ru: await articleContent('ru') };
});
after(async () => {
  await closeBrowser();
  await site?.close();
});

/** Everything tests check about the rendered article, read in one go. */
function readArticle(page) {
  return page.evaluate(() => {
    const article = document.querySelector('[data-testid=article]');
    const time = article.querySelector('time');
    return {
      lang: article.getAttribute('lang'),
      h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
      time: time && { datetime: time.getAttribute('datetime'), text: time.textContent.trim() },
      cites: [...article.querySelectorAll('figure cite')].map((c) => c.textContent.trim()),
      blockquotes: article.querySelectorAll('blockquote').length,
      paragraphs: [...article.querySelectorAll(':scope > p')].map((p) => p.textContent.trim()),
      links: [...article.querySelectorAll('a[href]')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })),
      title: document.title,
    };
  });
}

/** The plain text of a content block's segments. */
const plain = (segments) => segments.map((s) => (typeof s === 'string' ? s : s.text)).join('');

/** The links a content file has (the seed gives none, so the page invents none). */
const contentLinks = (article) =>
  [...article.body.flatMap((b) => b.text), ...article.actions.flat()]
    .filter((s) => typeof s !== 'string')
    .map((s) => ({ href: s.href, text: s.text }));

test('English article: title, date, quotation speakers and only the links the content has', async () => {
  const page = await openPage(site.url, { locale: 'en-GB' });
  try {
    const article = await readArticle(page);
    assert.equal(article.lang, 'en');
    assert.deepEqual(article.h1, ['Solidarity with LGBT Russia']);
    assert.deepEqual(article.time, { datetime: '2013-07-30', text: '30 July 2013' });
    assert.deepEqual(article.cites, ['Polina Savchenko', 'Sasha Semonova']);
    assert.equal(article.blockquotes, 2);
    assert.deepEqual(article.links, contentLinks(content.en));
    for (const link of article.links) assert.match(link.href, /^https?:\/\//, `only web links: ${link.href}`);
    assert.equal(article.title, 'Solidarity with LGBT Russia');
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('English article paragraphs match content/en.json', async () => {
  const page = await openPage(site.url, { locale: 'en-GB' });
  try {
    const article = await readArticle(page);
    const expected = content.en.body.filter((b) => b.type === 'paragraph').map((b) => plain(b.text).trim());
    assert.deepEqual(article.paragraphs, expected);
    const quotes = await page.$$eval('[data-testid=article] blockquote', (qs) => qs.map((q) => q.textContent.trim()));
    assert.deepEqual(quotes, content.en.body.filter((b) => b.type === 'quote').map((b) => plain(b.text).trim()));
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('Russian article: Cyrillic title, Russian date with a no-break space, Russian speakers', async () => {
  const page = await openPage(`${site.url}ru/`, { locale: 'ru-RU' });
  try {
    await waitForText(page, '[data-testid=article] h1', content.ru.title);
    const article = await readArticle(page);
    assert.equal(article.lang, 'ru');
    assert.deepEqual(article.h1, [content.ru.title]);
    assert.match(article.h1[0], /[А-Яа-яЁё]/);
    assert.deepEqual(article.time, { datetime: '2013-07-30', text: '30\u00a0июля 2013\u00a0г.' });
    assert.deepEqual(article.cites, ['Полина Савченко', 'Саша Семёнова']);
    const expected = content.ru.body.filter((b) => b.type === 'paragraph').map((b) => plain(b.text).trim());
    assert.deepEqual(article.paragraphs, expected);
    assert.deepEqual(article.links, contentLinks(content.ru));
    assert.equal(article.title, content.ru.title);
    noErrors(page);
  } finally {
    await page.close();
  }
});

test('external links open safely (noopener) and the tagline carries its own lang', async () => {
  const page = await openPage(site.url, { locale: 'en-GB' });
  try {
    const links = await page.$$eval('[data-testid=article] a[href]', (as) => as.map((a) => ({ rel: a.rel, target: a.target })));
    assert.equal(links.length, contentLinks(content.en).length);
    for (const link of links) {
      assert.match(link.rel, /noopener/);
      assert.match(link.rel, /noreferrer/);
    }
    const tagline = await page.$eval('[data-testid=article] header [lang]', (p) => ({ lang: p.lang, text: p.textContent.trim() }));
    assert.deepEqual(tagline, { lang: content.en.tagline_lang, text: content.en.tagline });
    noErrors(page);
  } finally {
    await page.close();
  }
});
