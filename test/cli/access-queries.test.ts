import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run-command.js';
import { runPaths, type PathsFlags } from '../../src/cli/paths.js';
import { runWhatCan, type WhatCanFlags } from '../../src/cli/what-can.js';
import { runWhoCan, type WhoCanFlags } from '../../src/cli/who-can.js';
import type { PathsJson } from '../../src/reporters/paths-json.js';
import type { WhatCanJson } from '../../src/reporters/what-can-json.js';
import type { WhoCanJson } from '../../src/reporters/who-can-json.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'examples/org-estate.yaml';
const CI = 'arn:aws:iam::333333333333:role/ci-runner';
const REPORT = 'arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet';

const paths = (flags: Partial<PathsFlags>, estate = EXAMPLE) => run(runPaths, estate, { format: 'text', ...flags });
const whoCan = (flags: Partial<WhoCanFlags>, estate = EXAMPLE) => run(runWhoCan, estate, { format: 'text', ...flags });
const whatCan = (flags: Partial<WhatCanFlags>, estate = EXAMPLE) => run(runWhatCan, estate, { format: 'text', ...flags });

describe('exit codes of paths, who-can and what-can (docs/cli.md)', () => {
  it.each([
    ['paths answered', () => paths({ from: CI, to: 'arn:aws:iam::444444444444:role/deploy' }), 0],
    ['paths with no path is still an answer', () => paths({ from: 'arn:aws:iam::999999999999:role/integration', to: REPORT, action: 's3:GetObject' }), 0],
    ['paths without --from', () => paths({ to: REPORT }), 2],
    ['paths without --action on a non-role', () => paths({ from: CI, to: REPORT }), 2],
    ['paths from a principal the estate does not have', () => paths({ from: 'arn:aws:iam::333333333333:role/nope', to: REPORT, action: 's3:GetObject' }), 2],
    ['paths with a bad --max-hops', () => paths({ from: CI, to: REPORT, action: 's3:GetObject', maxHops: 'many' }), 2],
    ['paths on a missing estate', () => paths({ from: CI, to: REPORT, action: 's3:GetObject' }, 'does-not-exist.yaml'), 2],
    ['who-can answered', () => whoCan({ resource: REPORT }), 0],
    ['who-can without --resource', () => whoCan({}), 2],
    ['who-can with a resource that is no ARN', () => whoCan({ resource: 'bucket/key' }), 2],
    ['who-can with a malformed --action', () => whoCan({ resource: REPORT, action: ['s3:Get*'] }), 2],
    ['who-can without defaults for the type', () => whoCan({ resource: 'arn:aws:ec2:us-east-1:444444444444:instance/i-1' }), 2],
    ['what-can answered', () => whatCan({ principal: CI }), 0],
    ['what-can without --principal', () => whatCan({}), 2],
    ['what-can with a malformed --context', () => whatCan({ principal: CI, context: ['novalue'] }), 2],
  ])('%s → exit %i', async (_name, call, code) => {
    expect((await call()).code).toBe(code);
  });

  it('an unusable question prints the diagnostic on stderr and nothing on stdout', async () => {
    const { stdout, stderr } = await paths({ from: CI, to: REPORT });
    expect(stdout).toBe('');
    expect(stderr).toContain('error paths/missing-action: `--action` is required: `arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet` is not a role');
  });
});

