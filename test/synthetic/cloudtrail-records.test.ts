import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Replay, type ReplayReport } from '../../src/analyses/replay/replay.js';
import { EventTwins } from '../../src/analyses/usage/event-twins.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { outcomeOfRecord } from '../../src/core/cloudtrail/record-outcome.js';
import { requestOfRecord } from '../../src/core/cloudtrail/record-request.js';
import { readCloudTrail } from '../../src/loaders/cloudtrail/read-cloudtrail.js';
import { loadScenarioFile } from '../../src/loaders/scenario/load-scenario-file.js';
import type { ScenarioRequest } from '../../src/loaders/scenario/scenario-types.js';
import { recordsForRequest } from '../../src/synthetic/cloudtrail-records.js';
import { runGenCloudTrail } from '../../src/synthetic/gen-cloudtrail-command.js';

const catalog = loadServiceCatalog();
const START = Date.UTC(2026, 10, 1);

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (name.endsWith('.yaml')) out.push(path);
  }
  return out;
}

interface FileCounts {
  readonly file: string;
  readonly requests: number;
  readonly calls: number;
  readonly records: number;
  readonly report: ReplayReport;
}

function replayScenario(file: string): FileCounts {
  const loaded = loadScenarioFile(file, { catalog });
  const replay = new Replay(loaded.estate, { catalog });
  const twins = new EventTwins((record, source) => replay.add(record, source));
  let index = 0;
  let calls = 0;
  let records = 0;
  const requests = loaded.requests.filter((r) => r.expect !== undefined);
  for (const request of requests) {
    const out = recordsForRequest(request, loaded.estate, { time: new Date(START + calls * 60_000), index: index++ });
    if ('skipped' in out) continue;
    calls++;
    for (const record of out.records) twins.add(record, { file, pointer: `/Records/${records++}` });
  }
  twins.flush();
  return { file, requests: requests.length, calls, records, report: replay.finish() };
}

describe('recordsForRequest: replay of every corpus scenario agrees with its expectations', () => {
  const files = [...yamlFiles('test/corpus'), 'examples/org-estate.yaml'];
  const counts = files.map(replayScenario);
  const table = counts
    .map((c) => {
      const t = c.report.totals;
      return `${c.file}: ${c.calls}/${c.requests} calls, ${c.records} records, compared ${t.compared}, agree ${t.agree}, gap ${t.gap}, drift ${t.drift}, conditional ${t.conditional}, unknown ${t.unknown}, unresolved ${t.unresolved}`;
    })
    .join('\n');

  it.each(counts.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const t = c.report.totals;
    const disagreements = c.report.disagreements.map((d) => `${d.kind}: ${d.request.principal} ${d.request.action} ${d.request.resource}: AWS ${d.aws}, trustmap ${d.decision}`).join('\n');
    expect(t.gap + t.drift, `${disagreements}\n\n${table}`).toBe(0);
    expect(t.unresolved, `${c.report.unresolved.map((u) => u.why).join('\n')}\n\n${table}`).toBe(0);
    // Every call made is compared (twins counted once), and none fails for another reason.
    expect(t.compared, table).toBe(c.calls);
    expect(t.otherError, table).toBe(0);
  });

  it('records enough of the corpus to mean something', () => {
    const calls = counts.reduce((n, c) => n + c.calls, 0);
    const agree = counts.reduce((n, c) => n + c.report.totals.agree, 0);
    expect(calls, table).toBeGreaterThanOrEqual(450);
    expect(agree, table).toBeGreaterThanOrEqual(calls - 10);
    expect(counts.filter((c) => c.calls > 0).length, table).toBeGreaterThanOrEqual(counts.length - 6);
  });
});

