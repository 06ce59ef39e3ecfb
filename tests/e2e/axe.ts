/**
 * Accessibility check for every page the browser tests visit: axe-core run inside the page, failing on any
 * serious or critical violation. (@axe-core/playwright needs Node 22, so axe-core is injected directly.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; html: string; failureSummary?: string }>;
}

/**
 * Injects axe into the page and runs it. The app's CSP (script-src 'self') refuses inline <script> tags, so
 * page.addScriptTag cannot be used without weakening the CSP under test; evaluating the source through the
 * DevTools protocol is not subject to the page's CSP.
 */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), failureSummary: n.failureSummary })),
    }));
  });
}

/** Zero serious or critical violations; lesser ones are listed in the test output for information. */
export async function expectAccessible(page: Page, where: string) {
  const violations = await runAxe(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !blocking.includes(v));
  if (minor.length > 0) {
    console.log(`axe (${where}) minor/moderate: ${minor.map((v) => `${v.id}[${v.impact}]`).join(', ')}`);
  }
  const report = blocking
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.html}\n      ${n.failureSummary ?? ''}`).join('\n'),
    )
    .join('\n');
  expect(blocking, `axe found serious/critical problems on ${where}:\n${report}`).toEqual([]);
}
