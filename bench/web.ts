/**
 * `npm run bench:web`: the page of `trustmap serve` timed in headless chromium on a generated
 * estate (docs/web.md, "Speed"). Never run by `npm test`.
 *
 * - map first render: from navigation start to the estate map drawn (the page's
 *   `trustmap:map-rendered` mark: the estate fetched, laid out by ELK and painted), each run in a
 *   fresh browser context;
 * - findings: the findings table drawn (its first 200 rows), and the map with its findings badges;
 * - explain round trip: `fetch('/api/explain?…')` and its JSON parsed, from inside the page; and
 *   the same through the page: the form sent, the answer drawn.
 *
 * Options: --estate DIR (default: generated once into the system's temp folder), --accounts N
 * (default 1000), --roles-per-account M (default 8), --resources-per-account K (default 10),
 * --runs N (default 5). Needs `npm run build:web` and chromium (TRUSTMAP_CHROMIUM or /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { renderEstateJson } from '../src/server/estate-json.js';
import { loadServedEstate } from '../src/server/served-estate.js';
import { startServer } from '../src/server/start-server.js';
import { readWebBundle } from '../src/server/web-bundle.js';
import { formatTable, median } from './stats.js';

const { values } = parseArgs({
  options: {
    estate: { type: 'string' },
    accounts: { type: 'string', default: '1000' },
    'roles-per-account': { type: 'string', default: '8' },
    'resources-per-account': { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
  },
});
const MAP_TARGET_MS = 3000;
const EXPLAIN_TARGET_MS = 200;
const runs = Number(values.runs);
const chromiumPath = process.env.TRUSTMAP_CHROMIUM ?? '/usr/bin/chromium';

function fail(message: string): never {
  process.stderr.write(`bench:web: ${message}\n`);
  process.exit(2);
}

if (!existsSync(chromiumPath)) fail(`no chromium at ${chromiumPath}: apt-get install chromium, or set TRUSTMAP_CHROMIUM`);
const bundle = readWebBundle();
if (!bundle.ok) fail(`${bundle.diagnostic.message}; ${bundle.diagnostic.help}`);

const size = `${values.accounts}x${values['roles-per-account']}x${values['resources-per-account']}`;
const estateDir = values.estate ?? join(tmpdir(), `trustmap-bench-web-${size}`);
if (!existsSync(estateDir)) {
  process.stderr.write(`generating ${size} into ${estateDir}\n`);
  const gen = spawnSync('npm', ['run', '-s', 'gen:estate', '--', '--accounts', values.accounts!, '--roles-per-account', values['roles-per-account']!, '--resources-per-account', values['resources-per-account']!, '--out', estateDir], { stdio: 'inherit' });
  if (gen.status !== 0) fail('npm run gen:estate failed');
}

const loadStart = performance.now();
const loaded = loadServedEstate(estateDir, (m) => process.stderr.write(`${m}\n`));
if (!loaded.ok) fail(`${estateDir} did not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
const findingsStart = performance.now();
const findingsCount = loaded.served.findings().findings.length;
process.stderr.write(`findings: ${findingsCount} in ${((performance.now() - findingsStart) / 1000).toFixed(1)} s (computed before serving, as trustmap serve does)\n`);
const loadMs = performance.now() - loadStart;
const served = loaded.served;
const started = await startServer({ served, bundle: bundle.bundle, port: 0 });
if (!started.ok) fail(started.diagnostic.message);
const server = started.server;

const denied = served.accessMap.blocked[0];
const allowed = served.accessMap.entries.find((e) => e.kind === 'resource' && e.principals.members[0]!.id.startsWith('arn:') && e.actions[0]?.decision === 'Allow');
const questions = [
  ...(denied ? [{ name: 'a denial (fixes proposed and verified)', q: { principal: denied.principals.members[0]!.id, action: denied.action, resource: denied.resource } }] : []),
  ...(allowed ? [{ name: 'an allowed cross-account read', q: { principal: allowed.principals.members[0]!.id, action: allowed.actions[0]!.action, resource: allowed.actions[0]!.resource } }] : []),
];

const browser: Browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
const rows: string[][] = [];
try {
  const mapTimes: number[] = [];
  const estateBytes = Buffer.byteLength(renderEstateJson(served));
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('html[data-map-ready=true]').waitFor({ timeout: 60_000 });
    const marks = await page.evaluate(() => Object.fromEntries(['trustmap:estate-loaded', 'trustmap:layout-start', 'trustmap:layout-done', 'trustmap:map-rendered'].map((m) => [m.slice(9), Math.round(performance.getEntriesByName(m)[0]?.startTime ?? -1)])));
    process.stderr.write(`map run ${i + 1}: ${JSON.stringify(marks)}\n`);
    mapTimes.push(marks['map-rendered']!);
    await context.close();
  }
  rows.push([`map first render, ${served.estate.accounts.size} accounts (median of ${runs})`, ms(median(mapTimes)), `min ${ms(Math.min(...mapTimes))}, max ${ms(Math.max(...mapTimes))}`, `< ${ms(MAP_TARGET_MS)}`, median(mapTimes) < MAP_TARGET_MS ? 'met' : 'NOT MET']);

  // findings: the table drawn from navigation start, every finding a row; then the badges on the map
  const findingsTimes: number[] = [];
  const badgeTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}findings`);
    await page.locator('table.findings-table tbody tr').nth(Math.min(findingsCount, 200) - 1).waitFor({ state: 'attached', timeout: 60_000 });
    findingsTimes.push(await page.evaluate(() => performance.now()));
    await page.goto(server.url);
    await page.locator('.finding-badge').first().waitFor({ timeout: 60_000 });
    badgeTimes.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  rows.push([`findings table, its first ${Math.min(findingsCount, 200)} of ${findingsCount} rows drawn (median of ${runs})`, ms(median(findingsTimes)), `min ${ms(Math.min(...findingsTimes))}, max ${ms(Math.max(...findingsTimes))}`, '', '']);
  rows.push([`map with its findings badges (median of ${runs})`, ms(median(badgeTimes)), `min ${ms(Math.min(...badgeTimes))}, max ${ms(Math.max(...badgeTimes))}`, '', '']);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}explain`);
  await page.getByLabel('Principal').waitFor();
  for (const { name, q } of questions) {
    const url = `/api/explain?${new URLSearchParams(q)}`;
    const times = await page.evaluate(async ({ url, n }) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await (await fetch(url)).json();
        out.push(performance.now() - t);
      }
      return out;
    }, { url, n: 21 });
    rows.push([`explain API round trip, ${name} (median of 21)`, ms(median(times)), `p95 ${ms(percentile(times, 0.95))}`, `< ${ms(EXPLAIN_TARGET_MS)}`, median(times) < EXPLAIN_TARGET_MS ? 'met' : 'NOT MET']);
    const pageTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${server.url}explain`);
      await page.getByLabel('Principal').fill(q.principal);
      await page.getByLabel('Action').fill(q.action);
      await page.getByLabel('Resource').fill(q.resource);
      pageTimes.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const t = performance.now();
              const seen = new MutationObserver(() => {
                if (document.querySelector('.decision-banner')) {
                  seen.disconnect();
                  requestAnimationFrame(() => resolve(performance.now() - t));
                }
              });
              seen.observe(document.body, { childList: true, subtree: true });
              document.querySelector('form[aria-label="explain a request"]')!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
            }),
        ),
      );
    }
    rows.push([`explain through the page, ${name} (median of 5)`, ms(median(pageTimes)), `max ${ms(Math.max(...pageTimes))}`, `< ${ms(EXPLAIN_TARGET_MS)}`, median(pageTimes) < EXPLAIN_TARGET_MS ? 'met' : 'NOT MET']);
  }
  await context.close();
  process.stdout.write(`trustmap serve ${estateDir}: ${served.estate.accounts.size} accounts, ${served.accessMap.entries.length} cross-account accesses; loaded with the access map in ${ms(loadMs)}; /api/estate ${(estateBytes / 1e6).toFixed(1)} MB\n\n`);
  process.stdout.write(`${formatTable(['figure', 'measured', 'spread', 'target', ''], rows)}\n`);
} finally {
  await browser.close();
  await server.close();
}

function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}
