// axe-core in the browser: the violations on a page, with impact and the first five nodes.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './servers.js';

let source;

/** axe-core's violations on `page`. Evaluated through the DevTools protocol, so it also
 * runs under a strict Content-Security-Policy (no inline script is added). */
export async function axeViolations(page) {
  source ??= await readFile(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}
