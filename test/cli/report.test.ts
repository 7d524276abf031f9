import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    expect(headings.slice(0, 4)).toEqual(['# trustmap report: examples/org-estate.yaml', '## At a glance', '## Organization', '## Cross-account access']);
    expect(headings).toContain('## From outside the organization and public');
    expect(r.stdout.match(/```mermaid\n/g)).toHaveLength(2);
    expect(r.stdout).toContain('| **Cross-account access** | 21 entries: 1 public, 1 outside the organization');
    expect(r.stdout).toContain('- **1 access open to anyone**');
    // the vendor trusted without an external ID (mistake 5) is in the outside table with its note
    expect(r.stdout).toMatch(/\| acme-monitoring\/role\/integration \(999999999999\) \| `arn:aws:iam::444444444444:role\/acme-monitoring` \|.*without an sts:ExternalId/);
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
    const json = JSON.parse(readFileSync(out, 'utf8')) as { overview: { accounts: number }; accessMap: { summary: { entries: number } } };
    expect(json.overview.accounts).toBe(8);
    expect(json.accessMap.summary.entries).toBe(21);
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