describe('trustmap paths formats', () => {
  it('text: each hop with its gates and notes, the last hop the request with its implied KMS hop', async () => {
    const { stdout } = await paths({ from: CI, to: REPORT, action: 's3:GetObject' });
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`paths from ci/role/ci-runner to s3:GetObject on ${REPORT} (at most 5 role assumptions)`);
    expect(lines).toContain('1. Allow, 2 hops');
    expect(lines).toContain('   1) ci/role/ci-runner —sts:AssumeRole→ prod/role/legacy-admin: Allow');
    expect(lines).toContain(`   2) prod/role/legacy-admin s3:GetObject ${REPORT}: Allow`);
    expect(stdout).toContain('implied kms:Decrypt on arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444: Allow, decided by key-policy (target)');
    expect(stdout).toContain('note: role chaining: the new session lasts at most one hour');
  });

  it('text: no path says why', async () => {
    const { stdout } = await paths({ from: 'arn:aws:iam::999999999999:role/integration', to: REPORT, action: 's3:GetObject' });
    expect(stdout.split('\n')[1]).toBe('no path: the direct request is ExplicitDeny, decided by rcp (target)');
  });

  it('json: the documented shape', async () => {
    const { stdout } = await paths({ from: CI, to: REPORT, action: 's3:GetObject', format: 'json' });
    const json = JSON.parse(stdout) as PathsJson;
    expect(Object.keys(json)).toEqual(['from', 'action', 'resource', 'maxHops', 'paths', 'direct', 'truncated', 'diagnostics', 'coverage']);
    expect(json.paths[0]!.hops.map((h) => h.kind)).toEqual(['assume', 'request']);
    const request = json.paths[0]!.hops[1]!;
    expect(request.kind === 'request' && request.implied.map((i) => i.action)).toEqual(['kms:Decrypt']);
    expect(json.direct?.decision).toBe('ImplicitDeny');
  });

  it('mermaid: a flowchart with the chain and the request', async () => {
    const { stdout } = await paths({ from: CI, to: 'arn:aws:sns:us-east-1:444444444444:orders', action: 'sns:Publish', format: 'mermaid' });
    expect(stdout.split('\n').slice(0, 2)).toEqual(['flowchart LR', '  %% paths from ci/role/ci-runner to sns:Publish on arn:aws:sns:us-east-1:444444444444:orders']);
    expect(stdout).toContain('|"sts:AssumeRole: Allow"|');
    expect(stdout).toContain('|"sns:Publish: Allow"|');
  });
});

describe('trustmap who-can formats', () => {
  it('text: grouped by where the principals stand, then the near misses', async () => {
    const { stdout } = await whoCan({ resource: REPORT, action: ['s3:GetObject'] });
    expect(stdout).toContain('same account:\n  prod/role/AWSReservedSSO_DataLakeRead_8f3e2b6c1a9d4e70: s3:GetObject Allow, directly\n  prod/role/legacy-admin: s3:GetObject Allow, directly');
    expect(stdout).toContain('other accounts of the organization:\n  analytics/role/etl: s3:GetObject Allow, directly');
    expect(stdout).toContain('outside the organization:\n  nobody');
    expect(stdout).toContain('  acme-monitoring/role/integration (outside the organization): s3:GetObject ExplicitDeny, decided by rcp (target)');
  });

  it('json: the documented shape', async () => {
    const { stdout } = await whoCan({ resource: 'arn:aws:s3:::example-sandbox-datasets/train.csv', format: 'json' });
    const json = JSON.parse(stdout) as WhoCanJson;
    expect(Object.keys(json)).toEqual(['resource', 'type', 'resourceAccount', 'requests', 'maxHops', 'principals', 'blocked', 'people', 'total', 'page', 'diagnostics', 'coverage']);
    expect(json.principals.find((p) => p.group === 'public')).toMatchObject({ principal: { id: '*', kind: 'public' }, action: 's3:GetObject', decision: 'Allow' });
    expect(json.total).toEqual({ principals: json.principals.length, blocked: json.blocked.length });
    expect(json.page).toEqual({ offset: 0, limit: null });
  });

  it('mermaid: dashed edges for conditional hops', async () => {
    const { stdout } = await whoCan({ resource: 'arn:aws:iam::444444444444:role/legacy-admin', format: 'mermaid' });
    expect(stdout).toContain('-.->|"sts:AssumeRoleWithWebIdentity: Conditional"|');
  });
});

