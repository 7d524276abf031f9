import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadServedEstate } from '../../src/server/served-estate.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { readWebBundle } from '../../src/server/web-bundle.js';
import { CHROMIUM, HAS_CHROMIUM, NO_CHROMIUM_REASON } from './browser.js';
import { ensureWebBundle } from './web-bundle-build.js';
import { SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/**
 * Where the screenshots go: the ignored test-output/screenshots/, so a test run changes no tracked
 * file; `npm run screenshots` sets TRUSTMAP_SCREENSHOTS_DIR=docs/screenshots to update the committed
 * ones (a relative path is taken from the repository root). Ends with a separator.
 */
const SCREENSHOTS = join(resolve(ROOT, process.env.TRUSTMAP_SCREENSHOTS_DIR || 'test-output/screenshots'), '/');

/** Mistake 3 of examples/README.md: ml-training reads an object whose KMS key policy forgets it. */
const MISTAKE_3 = new URLSearchParams({
  principal: 'arn:aws:sts::555555555555:assumed-role/ml-training/job-7',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::example-prod-data-lake/features/users.parquet',
});

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'the page, in headless chromium, on the bundled example' : `the page in chromium (${NO_CHROMIUM_REASON})`, () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    const bundle = readWebBundle(ensureWebBundle());
    if (!bundle.ok) throw new Error(bundle.diagnostic.message);
    const loaded = loadServedEstate('examples/org-estate.yaml');
    if (!loaded.ok) throw new Error('examples/org-estate.yaml did not load');
    const started = await startServer({ served: loaded.served, bundle: bundle.bundle, port: 0 });
    if (!started.ok) throw new Error(started.diagnostic.message);
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (path: string): Promise<void> => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    problems = [];
    // a CSP violation, a failed request or a script error shows here
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}${path.replace(/^\//, '')}`);
  };

  afterEach(async () => {
    expect(problems).toEqual([]);
    await context?.close();
  });

  it('explains mistake 3: the denial, the side, the missing piece and the verified fix', async () => {
    await open(`/explain?${MISTAKE_3}`);
    const banner = page.locator('.decision-banner');
    await banner.waitFor();
    expect(await banner.locator('h2').innerText()).toBe('✗ ImplicitDeny decided by key-policy on the target side (account prod · 444444444444)');
    const target = page.getByRole('group', { name: /^target · key-owner · 444444444444/ });
    const missing = target.locator('tr.blocking-row');
    expect(await missing.count()).toBe(1);
    expect(await missing.innerText()).toMatch(/no-match · the missing piece\s+key-policy\s+target\s+hop 1:\s+kms:Decrypt/);
    const caller = page.getByRole('group', { name: /^caller · 555555555555/ });
    expect(await caller.locator('tr.blocking-row').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'organization o-exmpl12345' }).count()).toBe(1);

    const fix = page.getByRole('article', { name: 'alternative 1' });
    expect(await fix.getByText('✓ verified').count()).toBe(1);
    expect(await fix.innerText()).toContain('add-statement · account prod · 444444444444 · target side · key-policy');
    const statement = JSON.parse(await fix.locator('pre').innerText()) as { Sid: string; Principal: unknown; Action: string };
    expect(statement).toMatchObject({ Sid: 'AllowMlTrainingKmsDecrypt', Principal: { AWS: 'arn:aws:iam::555555555555:role/ml-training' }, Action: 'kms:Decrypt' });
    await fix.getByRole('button', { name: /^copy statement/ }).click();
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(statement);

    await page.screenshot({ path: `${SCREENSHOTS}explain-mistake-3.png`, fullPage: true });
  });

  it('the explain form: every control labelled, filled and sent with the keyboard alone', async () => {
    await open('/explain');
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, textarea, select, button')].filter((el) => {
        const named = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent?.trim());
        return !named;
      }).length,
    );
    expect(unlabelled).toBe(0);
    await page.getByLabel('Principal').focus();
    await page.keyboard.type(MISTAKE_3.get('principal')!);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('action');
    await page.keyboard.type(MISTAKE_3.get('action')!);
    await page.keyboard.press('Tab');
    await page.keyboard.type(MISTAKE_3.get('resource')!);
    for (const name of ['context', 'absent']) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).name)).toBe(name);
    }
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Explain');
    await page.keyboard.press('Enter');
    await page.locator('.decision-banner').waitFor();
    // the state is in the address: the link reproduces the view
    expect(new URL(page.url()).searchParams.get('resource')).toBe(MISTAKE_3.get('resource'));
    expect(await page.locator('.decision-banner h2').innerText()).toContain('ImplicitDeny');
  });

  it('the header states the estate\'s coverage (docs/inputs.md, "Coverage")', async () => {
    await open('/');
    const coverage = page.getByRole('status', { name: 'coverage' });
    expect(await coverage.innerText()).toBe('coverage complete');
    expect(await coverage.getAttribute('title')).toBe('IAM of all 8 accounts collected');
  });

  it('the map: organization frames, coloured cross-account arrows, search and expand by keyboard', async () => {
    await open('/');
    await page.locator('html[data-map-ready=true]').waitFor();
    const map = page.getByRole('region', { name: 'estate map' });
    for (const frame of ['organization o-exmpl12345 · root', 'OU Workloads', 'OU Security', 'outside the organization']) expect(await map.getByText(frame).count()).toBeGreaterThan(0);
    // one arrow per (source account, target account, boundary), coloured by the boundary the access map gives it
    const expected = await page.evaluate(async () => {
      const estate = (await (await fetch('/api/estate')).json()) as {
        accessMap: { entries: Array<{ boundary: string; targetAccount: string; principals: { accounts: string[]; first: { kind: string; account: string | null; id: string } } }> };
      };
      const arrows = new Map<string, Set<string>>();
      for (const e of estate.accessMap.entries) {
        const p = e.principals.first;
        const sources = p.kind === 'service' ? [p.id] : p.kind === 'public' ? ['*'] : e.principals.accounts.length > 0 ? e.principals.accounts : [p.account ?? '*'];
        for (const source of sources) (arrows.get(e.boundary) ?? arrows.set(e.boundary, new Set()).get(e.boundary)!).add(`${source}>${e.targetAccount}`);
      }
      return Object.fromEntries([...arrows].map(([k, v]) => [k, v.size]));
    });
    expect(expected.public).toBeGreaterThan(0);
    expect(expected.outside).toBeGreaterThan(0);
    for (const [boundary, count] of Object.entries(expected)) expect(await page.locator(`.react-flow__edge.edge-${boundary}`).count(), boundary).toBe(count);

    await page.getByLabel('Search accounts, principals and resources').focus();
    await page.keyboard.type('ml-training');
    const result = page.getByRole('region', { name: 'search results' }).getByRole('button', { name: 'analytics · 555555555555' });
    await result.waitFor();
    await result.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'analytics · 555555555555' }).waitFor();
    expect(new URL(page.url()).searchParams.get('select')).toBe('555555555555');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Expand on the map');
    await page.keyboard.press('Enter');
    await map.getByText('role/ml-training').waitFor();
    expect(new URL(page.url()).searchParams.get('expand')).toBe('555555555555');

    await page.goto(`${server.url}?expand=444444444444,555555555555`);
    await page.locator('html[data-map-ready=true]').waitFor();
    await map.getByText('role/ml-training').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}estate-map.png` });
  });

  it('who can reach the object: grouped by boundary, a path drawn across accounts, a near miss linked to explain', async () => {
    await open(`/who-can?resource=${encodeURIComponent(MISTAKE_3.get('resource')!)}&action=s3:GetObject`);
    const org = page.getByRole('region', { name: 'other accounts of the organization' });
    await org.waitFor();
    await org.getByRole('link', { name: 'ci/role/ci-runner' }).click();
    const picture = page.getByRole('figure');
    await picture.waitFor();
    // the CI role, the role it assumes and the object, then the implied kms:Decrypt on the key
    expect(await picture.getByRole('group').allInnerTexts()).toEqual([expect.stringMatching(/^ci · 333333333333/), expect.stringMatching(/^prod · 444444444444\n.*role\/legacy-admin[^]*users\.parquet$/), expect.stringMatching(/^prod · 444444444444\narn:aws:kms:/)]);
    expect(new URL(page.url()).searchParams.get('entry')).not.toBeNull();
    await page.screenshot({ path: `${SCREENSHOTS}who-can.png`, fullPage: true });

    const blocked = page.getByRole('region', { name: 'blocked' }).getByRole('listitem').filter({ hasText: 'analytics/role/ml-training' });
    await blocked.getByRole('link', { name: 'explain' }).click();
    await page.locator('.decision-banner').waitFor();
    expect(await page.locator('.decision-banner h2').innerText()).toContain('decided by key-policy on the target side');
  });

  it('explain takes a person: every route they sign in by, the most permissive drawn', async () => {
    await open(`/explain?principal=${encodeURIComponent('sso:bob@example.com')}&action=s3:GetObject&resource=${encodeURIComponent('arn:aws:s3:::example-prod-data-lake/customers/pii.parquet')}`);
    const routes = page.getByRole('region', { name: 'routes' });
    await routes.waitFor();
    expect(await routes.locator('h2').innerText()).toBe('bob@example.com (Bob Okafor, IAM Identity Center d-9067642ac7) signs in through IAM Identity Center by 1 route');
    expect(await routes.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^group DataPlatform → permission set DataLakeRead in 444444444444: ✓ Allow \(drawn below: the most permissive\)$/)]);
    expect(await page.locator('.decision-banner h2').innerText()).toContain('Allow');
  });

  it('who-can names the people behind IAM Identity Center roles, each linked to explain as their own session', async () => {
    await open(`/who-can?resource=${encodeURIComponent(MISTAKE_3.get('resource')!)}&action=s3:GetObject`);
    const people = page.getByRole('region', { name: 'people' });
    await people.waitFor();
    const row = people.getByRole('listitem').filter({ hasText: 'group DataPlatform' });
    expect(await row.innerText()).toMatch(/group DataPlatform → permission set DataLakeRead in 444444444444: alice@example\.com, bob@example\.com · s3:GetObject ✓ Allow/);
    await row.getByRole('link', { name: 'bob@example.com' }).click();
    await page.locator('.decision-banner').waitFor();
    expect(new URL(page.url()).searchParams.get('principal')).toBe('arn:aws:sts::444444444444:assumed-role/AWSReservedSSO_DataLakeRead_8f3e2b6c1a9d4e70/bob@example.com');
    expect(await page.locator('.decision-banner h2').innerText()).toContain('Allow');
  });

  it('paths takes a person: the paths from each role they sign in as', async () => {
    await open(`/paths?from=${encodeURIComponent('sso:bob@example.com')}&to=${encodeURIComponent('arn:aws:s3:::example-prod-data-lake/customers/pii.parquet')}&action=s3:GetObject`);
    const route = page.getByRole('region', { name: /^route 1: DataLakeRead in 444444444444, through group DataPlatform$/ });
    await route.waitFor();
    expect(await page.locator('.person-paths > p').first().innerText()).toBe('bob@example.com signs in through IAM Identity Center (d-9067642ac7) by 1 route');
    expect(await route.getByRole('link', { name: 'path 1' }).count()).toBe(1);
  });

  it('paths: every way from the CI role, the chosen one drawn', async () => {
    await open(`/paths?from=${encodeURIComponent('arn:aws:iam::333333333333:role/ci-runner')}&to=${encodeURIComponent('arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet')}&action=s3:GetObject`);
    await page.getByRole('figure', { name: /^path 1: Allow, 2 hops/ }).waitFor();
    expect(await page.getByRole('link', { name: 'path 1' }).getAttribute('aria-current')).toBe('true');
  });

  it('findings: the table with its severity filter chosen by keyboard, each row opening the explain view of its request', async () => {
    await open('/findings');
    const table = page.locator('table.findings-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(16);
    expect(await page.locator('.findings-summary').innerText()).toBe('16 findings: 2 critical, 6 high, 7 medium, 1 low');
    await page.screenshot({ path: `${SCREENSHOTS}findings.png`, fullPage: true });

    // messages show their code spans as code, as text: no backtick left, nothing read as HTML
    const publicRow = table.locator('tbody tr').filter({ hasText: 'public-resource-policy' });
    const message = publicRow.locator('td').nth(3);
    expect(await message.locator('code').allInnerTexts()).toContain('arn:aws:s3:::example-sandbox-datasets');
    expect(await message.innerText()).not.toContain('`');

    // the filter is a labelled control, reached and changed with the keyboard; its state is in the address
    const filter = page.getByLabel('Severity at least');
    await filter.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/\/findings\?severity=high$/);
    await page.locator('.findings-summary', { hasText: '8 findings: 2 critical, 6 high' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(8);

    // the outside vendor trusted without sts:ExternalId (mistake 5): its explain link asks without an external id
    const row = table.locator('tbody tr').filter({ hasText: 'trust-outside-organization-without-external-id' });
    await row.getByRole('link', { name: /^explain the request that shows trust-outside-organization-without-external-id/ }).click();
    await page.waitForURL(/\/explain\?/);
    expect(new URL(page.url()).searchParams.getAll('absent')).toEqual(['sts:ExternalId']);
    await page.locator('.decision-banner').waitFor();
    expect(await page.locator('.decision-banner h2').innerText()).toMatch(/^✓ Allow/);
  });

  it('findings no single request shows open their subject instead: who can reach the role, the account on the map', async () => {
    await open('/findings');
    const table = page.locator('table.findings-table');
    await table.waitFor();
    const links = async (rule: string): Promise<string[]> => table.locator('tbody tr').filter({ hasText: rule }).getByRole('link').allInnerTexts();
    expect(await links('scp-on-management-account-workloads')).toEqual(['who can reach']);
    expect(await links('deleted-principal-in-policy')).toEqual(['who can reach']);
    // scp-allow-list-gap is about account 888888888888 (sandbox): its link opens that account's panel on the map
    await table.getByRole('link', { name: 'account 888888888888 on the map' }).press('Enter');
    await page.waitForURL(/\/\?select=888888888888$/);
    await page.getByRole('region', { name: /^account sandbox/ }).waitFor();
  });

  it('the map carries the findings as badges on accounts and, expanded, on their roles and resources', async () => {
    await open('/?expand=444444444444');
    await page.locator('html[data-map-ready=true]').waitFor();
    const map = page.getByRole('region', { name: 'estate map' });
    await map.locator('.finding-badge').first().waitFor();
    // prod (444444444444) holds eight findings' subjects, the worst critical (legacy-admin trusts all of ci)
    expect(await map.getByLabel('8 findings, the worst critical').count()).toBe(1);
    expect(await map.getByLabel('2 findings, the worst high').count()).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'the findings table of a generated estate, in headless chromium' : `the findings table in chromium (${NO_CHROMIUM_REASON})`, () => {
  let server: RunningServer;
  let browser: Browser;
  let findings: number;
  const dir = mkdtempSync(join(tmpdir(), 'trustmap-e2e-findings-'));

  beforeAll(async () => {
    writeSyntheticSnapshot(new SyntheticEstateBuilder({ accounts: 100, rolesPerAccount: 8, resourcesPerAccount: 10, seed: 'trustmap' }), dir);
    const bundle = readWebBundle(ensureWebBundle());
    if (!bundle.ok) throw new Error(bundle.diagnostic.message);
    const loaded = loadServedEstate(dir);
    if (!loaded.ok) throw new Error(`${dir} did not load`);
    findings = loaded.served.findings().findings.length;
    const started = await startServer({ served: loaded.served, bundle: bundle.bundle, port: 0 });
    if (!started.ok) throw new Error(started.diagnostic.message);
    server = started.server;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the first 200 rows, then the rest when asked, by keyboard', async () => {
    expect(findings).toBeGreaterThan(200);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}findings`);
    const rows = page.locator('table.findings-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(200);
    expect(await page.locator('.findings-more').innerText()).toContain(`200 of ${findings} shown, most severe first.`);
    await page.getByRole('button', { name: `Show all ${findings}` }).focus();
    await page.keyboard.press('Enter');
    await rows.nth(findings - 1).waitFor();
    expect(await rows.count()).toBe(findings);
    expect(await page.locator('.findings-more').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
