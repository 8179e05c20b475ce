// Automated accessibility checks (axe-core) on the page in both languages and colour
// schemes, with validation errors showing, plus a second widget on the same page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, indexWithMain, sleep } from './lib/servers.js';
import { axeViolations } from './lib/axe.js';
import { openPage, closeBrowser, noErrors, waitForComments, waitForAttribute } from './lib/browser.js';

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await closeBrowser();
  await site?.close();
});

for (const [locale, scheme] of [
  ['en-US', 'light'],
  ['ru-RU', 'light'],
  ['en-US', 'dark'],
]) {
  test(`axe finds no violations (${locale}, ${scheme}, with validation errors shown)`, async () => {
    // The Russian reader reads the Russian page.
    const page = await openPage(locale === 'ru-RU' ? `${site.url}ru/` : site.url, { locale });
    try {
      await page.emulateMedia({ colorScheme: scheme });
      await waitForComments(page, { min: 3 });
      await page.click('[data-testid=support-form] button[type=submit]');
      await page.click('[data-testid=comment-form] button[type=submit]');
      await waitForAttribute(page, '[data-testid=support-form] [name=name]', 'aria-invalid', 'true');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
      noErrors(page);
    } finally {
      await page.close();
    }
  });
}

test('two widgets on one page mount independently with unique element ids', async () => {
  const html = (await indexWithMain('<main data-solidarity data-standalone>')).replace(
    '</main>',
    '</main><aside data-solidarity data-lang="ru"></aside>',
  );
  const two = await startSite({ overrides: async () => ({ '/index.html': html }) });
  const page = await openPage(two.url, { locale: 'en-US' });
  try {
    // The second (embedded) widget lives in its own shadow root; the standalone one does not.
    await page.waitForFunction(() => {
      const shadow = document.querySelector('aside')?.shadowRoot;
      return document.querySelectorAll('main [data-testid=comment]').length >= 3 && shadow?.querySelectorAll('[data-testid=comment]').length >= 3;
    }, null, { timeout: 15_000 });
    const state = await page.evaluate(() => {
      const roots = [document.querySelector('main'), document.querySelector('aside').shadowRoot];
      const ids = roots.flatMap((root) => [...root.querySelectorAll('[id]')].map((e) => e.id));
      return {
        duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
        titles: roots.map((root) => root.querySelector('[data-testid=article] h1').textContent.trim()),
        htmlLang: document.documentElement.lang,
        labelsResolve: roots.every((root) => [...root.querySelectorAll('label[for]')].every((l) => l.control && root.contains(l.control))),
      };
    });
    assert.deepEqual(state.duplicates, []);
    assert.deepEqual(state.titles, ['Solidarity with LGBT Russia', 'Солидарность с\u00a0ЛГБТ-сообществом России']);
    assert.equal(state.htmlLang, 'en', 'only the standalone widget owns <html lang>');
    assert.equal(state.labelsResolve, true, 'each label names a control in its own widget');
    // Clicking a label in the second widget focuses the control in the second widget.
    await page.locator('aside label', { hasText: /^Имя$/ }).first().click();
    assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('aside')), true, 'focus went into the second widget (its shadow host)');
    assert.equal(await page.evaluate(() => document.querySelector('aside').shadowRoot.activeElement?.getAttribute('name')), 'name');
    await sleep(100);
    noErrors(page);
  } finally {
    await page.close();
    await two.close();
  }
});
