import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync as exists } from 'node:fs';
import { runReport, type ReportFlags } from '../../src/cli/report.js';

const EXAMPLE = 'examples/org-estate.yaml';

async function report(flags: Partial<ReportFlags>, estate = EXAMPLE): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReport(estate, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

describe('trustmap report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trustmap-report-'));

  it('prints Markdown with every section, the access map drawn as Mermaid, and figures from the access map', async () => {
    const r = await report({});
    expect(r.code).toBe(0);
    const headings = r.stdout.match(/^#{1,3} .*$/gm)!;
    expect(headings.slice(0, 5)).toEqual(['# trustmap report: examples/org-estate.yaml', '## At a glance', '## Organization', '## People', '## Cross-account access']);
    // The people behind the IAM Identity Center roles, by way in (issue 19): bob reads the prod data lake only through DataPlatform.
    expect(r.stdout).toContain('| **People** | 4 users in 2 groups of IAM Identity Center (d-9067642ac7); 3 permission sets, assigned in 3 accounts |');
    expect(r.stdout).toContain('| group DataPlatform | `DataLakeRead` | prod 444444444444 | alice@example.com, bob@example.com |');
    expect(r.stdout).toContain('| assigned directly | `SandboxAdmin` | sandbox 888888888888 | dave@example.com |');
    expect(headings).toContain('## From outside the organization and public');
    expect(r.stdout.match(/```mermaid\n/g)).toHaveLength(2);
    expect(r.stdout).toContain('| **Cross-account access** | 18 entries (21 principal–target pairs): 1 public, 1 outside the organization');
    expect(r.stdout).toContain('- **1 access open to anyone**');
    // the vendor trusted without an external ID (mistake 5) is in the outside table with its note
    expect(r.stdout).toMatch(/\| acme-monitoring\/role\/integration \(999999999999\) \| `arn:aws:iam::444444444444:role\/acme-monitoring` \|.*without an sts:ExternalId/);
  });

  it('carries the findings: counted at a glance, critical and high ones first, each with its place and fix, and statements to paste', async () => {
    const r = await report({});
    expect(r.stdout).toContain('| **Findings** | 2 critical, 6 high, 7 medium, 1 low, 0 info |');
    expect(r.stdout).toMatch(/^- \*\*critical\*\* Resource or role open to anyone: `arn:aws:s3:::example-sandbox-datasets` — fix: in account 888888888888/m);
    const section = r.stdout.slice(r.stdout.indexOf('## Findings'), r.stdout.indexOf('## Named but refused'));
    const rows = section.split('\n').filter((l) => /^\| \*\*(critical|high|medium|low|info)\*\* \|/.test(l));
    expect(rows).toHaveLength(16);
    expect(rows[0]).toContain('[public-resource-policy](docs/findings/public-resource-policy.md)');
    expect(rows[0]).toContain('`examples/org-estate.yaml:706`');
    expect(section).toContain('### Statements to paste');
    expect(section).toContain('"aws:PrincipalOrgID": "o-exmpl12345"');
  });

  it('--known-accounts names vendors in the findings; a missing file is unusable input', async () => {
    const named = await report({ knownAccounts: 'examples/known-accounts.yaml' });
    expect(named.code).toBe(0);
    expect(named.stdout).toContain('require the external id Acme Monitoring gives you for this account');
    expect((await report({})).stdout).not.toContain('Acme Monitoring');
    const missing = await report({ knownAccounts: 'no-such-file.yaml' });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
  });

  it('writes self-contained HTML: no external URL to load, a CSP that forbids fetching, Mermaid inlined', async () => {
    const out = join(dir, 'report.html');
    const r = await report({ out });
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`);
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(/<(script|img|iframe)[^>]+src=/i.test(markup)).toBe(false);
    expect(/<link[^>]+href=/i.test(markup)).toBe(false);
    expect(markup.match(/<script>/g)).toHaveLength(2);
    expect(markup.match(/<pre class="mermaid">/g)).toHaveLength(2);
    expect(html).toContain('mermaid.initialize(');
    expect(html.length).toBeGreaterThan(1_000_000); // the renderer itself is inline
    expect(r.stderr).toContain(`report written to ${out} (HTML`);
  });

  it('the extension of --out chooses the format; JSON carries the overview and the access map', async () => {
    const out = join(dir, 'report.json');
    expect((await report({ out })).code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { overview: { accounts: number }; accessMap: { summary: { entries: number; principals: number } }; findings: Array<{ ruleId: string; fingerprint: string }> };
    expect(json.overview.accounts).toBe(8);
    expect(json.accessMap.summary.entries).toBe(18);
    expect(json.accessMap.summary.principals).toBe(21);
    expect(json.findings).toHaveLength(16);
    expect(new Set(json.findings.map((f) => f.ruleId)).size).toBe(15);
  });

  it.each([
    ['an unknown extension', { out: 'report.pdf' }],
    ['a --format that contradicts --out', { out: 'report.md', format: 'html', formatGiven: true }],
    ['an unwritable --out', { out: '/nonexistent-dir/report.md' }],
  ] as const)('%s → exit 2, nothing written', async (_name, flags) => {
    const r = await report(flags as Partial<ReportFlags>);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if ('out' in flags) expect(existsSync(flags.out) && flags.out.startsWith('/nonexistent')).toBe(false);
  });

  it('an unusable estate → exit 2', async () => {
    expect((await report({}, 'does-not-exist.yaml')).code).toBe(2);
  });
});

describe('the HTML report stands on its own when shared', () => {
  it('shows a rule page relative to the repository as text, never as a link that would lead nowhere', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trustmap-report-')), 'r.html');
    expect((await report({ out })).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/href="docs\/findings\//);
    expect(html).toContain('<code title="docs/findings/public-resource-policy.md in the trustmap repository">public-resource-policy</code>');
  });

  it('links each rule page under --docs-base-url, as findings does for SARIF', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trustmap-report-')), 'r.html');
    expect((await report({ out, docsBaseUrl: 'https://example.org/trustmap/blob/main/' })).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<a href="https://example.org/trustmap/blob/main/docs/findings/public-resource-policy.md">public-resource-policy</a>');
  });
});

describe('README.md starts with the two commands to try', () => {
  const readme = readFileSync('README.md', 'utf8');
  const first = /```[a-z]*\n([\s\S]*?)```/.exec(readme)![1]!.trimEnd().split('\n');

  it('the report of the example estate, then npm test', () => {
    expect(first).toEqual(['npm ci && npm run trustmap -- report examples/org-estate.yaml', 'npm test']);
  });

  it("the README shows the report's first screen as the command prints it", async () => {
    const shown = /```console\n\$ npm run trustmap -- report examples\/org-estate.yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const r = await report({});
    expect(r.code).toBe(0);
    expect(shown.split('\n').length).toBeGreaterThan(20);
    expect(r.stdout.startsWith(shown)).toBe(true);
  });
});

const peersData = new URL('../../../shared/peers-data/', import.meta.url).pathname;

describe.skipIf(!exists(peersData))('report on the real exports (needs ../shared/peers-data, SOURCES.md)', () => {
  it.each([
    ['cloudsplaining-example-gaad.json', '2 entries: 0 public, 0 outside the organization, 2 organization not known', '1 critical, 2 high, 5 medium, 0 low, 0 info'],
    ['cloudmapper-demo-gaad.json', '1 entry: 1 public', '1 critical, 0 high, 0 medium, 0 low, 0 info'],
  ])('%s: the organization not collected is said, the access and the findings counted', async (file, access, findings) => {
    const r = await report({ knownAccounts: `${peersData}known_aws_accounts.yaml` }, `${peersData}${file}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| **Organization** | not collected: guardrails and membership unknown |');
    expect(r.stdout).toContain(`| **Cross-account access** | ${access}`);
    expect(r.stdout).toContain(`| **Findings** | ${findings} |`);
  });
});
