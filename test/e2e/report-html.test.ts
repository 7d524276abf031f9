import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runReport } from '../../src/cli/report.js';
import { CHROMIUM, HAS_CHROMIUM, NO_CHROMIUM_REASON } from './browser.js';

/** The HTML report as a reader sees it, drawn by chromium with no network (docs/report.md). */
describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'the HTML report of the example, in headless chromium' : NO_CHROMIUM_REASON, () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trustmap-report-html-')), 'report.html');
    expect(await runReport('examples/org-estate.yaml', { format: 'text', out }, { stdout: () => {}, stderr: () => {} })).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-background-networking', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`file://${out}`);
    await page.locator('.mermaid svg').first().waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws no edge label over the organization frame’s title', async () => {
    const overlaps = await page.evaluate(() => {
      const boxes = (selector: string): DOMRect[] => [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      const titles = boxes('.mermaid svg .cluster-label');
      const labels = boxes('.mermaid svg .edgeLabel');
      const meet = (a: DOMRect, b: DOMRect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      return { titles: titles.length, labels: labels.length, overlaps: titles.flatMap((t) => labels.filter((l) => meet(t, l))).length };
    });
    expect(overlaps.titles).toBeGreaterThan(0);
    expect(overlaps.labels).toBeGreaterThan(0);
    expect(overlaps.overlaps).toBe(0);
  });

  it('keeps each ARN in a table on one line', async () => {
    const lines = await page.evaluate(() =>
      // an inline element has one client rect per line it takes
      [...document.querySelectorAll('td code')].filter((c) => (c.textContent ?? '').startsWith('arn:')).map((c) => c.getClientRects().length),
    );
    expect(lines.length).toBeGreaterThan(10);
    expect(Math.max(...lines)).toBeLessThanOrEqual(1);
  });
});
