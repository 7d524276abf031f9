import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck, type OutputFormat } from '../../src/cli/check.js';
import type { CheckJson } from '../../src/reporters/check-json.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string): string => `test/fixtures/scenarios/${name}`;

async function check(file: string, format: OutputFormat = 'text', allowUnchecked = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCheck(file, { format, allowUnchecked }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('trustmap check: exit codes (scenario-format.md, `trustmap check`)', () => {
  it.each([
    ['all-pass.yaml', 1, 'every checked request matches, but one request has no expect'],
    ['all-pass.json', 0, 'JSON scenarios load like YAML ones; each request has its expect'],
    ['one-fails.yaml', 1, 'a decision differs from its expect'],
    ['wrong-residual.yaml', 1, 'expect: Conditional with a residual that differs'],
    ['not-a-scenario.yaml', 2, 'no `trustmap: scenario/v1` key'],
    ['syntax-error.yaml', 2, 'a YAML syntax error'],
    ['does-not-exist.yaml', 2, 'a missing file'],
  ])('%s → exit %i (%s)', async (name, code) => {
    expect((await check(fixture(name))).code).toBe(code);
  });

  it.each([
    ['all-pass.yaml', 0],
    ['all-pass.json', 0],
    ['one-fails.yaml', 1],
  ])('%s with --allow-unchecked → exit %i', async (name, code) => {
    expect((await check(fixture(name), 'text', true)).code).toBe(code);
  });
});

describe('trustmap check is a gate: it never goes green on a scenario it could not read', () => {
  it.each([
    ['typo-expected.yaml', 'error scenario/unknown-field: unknown field `expected` in a request\n  help: did you mean `expect`?', '0 passed, 0 failed, 0 unchecked, 1 invalid'],
    ['typo-policies.yaml', 'error scenario/unknown-field: unknown field `polices` in a user\n  help: did you mean `policies`?', '1 passed, 0 failed, 0 unchecked, 0 invalid'],
    ['action-list.yaml', 'error scenario/invalid-type: the request `action` must be a string, found a list', '1 passed, 0 failed, 0 unchecked, 1 invalid'],
    ['lower-case-expect.yaml', 'error scenario/invalid-value: `expect` cannot be the string `allow`', '0 passed, 0 failed, 0 unchecked, 1 invalid'],
  ])('%s → exit 2, the error on stderr, the invalid request counted', async (name, diagnostic, summary) => {
    for (const allowUnchecked of [false, true]) {
      const { code, stdout, stderr } = await check(fixture(name), 'text', allowUnchecked);
      expect(code).toBe(2);
      expect(stderr).toContain(diagnostic);
      expect(stderr).toMatch(/check: 1 error in the scenario.*: not a passing check \(exit 2\)\n$/);
      expect(stdout.trimEnd().split('\n').at(-1)).toBe(summary);
    }
  });

  it('shows an invalid request by name and line, with why', async () => {
    const { stdout } = await check(fixture('action-list.yaml'));
    expect(stdout).toContain('! two actions in one request (line 14): invalid: the request `action` must be a string, found a list\n');
  });

  it('lists an invalid request in --json with outcome invalid and its error', async () => {
    const { stdout, code } = await check(fixture('action-list.yaml'), 'json');
    expect(code).toBe(2);
    const json = JSON.parse(stdout) as CheckJson;
    expect([json.passed, json.failed, json.unchecked, json.invalid]).toEqual([1, 0, 0, 1]);
    expect(json.results[1]).toMatchObject({ name: 'two actions in one request', principal: null, action: null, outcome: 'invalid', pass: null, error: 'the request `action` must be a string, found a list' });
  });

  it('says why a scenario with a request without expect fails, and how to allow it', async () => {
    const { stderr, code } = await check(fixture('all-pass.yaml'));
    expect(code).toBe(1);
    expect(stderr).toBe('check: 1 request has no `expect`: give each one, or pass --allow-unchecked (exit 1)\n');
  });
});

describe('trustmap check: text output', () => {
  it('prints one line per request, the deciding gate and side, the residual, and the closing count', async () => {
    const { stdout, stderr } = await check(fixture('all-pass.yaml'), 'text', true);
    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toEqual([
      '✓ alice reads a report: Allow (expected Allow), decided by identity (caller)',
      '✓ alice cannot write a report: ImplicitDeny (expected ImplicitDeny), decided by identity (caller)',
      '✓ the partner may assume the role if it passes the external id: Conditional [{"StringEquals":{"sts:ExternalId":"acme-7f3a"}}] (expected Conditional [{"StringEquals":{"sts:ExternalId":"acme-7f3a"}}]), decided by trust (target)',
      '· alice lists the bucket (not checked): ImplicitDeny, decided by identity (caller)',
      '3 passed, 0 failed, 1 unchecked, 0 invalid',
    ]);
  });

  it('marks a differing request as failed', async () => {
    const { stdout } = await check(fixture('one-fails.yaml'));
    expect(stdout).toContain('✗ bob purges the queue (wrongly expected to be allowed): ImplicitDeny (expected Allow)');
    expect(stdout).toContain('1 passed, 1 failed, 0 unchecked, 0 invalid');
  });

  it('renders diagnostics of unusable input on stderr as file:line: severity code: message, and nothing on stdout', async () => {
    const { stdout, stderr } = await check(fixture('not-a-scenario.yaml'));
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'test/fixtures/scenarios/not-a-scenario.yaml:1: error scenario/unknown-format: not a trustmap scenario\n' +
        '  help: a scenario file starts with `trustmap: scenario/v1`\n',
    );
  });
});

describe('trustmap check --json', () => {
  it('prints exactly the documented shape', async () => {
    const { stdout, code } = await check(fixture('all-pass.yaml'), 'json', true);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as CheckJson;
    expect(Object.keys(json)).toEqual(['results', 'passed', 'failed', 'unchecked', 'invalid', 'diagnostics']);
    expect([json.passed, json.failed, json.unchecked, json.invalid]).toEqual([3, 0, 1, 0]);
    expect(json.diagnostics).toEqual([]);
    for (const result of json.results) {
      expect(Object.keys(result)).toEqual(['name', 'principal', 'action', 'resource', 'outcome', 'decision', 'expected', 'pass', 'decidedBy', 'side', 'residual', 'missing', 'assumptions']);
    }
    expect(json.results[2]).toEqual({
      name: 'the partner may assume the role if it passes the external id',
      principal: 'arn:aws:sts::222222222222:assumed-role/integrator/sync',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::111111111111:role/partner-access',
      outcome: 'pass',
      decision: 'Conditional',
      expected: 'Conditional',
      pass: true,
      decidedBy: 'trust',
      side: 'target',
      residual: [{ StringEquals: { 'sts:ExternalId': 'acme-7f3a' } }],
      missing: [],
      assumptions: [],
    });
    expect(json.results[3]).toMatchObject({ expected: null, pass: null, residual: [] });
  });

  it('keeps the shape for unusable input, with the diagnostics', async () => {
    const { stdout, code } = await check(fixture('syntax-error.yaml'), 'json');
    expect(code).toBe(2);
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.results).toEqual([]);
    expect(json.diagnostics.map((d) => [d.code, d.source?.line])).toEqual([['yaml/parse-error', 5]]);
  });
});

