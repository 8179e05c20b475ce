// Waits that cannot be satisfied by the prerendered page alone, and a button press that
// cannot be lost to a layout shift.
//
// A prerendered page already shows the thread it was built with (the seed comments), so
// "N comments are in the DOM" says nothing about the live load. The comments section says
// where its thread comes from in `data-thread`: "built" (the prerendered seed), "loading",
// "live" (the load finished) or "failed" (it could not be loaded).

import { TIMEOUT } from './browser.js';

/** Waits until the comment thread's live load has ended in one of `states`. */
export async function waitForThread(page, { states = ['live'], timeout = TIMEOUT } = {}) {
  try {
    await page.waitForFunction(
      (states) => states.includes(document.querySelector('[data-testid=comments]')?.getAttribute('data-thread')),
      states,
      { timeout },
    );
  } catch (error) {
    const actual = await page
      .evaluate(() => document.querySelector('[data-testid=comments]')?.getAttribute('data-thread') ?? null)
      .catch(() => '(page gone)');
    throw new Error(`the thread never became ${states.join(' or ')}; data-thread is ${JSON.stringify(actual)}\n${error.message}`);
  }
}

/**
 * Activates the button `selector` the way a keyboard reader does: brings it into view,
 * waits (bounded) until its position has not moved for three frames, focuses it and
 * presses Enter. Unlike a mouse click, the press cannot land on another element when
 * the layout shifts between pointer events, so a lost press cannot pass as a click.
 */
export async function pressButton(page, selector, { timeout = TIMEOUT } = {}) {
  const button = page.locator(selector);
  await button.waitFor({ state: 'visible', timeout });
  await button.scrollIntoViewIfNeeded({ timeout });
  await page.evaluate(
    (selector) =>
      new Promise((resolve) => {
        let last = null;
        let still = 0;
        let frames = 0;
        const step = () => {
          const top = document.querySelector(selector)?.getBoundingClientRect().top ?? null;
          still = top === last ? still + 1 : 0;
          last = top;
          if (still >= 3 || ++frames > 120) resolve();
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    selector,
  );
  await button.focus({ timeout });
  await page.keyboard.press('Enter');
}
