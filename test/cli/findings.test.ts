import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFindings, type FindingsFlags } from '../../src/cli/findings.js';

const EXAMPLE = 'examples/org-estate.yaml';
const COMMUNITY_LIST = '../shared/peers-data/known_aws_accounts.yaml';
const dir = mkdtempSync(join(tmpdir(), 'trustmap-findings-'));

async function findings(flags: Partial<FindingsFlags>, estate = EXAMPLE): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runFindings(estate, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface FindingsJson {
  summary: { findings: number; bySeverity: Record<string, number>; suppressed: number; failOn: string | null; failed: boolean };
  findings: Array<{ fingerprint: string; ruleId: string; severity: string; subject: string; message: string; policy: { file: string | null; line: number | null } | null; fix: { account: string } }>;
  suppressed: Array<{ fingerprint: string; reason: string }>;
  staleBaseline: Array<{ fingerprint: string }>;
  diagnostics: unknown[];
}

async function json(flags: Partial<FindingsFlags> = {}): Promise<FindingsJson> {
  const r = await findings({ ...flags, format: 'json' });
  return JSON.parse(r.stdout) as FindingsJson;
}

describe('trustmap findings: exit codes (docs/cli.md)', () => {
  it('0 when answered: findings are an answer', async () => {
    const r = await findings({});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^findings: 16 \(2 critical, 6 high, 7 medium, 1 low\), 0 accepted by the baseline\n/);
  });

  it.each([
    ['critical', 1],
    ['high', 1],
    ['info', 1],
  ] as const)('--fail-on %s → exit %i', async (failOn, code) => {
    const r = await findings({ failOn });
    expect(r.code).toBe(code);
    expect(r.stdout).toContain(`--fail-on ${failOn}: crossed`);
  });

  it('0 when no finding reaches --fail-on', async () => {
    const r = await findings({ failOn: 'critical', rule: ['deleted-principal-in-policy'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--fail-on critical: not crossed');
  });

  it.each([
    ['an unknown severity', { failOn: 'severe' }, 'findings/invalid-fail-on'],
    ['an unknown rule', { rule: ['no-such-rule'] }, 'findings/unknown-rule'],
    ['a malformed --context', { context: ['novalue'] }, 'explain/invalid-context'],
    ['a missing baseline', { baseline: join(dir, 'none.yaml') }, 'baseline/unreadable'],
    ['a missing known-accounts file', { knownAccounts: join(dir, 'none.yaml') }, 'known-accounts/unreadable'],
  ] as const)('2 for %s, with the diagnostic on stderr and nothing on stdout', async (_name, flags, code) => {
    const r = await findings(flags as Partial<FindingsFlags>);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(code);
  });

  it('2 for an estate that cannot be read', async () => {
    const r = await findings({}, 'does-not-exist.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('load/not-found');
  });
});

describe('trustmap findings --baseline', () => {
  it('accepted findings leave the list, are counted, and no longer cross --fail-on', async () => {
    const all = await json();
    const critical = all.findings.filter((f) => f.severity === 'critical');
    const baseline = file('baseline.yaml', `accepted:\n${critical.map((f) => `  - fingerprint: ${f.fingerprint}\n    rule: ${f.ruleId}\n    reason: reviewed with security, ticket SEC-${f.fingerprint.slice(0, 4)}\n`).join('')}`);
    const r = await json({ baseline, failOn: 'critical' });
    expect(r.summary.findings).toBe(all.findings.length - critical.length);
    expect(r.summary.suppressed).toBe(critical.length);
    expect(r.suppressed.map((s) => s.fingerprint).sort()).toEqual(critical.map((f) => f.fingerprint).sort());
    expect(r.suppressed[0]!.reason).toMatch(/^reviewed with security/);
    expect(r.summary.failed).toBe(false);
    expect((await findings({ baseline, failOn: 'critical' })).code).toBe(0);
    expect((await findings({ baseline, failOn: 'high' })).code).toBe(1);
  });

  it('reads JSON as well, and lists entries that match no finding any more', async () => {
    const baseline = file('baseline.json', JSON.stringify({ accepted: [{ fingerprint: 'f'.repeat(32), reason: 'fixed since' }] }));
    const r = await json({ baseline });
    expect(r.staleBaseline.map((e) => e.fingerprint)).toEqual(['f'.repeat(32)]);
    expect(r.summary.suppressed).toBe(0);
  });

  it('an entry without a reason is an error: exit 2', async () => {
    const baseline = file('no-reason.yaml', `accepted:\n  - fingerprint: ${'a'.repeat(32)}\n`);
    const r = await findings({ baseline });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-reason\.yaml:2: error baseline\/missing-reason: the accepted finding `a{32}` has no reason/);
  });

  it('an entry without a fingerprint, or a file that is no list, is an error', async () => {
    expect((await findings({ baseline: file('no-fp.yaml', 'accepted:\n  - reason: because\n') })).stderr).toContain('baseline/missing-fingerprint');
    expect((await findings({ baseline: file('no-list.yaml', 'accepted: 3\n') })).stderr).toContain('baseline/invalid-format');
    expect((await findings({ baseline: file('broken.yaml', 'accepted: [\n') })).stderr).toContain('baseline/parse-error');
  });
});

describe('trustmap findings --known-accounts', () => {
  it('names the vendor of an outside account', async () => {
    const r = await findings({ knownAccounts: 'examples/known-accounts.yaml', rule: ['trust-outside-organization-without-external-id'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('from account 999999999999 (Acme Monitoring), outside the organization');
  });

  it.skipIf(!existsSync(COMMUNITY_LIST))('reads the community list it takes its format from (needs ../shared/peers-data)', async () => {
    const r = await findings({ knownAccounts: COMMUNITY_LIST, rule: ['deleted-principal-in-policy'] });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('known-accounts/');
  });

  it.each([
    ['not a list', 'name: Acme\n', 'known-accounts/invalid-format'],
    ['an entry without a name', '- accounts: ["999999999999"]\n', 'known-accounts/invalid-entry'],
    ['an unquoted account id', '- name: Acme\n  accounts: [99999999999]\n', 'known-accounts/invalid-account-id'],
    ['broken YAML', '- name: [\n', 'known-accounts/parse-error'],
  ])('%s is an error: exit 2', async (_name, text, code) => {
    const r = await findings({ knownAccounts: file(`known-${code.split('/')[1]}.yaml`, text) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(code);
  });
});

describe('trustmap findings formats', () => {
  it('json: every finding with its rule, severity, subject, policy with file and line, and fix account', async () => {
    const r = await json();
    expect(r.summary.bySeverity).toEqual({ critical: 2, high: 6, medium: 7, low: 1, info: 0 });
    for (const f of r.findings) {
      expect(f.fix.account).toMatch(/^\d{12}$/);
      if (f.policy) expect(f.policy.file).toBe(EXAMPLE);
    }
    expect(Array.isArray(r.diagnostics)).toBe(true);
  });

  it('--json is --format json', async () => {
    const { stdout } = await findings({ format: 'json' });
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
  });

  it('text: --verbose shows the engine’s evidence', async () => {
    const plain = await findings({ rule: ['public-resource-policy'] });
    const verbose = await findings({ rule: ['public-resource-policy'], verbose: true });
    expect(plain.stdout).not.toContain('  - anyone s3:GetObject');
    expect(verbose.stdout).toContain('  - anyone s3:GetObject on arn:aws:s3:::example-sandbox-datasets/*: Allow');
  });

  it('--rule runs only the rules named', async () => {
    const r = await json({ rule: ['public-resource-policy,deleted-principal-in-policy'] });
    expect(new Set(r.findings.map((f) => f.ruleId))).toEqual(new Set(['public-resource-policy', 'deleted-principal-in-policy']));
  });
});

describe('trustmap findings through the command line', () => {
  it('is registered: --json and --fail-on reach it, and the exit code is the command’s (spawned)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'findings', EXAMPLE, '--json', '--fail-on', 'critical'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as FindingsJson).summary.failOn).toBe('critical');
  });
});
