import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

/** axe-core's browser build, injected into each page the checks visit. */
function axe(): Promise<string> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** Waits until the screen has a heading and nothing on it is still loading. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page
    .waitForFunction(`document.querySelectorAll('[aria-busy="true"]').length === 0`, null, {
      timeout: 10_000,
    })
    .catch(() => undefined);
}

/** Wider than the window: the page scrolls sideways (a phone's worst layout fault). */
export async function horizontalOverflow(page: Page): Promise<string | undefined> {
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>(
    '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
  );
  return scroll > width + 1 ? `page is ${scroll} px wide in a ${width} px window` : undefined;
}

/** axe-core violations (WCAG 2.1 A and AA rules) of impact serious or critical, one line each. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await axe() });
  // The page's own context runs this (no DOM types in the test project).
  const violations = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(`
    axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      })),
    )`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** Console errors and uncaught exceptions of a page, collected from now on. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