describe('recordsForRequest: the inverse of requestOfRecord', () => {
  const loaded = loadScenarioFile('examples/org-estate.yaml', { catalog });
  const estate = loaded.estate;
  const ask = (principal: string, action: string, resource: string, extra: Partial<ScenarioRequest> = {}): ScenarioRequest => ({ name: `${action} ${resource}`, principal, action, resource, expect: 'Allow', ...extra });
  const session = 'arn:aws:sts::555555555555:assumed-role/etl/nightly';
  const cases: ReadonlyArray<readonly [string, ScenarioRequest, string]> = [
    ['role-arn, from a bare role', ask('arn:aws:iam::333333333333:role/ci-runner', 'sts:AssumeRole', 'arn:aws:iam::444444444444:role/deploy', { context: { 'sts:ExternalId': 'x-1' }, sessionTags: { team: 'ci' } }), 'arn:aws:sts::333333333333:assumed-role/ci-runner/replay-0'],
    ['role-arn, SAML', ask('arn:aws:iam::444444444444:saml-provider/Okta', 'sts:AssumeRoleWithSAML', 'arn:aws:iam::444444444444:role/audit'), 'arn:aws:iam::444444444444:saml-provider/Okta'],
    ['role-arn, OIDC', ask('arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com', 'sts:AssumeRoleWithWebIdentity', 'arn:aws:iam::444444444444:role/deploy'), 'arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com'],
    ['s3-object, a session', ask(session, 's3:GetObject', 'arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet', { expect: 'ImplicitDeny', context: { 'aws:SourceIp': '203.0.113.9', 'aws:SourceVpce': 'vpce-0a1b', 'aws:MultiFactorAuthPresent': 'true', 'aws:SourceIdentity': 'jdoe' } }), session],
    ['s3-object, a service', ask('cloudtrail.amazonaws.com', 's3:PutObject', 'arn:aws:s3:::example-org-cloudtrail-logs/AWSLogs/o-exmpl12345/111111111111/CloudTrail/log.json.gz', { context: { 's3:x-amz-acl': 'bucket-owner-full-control' } }), 'cloudtrail.amazonaws.com'],
    ['s3-bucket, an IAM user', ask('arn:aws:iam::888888888888:user/dana', 's3:ListBucket', 'arn:aws:s3:::example-sandbox-datasets', { expect: 'ExplicitDeny', context: { 's3:prefix': 'train/', 'aws:CurrentTime': '2026-11-02T03:04:05Z' } }), 'arn:aws:iam::888888888888:user/dana'],
    ['kms-key, the root', ask('arn:aws:iam::555555555555:root', 'kms:Decrypt', 'arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444', { context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::example-prod-data-lake' } }), 'arn:aws:iam::555555555555:root'],
    ['sqs-queue', ask(session, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:444444444444:orders-dlq', { expect: 'ImplicitDeny' }), session],
    ['sns-topic', ask(session, 'sns:Publish', 'arn:aws:sns:us-east-1:444444444444:orders', { expect: 'ImplicitDeny' }), session],
    ['secret', ask(session, 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:eu-west-1:555555555555:secret:db-password-AbCdEf', { context: { 'secretsmanager:VersionStage': 'AWSCURRENT' } }), session],
    ['lambda-function', ask(session, 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:555555555555:function:order-events-handler'), session],
  ];

  it.each(cases)('%s', (_name, request, principal) => {
    const out = recordsForRequest(request, estate, { time: new Date(START), index: 0 });
    if ('skipped' in out) throw new Error(out.skipped);
    const record = out.records[0]!;
    const built = requestOfRecord(record, estate);
    if (built.kind !== 'request') throw new Error(JSON.stringify(built));
    expect(built.request.principal).toBe(principal);
    expect(built.request.action).toBe(request.action);
    expect(built.request.resource).toBe(request.resource);
    for (const [k, v] of Object.entries(request.context ?? {})) expect(built.request.context?.[k], k).toEqual(v);
    if (request.sessionTags) expect(built.request.sessionTags).toEqual(request.sessionTags);
    expect(outcomeOfRecord(record).kind).toBe(request.expect === 'Allow' ? 'allowed' : 'denied');
    expect(record).toMatchObject({ eventVersion: '1.09', userAgent: 'trustmap-gen-cloudtrail', eventType: 'AwsApiCall', responseElements: null });
    // The same input, the same records: no clock, no randomness.
    expect(recordsForRequest(request, estate, { time: new Date(START), index: 0 })).toEqual(out);
  });

  it('writes a cross-account call twice, with one sharedEventID', () => {
    const out = recordsForRequest(cases[3]![1], estate, { time: new Date(START), index: 7 });
    if ('skipped' in out) throw new Error(out.skipped);
    expect(out.records.map((r) => [r.recipientAccountId, r.userIdentity.type])).toEqual([
      ['555555555555', 'AssumedRole'],
      ['444444444444', 'AWSAccount'],
    ]);
    expect(out.records[0]!.sharedEventID).toBe(out.records[1]!.sharedEventID);
    expect(out.records[0]!.eventID).not.toBe(out.records[1]!.eventID);
    expect(out.records[1]!.userIdentity).toEqual({ type: 'AWSAccount', accountId: '555555555555', principalId: out.records[0]!.userIdentity.principalId });
  });

  it('skips what a record cannot say', () => {
    const skip = (r: ScenarioRequest): string => {
      const out = recordsForRequest(r, estate, { time: new Date(START), index: 0 });
      return 'skipped' in out ? out.skipped : 'recorded';
    };
    expect(skip(ask(session, 'ec2:RunInstances', 'arn:aws:ec2:us-east-1:555555555555:instance/*'))).toBe('not a modelled call');
    expect(skip(ask(session, 's3:GetObject', 'arn:aws:s3:::example-prod-data-lake'))).toBe('not a modelled call');
    expect(skip(ask(session, 's3:GetObject', 'arn:aws:s3:::b/k', { expect: 'Conditional' }))).toMatch(/Conditional/);
    expect(skip(ask(session, 's3:GetObject', 'arn:aws:s3:::b/k', { expect: undefined }))).toMatch(/expect/);
    expect(skip(ask('anonymous', 's3:GetObject', 'arn:aws:s3:::b/k'))).toMatch(/anonymous/);
    expect(skip(ask('arn:aws:sts::555555555555:federated-user/bob', 's3:GetObject', 'arn:aws:s3:::b/k'))).toMatch(/federated/);
    expect(skip(ask(session, 's3:GetObject', 'arn:aws:s3:::b/k', { context: { 'aws:UserAgent': 'x' } }))).toMatch(/`aws:UserAgent`/);
    expect(skip(ask(session, 's3:GetObject', 'arn:aws:s3:::b/k', { sessionPolicy: { statements: [] } as never }))).toMatch(/session policy/);
  });
});

describe('gen:cloudtrail', () => {
  const out = mkdtempSync(join(tmpdir(), 'gen-cloudtrail-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const io = () => {
    const err: string[] = [];
    return { err, io: { stdout: () => {}, stderr: (t: string) => void err.push(t) } };
  };

  it('makes the bundled sample again, byte for byte', () => {
    const { io: cio, err } = io();
    expect(runGenCloudTrail(['examples/org-estate.yaml', '--out', out, '--drift'], cio), err.join('')).toBe(0);
    const list = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json.gz')).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
    const written = list(out);
    expect(written).toEqual(list('examples/cloudtrail'));
    for (const f of written) expect(readFileSync(join(out, f)).equals(readFileSync(join('examples/cloudtrail', f))), f).toBe(true);
    expect(err.join('')).toMatch(/skipped 1: not a modelled call|skipped 3: not a modelled call/);
  });

  it('exits 2 on unusable input', () => {
    const { io: a, err } = io();
    expect(runGenCloudTrail(['no-such.yaml', '--out', out], a)).toBe(2);
    expect(err.join('')).toMatch(/does not load/);
    expect(runGenCloudTrail(['examples/org-estate.yaml'], io().io)).toBe(2);
    expect(runGenCloudTrail(['examples/org-estate.yaml', '--out', out, '--start', 'yesterday'], io().io)).toBe(2);
  });
});

describe('the bundled sample, examples/cloudtrail', () => {
  it('replays against examples/org-estate.yaml with one drift and no gap', async () => {
    const loaded = loadScenarioFile('examples/org-estate.yaml', { catalog });
    const replay = new Replay(loaded.estate, { catalog, snapshotTime: '2026-11-28T09:00:00Z' });
    const twins = new EventTwins((record, source) => replay.add(record, source));
    const summary = await readCloudTrail(['examples/cloudtrail'], { onRecord: (record, source) => twins.add(record, source) });
    twins.flush();
    const report = replay.finish();
    expect(summary.records).toBe(32);
    expect(summary.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.totals).toMatchObject({ gap: 0, drift: 1, unresolved: 0, compared: 16, agree: 15, policyChanges: 1 });
    expect(report.disagreements).toHaveLength(1);
    expect(report.disagreements[0]).toMatchObject({ kind: 'drift', aws: 'allowed', decision: 'ImplicitDeny', changes: [{ entity: 'resource:arn:aws:s3:::example-prod-data-lake', eventName: 'PutBucketPolicy' }] });
  });
});
