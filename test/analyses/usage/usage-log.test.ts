import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord, CloudTrailUserIdentity } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import type { GraphNode } from '../../../src/analyses/access-graph/graph-types.js';
import { namedPrincipal, principalSet } from '../../../src/analyses/access-map/principal-set.js';
import { usageOf, type UsageSubject } from '../../../src/analyses/usage/entry-usage.js';
import { UsageLog } from '../../../src/analyses/usage/usage-log.js';
import { loadScenarioText } from '../../../src/loaders/scenario/index.js';

/**
 * Rules: usage-log.ts / entry-usage.ts (docs: "what was really used": successful calls by (action,
 * resource, caller); RoleLastUsed, https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html;
 * Identity Center sessions, https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html).
 */
const APP = '111111111111';
const OUT = '999999999999';
const SSO_ROLE = `arn:aws:iam::${APP}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_abc`;

const loaded = loadScenarioText(
  `trustmap: scenario/v1
accounts:
  "${APP}":
    name: app
    roles:
      - { name: runner, path: /ci/ }
      - { name: never, path: /team/, lastUsed: never }
      - { name: old, lastUsed: "2026-01-01T00:00:00Z" }
      - { name: recent, lastUsed: "2026-11-20T08:00:00Z" }
      - { name: unknown }
      - { name: AWSReservedSSO_Admin_abc, path: /aws-reserved/sso.amazonaws.com/ }
`,
  'usage.yaml',
);
const estate = loaded.estate;

const RUNNER_SESSION: CloudTrailUserIdentity = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${APP}:assumed-role/runner/build-1`,
  sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${APP}:role/ci/runner` } },
};
const OUTSIDER: CloudTrailUserIdentity = { type: 'IAMUser', arn: `arn:aws:iam::${OUT}:user/eve`, accountId: OUT };
const INSIDER: CloudTrailUserIdentity = { type: 'IAMUser', arn: `arn:aws:iam::${APP}:user/ann`, accountId: APP };
const SSO_ALICE: CloudTrailUserIdentity = { type: 'AssumedRole', arn: `arn:aws:sts::${APP}:assumed-role/AWSReservedSSO_Admin_abc/alice@example.com` };

function get(at: string, who: CloudTrailUserIdentity, key = 'k1', errorCode?: string): CloudTrailRecord {
  return {
    eventTime: at,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    recipientAccountId: APP,
    userIdentity: who,
    requestParameters: { bucketName: 'data', key },
    ...(errorCode ? { errorCode } : {}),
  };
}

function logOf(records: readonly CloudTrailRecord[]): UsageLog {
  const log = new UsageLog(estate);
  for (const r of records) log.add(r);
  return log;
}

const iso = (s: string) => Date.parse(s);

