import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runExplain, type ExplainFlags } from '../../src/cli/explain.js';
import type { ExplainJson } from '../../src/reporters/explain-json.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ESTATE = 'examples/org-estate.yaml';

const ML = {
  principal: 'arn:aws:sts::555555555555:assumed-role/ml-training/job-7',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::example-prod-data-lake/features/users.parquet',
};
const CLOUDTRAIL = { principal: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', resource: 'arn:aws:s3:::example-org-cloudtrail-logs' };
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail';

async function explain(flags: Partial<ExplainFlags>, estate = ESTATE): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runExplain(estate, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

async function explainJson(flags: Partial<ExplainFlags>): Promise<ExplainJson> {
  const { code, stdout } = await explain({ ...flags, format: 'json' });
  expect(code).toBe(0);
  return JSON.parse(stdout) as ExplainJson;
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('trustmap explain: exit codes (docs/cli.md)', () => {
  it('0 for a denial: a denial is an answer', async () => {
    const { code, stdout, stderr } = await explain(ML);
    expect(code).toBe(0);
    expect(withoutDeliberateMistakes(stderr)).toBe('');
    expect(stdout).toContain('✗ ImplicitDeny');
  });

  it('0 for a question about a snapshot folder (any input the estate loader reads)', async () => {
    const run = await explain({ principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::workload-data/x.csv', format: 'json' }, 'test/fixtures/snapshots/two-accounts');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as ExplainJson;
    expect(json.boundaries.map((b) => [b.account, b.parts])).toEqual([
      ['111111111111', ['caller']],
      ['222222222222', ['target', 'key-owner']],
    ]);
  });

  it('0 for an allowed request', async () => {
    expect((await explain({ principal: 'arn:aws:sts::333333333333:assumed-role/ci-runner/b1', action: 'sts:AssumeRole', resource: 'arn:aws:iam::444444444444:role/deploy' })).code).toBe(0);
  });

  it.each<[string, Partial<ExplainFlags>, string, string?]>([
    ['a missing --action', { principal: ML.principal, resource: ML.resource }, 'explain/missing-flag'],
    ['a missing --principal', { action: ML.action, resource: ML.resource }, 'explain/missing-flag'],
    ['a principal that is not an ARN', { ...ML, principal: 'ml-training' }, 'explain/invalid-principal'],
    ['a resource that is not an ARN', { ...ML, resource: 'example-prod-data-lake/features/users.parquet' }, 'explain/invalid-resource'],
    ['an action without its service', { ...ML, action: 'GetObject' }, 'explain/invalid-action'],
    ['a context pair without `=`', { ...ML, context: ['aws:SourceIp'] }, 'explain/invalid-context'],
    ['a key both given and absent', { ...ML, context: ['aws:SourceIp=10.0.0.1'], absent: ['aws:sourceip'] }, 'explain/conflicting-context'],
    ['a principal the listed account does not have', { ...ML, principal: 'arn:aws:sts::555555555555:assumed-role/ml-trainer/job-7' }, 'explain/unknown-principal', 'account 555555555555 has'],
    ['a session policy file that is not JSON', { ...ML, sessionPolicy: 'test/fixtures/explain/broken-session-policy.json' }, 'explain/session-policy-invalid-json'],
    ['a session policy file that does not exist', { ...ML, sessionPolicy: 'test/fixtures/explain/nope.json' }, 'explain/session-policy-unreadable'],
  ])('2 for %s, with the diagnostic on stderr and nothing on stdout', async (_what, flags, code, help) => {
    const run = await explain(flags);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error ${code}:`);
    if (help) expect(run.stderr).toContain(help);
  });

  it('2 for an estate that cannot be read', async () => {
    const run = await explain(ML, 'test/fixtures/scenarios/does-not-exist.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error load/not-found');
  });

  it('2 for a format commander does not know, and for unknown options (spawned)', () => {
    expect(cli('explain', ESTATE, '--principal', ML.principal, '--action', ML.action, '--resource', ML.resource, '--format', 'svg').status).toBe(2);
    expect(cli('explain', ESTATE, '--principal', ML.principal, '--action', ML.action, '--resource', ML.resource, '--colour').status).toBe(2);
  });
});

describe('trustmap explain: flags', () => {
  it('--context gives a value: with the trail ARN the Conditional CloudTrail request is allowed', async () => {
    expect((await explainJson(CLOUDTRAIL)).decision).toBe('Conditional');
    expect((await explainJson({ ...CLOUDTRAIL, context: [`aws:SourceArn=${TRAIL}`] })).decision).toBe('Allow');
    expect((await explainJson({ ...CLOUDTRAIL, context: ['aws:SourceArn=arn:aws:cloudtrail:us-east-1:999999999999:trail/x'] })).decision).toBe('ImplicitDeny');
  });

  it('--absent marks a key absent from the request (docs/aws-authorization.md#missing-key-condition-false)', async () => {
    const json = await explainJson({ ...CLOUDTRAIL, absent: ['aws:SourceArn'] });
    expect(json.request.context).toEqual({ 'aws:SourceArn': null });
    expect(json.decision).toBe('ImplicitDeny');
  });

  it('--context repeated for one key makes a multi-valued key; key names are case-insensitive', async () => {
    const json = await explainJson({ ...CLOUDTRAIL, context: ['aws:TagKeys=team', 'aws:tagkeys=env', `aws:SourceArn=${TRAIL}`] });
    expect(json.request.context).toEqual({ 'aws:TagKeys': ['team', 'env'], 'aws:SourceArn': TRAIL });
  });

  it('--session-policy limits a role session (docs/aws-authorization.md#session-policy-limits-only) and is shown in the request', async () => {
    const json = await explainJson({
      principal: 'arn:aws:sts::444444444444:assumed-role/deploy/release',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:444444444444:orders-dlq',
      sessionPolicy: 'test/fixtures/explain/session-policy.json',
    });
    expect(json.decision).toBe('ImplicitDeny');
    expect(json.hops[0]!.gates.find((g) => g.gate === 'session')).toMatchObject({ verdict: 'no-match', side: 'caller' });
    expect(json.fixes.some((f) => f.gate === 'session' && f.attachedTo === 'session')).toBe(true);
    expect(json.request.sessionPolicy).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
  });

  it('--session-tag on AssumeRole adds the implied sts:TagSession hop (docs/aws-authorization.md#session-tags-require-tag-session)', async () => {
    const json = await explainJson({ principal: 'arn:aws:sts::333333333333:assumed-role/ci-runner/b1', action: 'sts:AssumeRole', resource: 'arn:aws:iam::444444444444:role/deploy', sessionTag: ['team=platform'] });
    expect(json.request.sessionTags).toEqual({ team: 'platform' });
    expect(json.hops.map((h) => h.action)).toEqual(['sts:AssumeRole', 'sts:TagSession']);
  });
});

describe('trustmap explain: formats', () => {
  it('text: the whiteboard with boxes, gate rows, the fix as JSON to paste', async () => {
    const { stdout } = await explain(ML);
    expect(stdout).toContain('┌─ caller · 555555555555 (analytics)');
    expect(stdout).toContain('┌─ target, key owner · 444444444444 (prod)');
    expect(stdout).toMatch(/✗ key-policy\s+target\s+444444444444\s+no statement in the key policy allows this principal/);
    expect(stdout).toMatch(/✓ resource\s+target\s+444444444444\s+the resource policy allows it\s+\[arn:aws:s3:::example-prod-data-lake#policy#1 MlReadsFeatures\]/);
    expect(stdout).toContain('"kms:ViaService": "s3.us-east-1.amazonaws.com"');
  });

  it('json: the documented shape (docs/explain-json.md)', async () => {
    const json = await explainJson(ML);
    expect(Object.keys(json)).toEqual([
      'schema', 'request', 'decision', 'decidedBy', 'side', 'residual', 'missing', 'assumptions', 'hops', 'boundaries', 'decidingStatements', 'fixes', 'blockedBy', 'notes', 'diagnostics', 'coverage',
    ]);
    expect(json.schema).toBe('trustmap/explain/v1');
    expect(Object.keys(json.hops[0]!)).toEqual(['hop', 'action', 'resource', 'decision', 'decidedBy', 'side', 'callerAccount', 'resourceAccount', 'crossAccount', 'impliedBy', 'residual', 'missing', 'assumptions', 'gates']);
    expect(Object.keys(json.boundaries[0]!)).toEqual(['account', 'name', 'parts', 'organization', 'principals', 'resources', 'gates']);
    expect(Object.keys(json.boundaries[0]!.gates[0]!)).toEqual(['hop', 'action', 'blocking', 'gate', 'side', 'account', 'guardrail', 'verdict', 'reason', 'statements', 'targetId', 'targetName', 'ou', 'residual', 'missing']);
    expect(Object.keys(json.fixes[0]!)).toEqual(['alternative', 'account', 'side', 'gate', 'hops', 'kind', 'policy', 'policyKind', 'attachedTo', 'newPolicy', 'statement', 'current', 'commands', 'reason', 'verified', 'verifiedDecision', 'verifiedResidual']);
    expect(json.fixes[0]).toMatchObject({ account: '444444444444', gate: 'key-policy', verified: true, current: null });
  });

  it('json: blockedBy entries of a guardrail denial', async () => {
    const json = await explainJson({ principal: 'arn:aws:sts::444444444444:assumed-role/deploy/release', action: 'ec2:RunInstances', resource: 'arn:aws:ec2:ap-southeast-2:444444444444:instance/*' });
    expect(json.blockedBy.map((b) => Object.keys(b))).toEqual([['guardrail', 'hop', 'account', 'policy', 'statement', 'targetId', 'targetName', 'ou', 'reason', 'unfixable']]);
    expect(json.blockedBy[0]!.unfixable).toBe('organization guardrail');
  });

  it('mermaid and dot', async () => {
    expect((await explain({ ...ML, format: 'mermaid' })).stdout).toMatch(/^flowchart LR\n/);
    expect((await explain({ ...ML, format: 'dot' })).stdout).toMatch(/^digraph explain \{\n/);
  });

  it('--json is --format json (spawned through commander)', () => {
    const run = cli('explain', ESTATE, '--principal', ML.principal, '--action', ML.action, '--resource', ML.resource, '--json');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as ExplainJson).decision).toBe('ImplicitDeny');
  });

  it('repeated --context flags reach the request (spawned through commander)', () => {
    const run = cli('explain', ESTATE, '--principal', CLOUDTRAIL.principal, '--action', CLOUDTRAIL.action, '--resource', CLOUDTRAIL.resource, '--context', 'aws:TagKeys=a', '--context', 'aws:TagKeys=b', '--absent', 'aws:SourceArn', '--format', 'json');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as ExplainJson).request.context).toEqual({ 'aws:TagKeys': ['a', 'b'], 'aws:SourceArn': null });
  });

  it('help shows the flags and an example', () => {
    const run = cli('explain', '--help');
    expect(run.status).toBe(0);
    for (const flag of ['--principal', '--action', '--resource', '--context', '--absent', '--session-policy', '--session-tag', '--format']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('Example:');
    expect(run.stdout).toContain('trustmap explain examples/org-estate.yaml');
  });
});

/** Mistakes 9 and 16 of the example are also what the policy parser reports: those diagnostics, and no other, may be on stderr. */
function withoutDeliberateMistakes(stderr: string): string {
  return stderr.replace(/^examples\/org-estate\.yaml:\d+: (warning policy\/rcp-unsupported-service|info policy\/unique-id-principal|info identity-center\/provisioned-not-assigned): .*\n(  help: .*\n)?/gm, '');
}