describe('trustmap who-can --limit and --offset', () => {
  const jsonOf = async (flags: Partial<WhoCanFlags>) => {
    const { code, stdout } = await whoCan({ resource: REPORT, format: 'json', ...flags });
    expect(code).toBe(0);
    return JSON.parse(stdout) as WhoCanJson;
  };
  const keyOf = (row: { principal: { id: string }; action: string; resource: string }) => `${row.principal.id} ${row.action} ${row.resource}`;

  it('the unpaged answer has at least 3 principals and 2 blocked rows to page through', async () => {
    const all = await jsonOf({});
    expect(all.principals.length).toBeGreaterThanOrEqual(3);
    expect(all.blocked.length).toBeGreaterThanOrEqual(2);
    expect(all.total).toEqual({ principals: all.principals.length, blocked: all.blocked.length });
    expect(all.page).toEqual({ offset: 0, limit: null });
  });

  it('--limit 1 lists the first principal and the first blocked row, with the totals of the whole answer', async () => {
    const all = await jsonOf({});
    const page = await jsonOf({ limit: '1' });
    expect(page.principals.map(keyOf)).toEqual([keyOf(all.principals[0]!)]);
    expect(page.blocked.map(keyOf)).toEqual([keyOf(all.blocked[0]!)]);
    expect(page.total).toEqual(all.total);
    expect(page.total.principals).toBeGreaterThanOrEqual(2);
    expect(page.page).toEqual({ offset: 0, limit: 1 });
  });

  it('--offset 1 --limit 1 lists the second principal of the unpaged list, and the second blocked row', async () => {
    const all = await jsonOf({});
    const page = await jsonOf({ offset: '1', limit: '1' });
    expect(page.principals.map(keyOf)).toEqual([keyOf(all.principals[1]!)]);
    expect(page.blocked.map(keyOf)).toEqual([keyOf(all.blocked[1]!)]);
    expect(page.page).toEqual({ offset: 1, limit: 1 });
  });

  it('pages cover the unpaged list in order, once each', async () => {
    const all = await jsonOf({});
    const rows: string[] = [];
    for (let offset = 0; offset < all.total.principals; offset += 2) rows.push(...(await jsonOf({ offset: String(offset), limit: '2' })).principals.map(keyOf));
    expect(rows).toEqual(all.principals.map(keyOf));
    expect((await jsonOf({ offset: String(all.total.principals) })).principals).toEqual([]);
  });

  it('text: a page that leaves rows out says which it shows and where the next starts; no flag prints no such line', async () => {
    const total = (await jsonOf({})).total;
    const { stdout } = await whoCan({ resource: REPORT, limit: '1', offset: '1' });
    expect(stdout).toContain(`\nshowing principals 2 of ${total.principals} (--offset 2 for more)\n`);
    expect(stdout).toContain(`\nshowing blocked principals 2 of ${total.blocked} (--offset 2 for more)\n`);
    expect((await whoCan({ resource: REPORT })).stdout).not.toContain('showing ');
    expect((await whoCan({ resource: REPORT, limit: String(total.principals + total.blocked) })).stdout).toBe((await whoCan({ resource: REPORT })).stdout);
  });

  it.each([
    [{ limit: '0' }, 'who-can/invalid-limit'],
    [{ limit: 'x' }, 'who-can/invalid-limit'],
    [{ limit: '1.5' }, 'who-can/invalid-limit'],
    [{ offset: '-1' }, 'who-can/invalid-offset'],
    [{ offset: 'x' }, 'who-can/invalid-offset'],
  ])('%j exits 2 with %s', async (flags, code) => {
    const out = await whoCan({ resource: REPORT, ...flags });
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`error ${code}: `);
  });
});

describe('trustmap what-can formats', () => {
  it('text: sessions, then what each account offers with the chain', async () => {
    const { stdout } = await whatCan({ principal: CI });
    expect(stdout).toContain('sessions:\n  ci/role/ci-runner (itself)\n  prod/role/deploy: via ci/role/ci-runner → prod/role/deploy');
    expect(stdout).toContain('  sns:Publish arn:aws:sns:us-east-1:444444444444:orders: Allow, via ci/role/ci-runner → prod/role/deploy');
  });

  it('json and mermaid', async () => {
    const json = JSON.parse((await whatCan({ principal: CI, format: 'json' })).stdout) as WhatCanJson;
    expect(Object.keys(json)).toEqual(['principal', 'maxHops', 'sessions', 'reachable', 'diagnostics', 'coverage']);
    expect(json.sessions).toHaveLength(4);
    expect((await whatCan({ principal: CI, format: 'mermaid' })).stdout.startsWith('flowchart LR\n')).toBe(true);
  });
});

describe('the commands are registered with trustmap', () => {
  it.each([
    ['paths', '--from', CI, '--to', 'arn:aws:iam::444444444444:role/deploy', '--json'],
    ['who-can', '--resource', 'arn:aws:iam::444444444444:role/deploy', '--json'],
    ['what-can', '--principal', CI, '--json'],
  ])('trustmap %s … exits 0 with JSON on stdout', (command, ...args) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command, EXAMPLE, ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(() => JSON.parse(out.stdout)).not.toThrow();
  });
});