describe('UsageLog: what is counted', () => {
  it('the scenario loads cleanly', () => {
    expect(loaded.diagnostics).toEqual([]);
  });

  it.each([
    {
      rule: 'successful calls counted per (action, resource, caller), first and last whatever the order read',
      records: [get('2026-11-02T00:00:00Z', RUNNER_SESSION), get('2026-11-01T00:00:00Z', RUNNER_SESSION, 'k2'), get('2026-11-03T00:00:00Z', RUNNER_SESSION)],
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/*',
      rows: [{ caller: `role:${APP}:runner`, account: APP, count: 3, first: iso('2026-11-01T00:00:00Z'), last: iso('2026-11-03T00:00:00Z') }],
    },
    {
      rule: 'two callers of one target get a row each',
      records: [get('2026-11-01T00:00:00Z', RUNNER_SESSION), get('2026-11-02T00:00:00Z', OUTSIDER)],
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/*',
      rows: [
        { caller: `role:${APP}:runner`, account: APP, count: 1, first: iso('2026-11-01T00:00:00Z'), last: iso('2026-11-01T00:00:00Z') },
        { caller: `user:${OUT}:eve`, account: OUT, count: 1, first: iso('2026-11-02T00:00:00Z'), last: iso('2026-11-02T00:00:00Z') },
      ],
    },
    {
      rule: 'a denied call (AccessDenied) is not a use',
      records: [get('2026-11-01T00:00:00Z', OUTSIDER, 'k1', 'AccessDenied')],
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/*',
      rows: [],
    },
    {
      rule: 'another error (NoSuchKey) is not counted either',
      records: [get('2026-11-01T00:00:00Z', OUTSIDER, 'k1', 'NoSuchKey')],
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/*',
      rows: [],
    },
    {
      rule: "an object's calls count against bucket/*, not the object",
      records: [get('2026-11-01T00:00:00Z', OUTSIDER)],
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/k1',
      rows: [],
    },
    {
      rule: 'role ARN paths are ignored: AssumeRole of role/ci/runner is found by role/runner',
      records: [
        {
          eventTime: '2026-11-01T00:00:00Z',
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRole',
          awsRegion: 'us-east-1',
          userIdentity: OUTSIDER,
          requestParameters: { roleArn: `arn:aws:iam::${APP}:role/ci/runner`, roleSessionName: 's' },
        } satisfies CloudTrailRecord,
      ],
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${APP}:role/runner`,
      rows: [{ caller: `user:${OUT}:eve`, account: OUT, count: 1, first: iso('2026-11-01T00:00:00Z'), last: iso('2026-11-01T00:00:00Z') }],
    },
    {
      rule: 'role ARN paths are ignored: and by role/other/path/runner too; actions compare case-insensitively',
      records: [
        {
          eventTime: '2026-11-01T00:00:00Z',
          eventSource: 'sts.amazonaws.com',
          eventName: 'AssumeRole',
          userIdentity: OUTSIDER,
          requestParameters: { roleArn: `arn:aws:iam::${APP}:role/runner`, roleSessionName: 's' },
        } satisfies CloudTrailRecord,
      ],
      action: 'STS:assumerole',
      resource: `arn:aws:iam::${APP}:role/other/path/runner`,
      rows: [{ caller: `user:${OUT}:eve`, account: OUT, count: 1, first: iso('2026-11-01T00:00:00Z'), last: iso('2026-11-01T00:00:00Z') }],
    },
  ])('$rule', ({ records, action, resource, rows }) => {
    const log = logOf(records);
    expect([...log.callers(action, resource)]).toEqual(rows);
  });

  it('counts records, uses and the window', () => {
    const log = logOf([get('2026-11-02T00:00:00Z', RUNNER_SESSION), get('2026-11-01T00:00:00Z', OUTSIDER, 'k', 'AccessDenied'), get('2026-11-05T00:00:00Z', INSIDER)]);
    expect(log.records).toBe(3);
    expect(log.used).toBe(2);
    expect(log.window).toEqual({ from: iso('2026-11-01T00:00:00Z'), to: iso('2026-11-05T00:00:00Z') });
    expect(new UsageLog(estate).window).toBeUndefined();
  });
});

describe('UsageLog: IAM Identity Center sessions (the people behind a provisioned role)', () => {
  const samlOf = (name: string, errorCode?: string): CloudTrailRecord => ({
    eventTime: '2026-11-01T00:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithSAML',
    userIdentity: { type: 'SAMLUser', userName: name },
    requestParameters: { roleArn: SSO_ROLE, roleSessionName: name, principalArn: `arn:aws:iam::${APP}:saml-provider/AWSSSO_x_DO_NOT_DELETE` },
    ...(errorCode ? { errorCode } : {}),
  });

  it.each([
    { rule: 'sso-info-in-cloudtrail: a call of session assumed-role/AWSReservedSSO_…/<user> names the person', records: [get('2026-11-01T00:00:00Z', SSO_ALICE)], people: { 'alice@example.com': 1 } },
    {
      rule: 'sso-info-in-cloudtrail: a denied or unmodelled call of the session still names the person',
      records: [get('2026-11-01T00:00:00Z', SSO_ALICE, 'k', 'AccessDenied'), { ...get('2026-11-02T00:00:00Z', SSO_ALICE), eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' }],
      people: { 'alice@example.com': 2 },
    },
    { rule: "sso-info-in-cloudtrail: AssumeRoleWithSAML of the role names the person by roleSessionName", records: [samlOf('bob@example.com')], people: { 'bob@example.com': 1 } },
    { rule: 'sso-info-in-cloudtrail: a failed AssumeRoleWithSAML names nobody', records: [samlOf('bob@example.com', 'AccessDenied')], people: {} },
    { rule: 'a session of an ordinary role is not an Identity Center person', records: [get('2026-11-01T00:00:00Z', RUNNER_SESSION)], people: {} },
  ])('$rule', ({ records, people }) => {
    const log = logOf(records);
    const seen = Object.fromEntries([...log.sessionsOf(SSO_ROLE)].map(([name, s]) => [name, s.count]));
    expect(seen).toEqual(people);
  });
});

const node = (id: string, kind: GraphNode['kind'], accountId?: string): GraphNode => ({ id, kind, ...(accountId ? { accountId } : {}), label: id });
const RUNNER_NODE = node(`arn:aws:iam::${APP}:role/ci/runner`, 'role', APP);
const READ_DATA = [{ action: 's3:GetObject', resource: 'arn:aws:s3:::data/*' }];

function resourceSubject(principals: UsageSubject['principals']): UsageSubject {
  return { kind: 'resource', principals, target: 'arn:aws:s3:::data', targetAccount: APP, actions: READ_DATA };
}

describe('usageOf with a CloudTrail log', () => {
  const evidence = (records: readonly CloudTrailRecord[]) => ({ log: logOf(records), now: iso('2026-11-28T00:00:00Z'), unusedDays: 90 });

  it.each([
    { rule: 'a role that called the action on the target: used', principals: namedPrincipal(RUNNER_NODE), records: [get('2026-11-01T00:00:00Z', RUNNER_SESSION)], state: 'used', count: 1 },
    { rule: 'a role that did not call it: unused', principals: namedPrincipal(RUNNER_NODE), records: [get('2026-11-01T00:00:00Z', OUTSIDER)], state: 'unused', count: 0 },
    { rule: 'a denied call is no use: unused', principals: namedPrincipal(RUNNER_NODE), records: [get('2026-11-01T00:00:00Z', RUNNER_SESSION, 'k', 'AccessDenied')], state: 'unused', count: 0 },
    {
      rule: 'an outside account root stands for any caller of that account',
      principals: namedPrincipal(node(`arn:aws:iam::${OUT}:root`, 'outside', OUT)),
      records: [get('2026-11-01T00:00:00Z', OUTSIDER), get('2026-11-02T00:00:00Z', OUTSIDER)],
      state: 'used',
      count: 2,
    },
    {
      rule: 'an outside account given by bare id stands for any caller of that account',
      principals: namedPrincipal(node(OUT, 'outside', OUT)),
      records: [get('2026-11-01T00:00:00Z', OUTSIDER)],
      state: 'used',
      count: 1,
    },
    {
      rule: 'an outside account root: callers of other accounts do not count',
      principals: namedPrincipal(node(`arn:aws:iam::${OUT}:root`, 'outside', OUT)),
      records: [get('2026-11-01T00:00:00Z', INSIDER)],
      state: 'unused',
      count: 0,
    },
    { rule: 'public: any caller of another account than the target’s counts', principals: namedPrincipal(node('*', 'public')), records: [get('2026-11-01T00:00:00Z', OUTSIDER)], state: 'used', count: 1 },
    { rule: 'public: callers of the target’s own account do not count', principals: namedPrincipal(node('*', 'public')), records: [get('2026-11-01T00:00:00Z', INSIDER)], state: 'unused', count: 0 },
    {
      rule: 'a set of principals: the calls of each member add up',
      principals: principalSet([RUNNER_NODE, node(`arn:aws:iam::${APP}:user/ann`, 'user', APP)]),
      records: [get('2026-11-01T00:00:00Z', RUNNER_SESSION), get('2026-11-03T00:00:00Z', INSIDER), get('2026-11-04T00:00:00Z', OUTSIDER)],
      state: 'used',
      count: 2,
    },
  ])('$rule', ({ principals, records, state, count }) => {
    const usage = usageOf(resourceSubject(principals), evidence(records), estate);
    expect(usage).toMatchObject({ signal: 'cloudtrail', state, count });
  });

  it('a used access carries first, last and the window in ISO form', () => {
    const usage = usageOf(
      resourceSubject(namedPrincipal(RUNNER_NODE)),
      evidence([get('2026-11-03T00:00:00Z', RUNNER_SESSION), get('2026-11-01T00:00:00Z', RUNNER_SESSION), get('2026-11-05T00:00:00Z', OUTSIDER)]),
      estate,
    );
    expect(usage).toEqual({
      signal: 'cloudtrail',
      state: 'used',
      count: 2,
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-03T00:00:00Z',
      window: { from: '2026-11-01T00:00:00Z', to: '2026-11-05T00:00:00Z' },
      reason: '2 successful calls in the logs read (2026-11-01T00:00:00Z to 2026-11-05T00:00:00Z)',
    });
  });

  it('an Identity Center role lists the people seen using the access', () => {
    const sso = node(SSO_ROLE, 'role', APP);
    const bob: CloudTrailUserIdentity = { ...SSO_ALICE, arn: `arn:aws:sts::${APP}:assumed-role/AWSReservedSSO_Admin_abc/bob@example.com` };
    const usage = usageOf(resourceSubject(namedPrincipal(sso)), evidence([get('2026-11-01T00:00:00Z', bob), get('2026-11-02T00:00:00Z', SSO_ALICE)]), estate);
    expect(usage).toMatchObject({ state: 'used', count: 2, people: ['alice@example.com', 'bob@example.com'] });
  });

  it('an empty log: unused, no window', () => {
    expect(usageOf(resourceSubject(namedPrincipal(RUNNER_NODE)), evidence([]), estate)).toEqual({
      signal: 'cloudtrail',
      state: 'unused',
      count: 0,
      reason: 'no successful call in the logs read (none had a record)',
    });
  });
});

describe('usageOf from RoleLastUsed (no log): API_RoleLastUsed', () => {
  const evidence = { now: iso('2026-11-28T00:00:00Z'), unusedDays: 90 };
  const assume = (role: string): UsageSubject => ({
    kind: 'assume',
    principals: namedPrincipal(node(`arn:aws:iam::${OUT}:root`, 'outside', OUT)),
    target: `arn:aws:iam::${APP}:role/${role}`,
    targetAccount: APP,
    actions: [{ action: 'sts:AssumeRole', resource: `arn:aws:iam::${APP}:role/${role}` }],
  });

  it.each([
    { rule: 'RoleLastUsed empty (lastUsed: never) → unused', role: 'team/never', want: { signal: 'role-last-used', state: 'unused', count: 0 } },
    { rule: 'RoleLastUsed empty, the role named without its path → still found', role: 'never', want: { signal: 'role-last-used', state: 'unused', count: 0 } },
    { rule: 'last used more than unusedDays before now → unused', role: 'old', want: { signal: 'role-last-used', state: 'unused', count: 0, lastSeen: '2026-01-01T00:00:00Z' } },
    { rule: 'used recently → unknown (RoleLastUsed does not say by whom)', role: 'recent', want: { signal: 'role-last-used', state: 'unknown', count: 0, lastSeen: '2026-11-20T08:00:00Z' } },
    { rule: 'RoleLastUsed not known → no evidence', role: 'unknown', want: undefined },
    { rule: 'a role not in the estate → no evidence', role: 'missing', want: undefined },
  ])('$rule', ({ role, want }) => {
    const usage = usageOf(assume(role), evidence, estate);
    if (want === undefined) expect(usage).toBeUndefined();
    else expect(usage).toMatchObject(want);
  });

  it('a resource access has no RoleLastUsed evidence', () => {
    expect(usageOf(resourceSubject(namedPrincipal(RUNNER_NODE)), evidence, estate)).toBeUndefined();
  });
});