describe('trustmap command line (spawned)', () => {
  it('check --json gives exit 1 and JSON on stdout when an expectation differs', () => {
    const run = cli('check', fixture('one-fails.yaml'), '--json');
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as CheckJson).failed).toBe(1);
  });

  it('a missing file exits 2 with its diagnostic on stderr', () => {
    const run = cli('check', fixture('does-not-exist.yaml'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('test/fixtures/scenarios/does-not-exist.yaml: error scenario/file-unreadable: no such file `test/fixtures/scenarios/does-not-exist.yaml`\n');
  });

  it('a usage error (unknown format) exits 2', () => {
    const run = cli('check', fixture('all-pass.yaml'), '--format', 'xml');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("argument 'xml' is invalid");
  });

  it('--version prints the package version and exits 0', () => {
    const run = cli('--version');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('trustmap check pins why: expectDecidedBy and expectSide', () => {
  it('fails a request decided right but by another gate, and says which was expected', async () => {
    const { code, stdout } = await check(fixture('wrong-gate.yaml'));
    expect(code).toBe(1);
    expect(stdout).toContain('✓ bob sends a job, decided by his identity policy: Allow (expected Allow decided by identity (caller)), decided by identity (caller)');
    expect(stdout).toContain('✗ bob sends a job, wrongly said to be decided by the queue policy: Allow (expected Allow decided by resource (target)), decided by identity (caller)');
    expect(stdout).toContain('1 passed, 1 failed, 0 unchecked, 0 invalid');
  });
});

describe('trustmap check pins the assumptions an answer rests on: expectAssumptions', () => {
  it('fails a request whose answer rests on other assumptions than it says', async () => {
    const { code, stdout } = await check(fixture('wrong-assumptions.yaml'));
    expect(code).toBe(1);
    expect(stdout).toContain('✗ bob lists his buckets, wrongly said to rest on the SCPs not being collected: Allow (expected Allow resting on [scp-not-collected]), decided by identity (caller), resting on []');
    expect(stdout).toContain('1 passed, 1 failed, 0 unchecked, 0 invalid');
  });
});
