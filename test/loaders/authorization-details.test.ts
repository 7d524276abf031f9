import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { DecisionKind } from '../../src/core/decision/result.js';
import { isUncollected, type Estate } from '../../src/core/model/estate.js';
import { loadAuthorizationDetailsFile, type LoadedAuthorizationDetails } from '../../src/loaders/authorization-details/load-authorization-details.js';
import { errors, expectDiagnostic, gaadRole as role, peersData, tempFile } from './loader-helpers.js';

const ALLOW_SQS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] };
const ALLOW_S3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

function load(value: unknown): { loaded: LoadedAuthorizationDetails; file: string } {
  const file = tempFile('gaad.json', `${JSON.stringify(value, null, 2)}\n`);
  return { loaded: loadAuthorizationDetailsFile(file), file };
}

function user(account: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Path: '/', UserName: name, UserId: `AIDA${name.toUpperCase()}`, Arn: `arn:aws:iam::${account}:user/${name}`, UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [], ...extra };
}


function managed(arn: string, versions: ReadonlyArray<[unknown, boolean]>): Record<string, unknown> {
  return { PolicyName: arn.slice(arn.lastIndexOf('/') + 1), Arn: arn, DefaultVersionId: 'v1', PolicyVersionList: versions.map(([Document, IsDefaultVersion], i) => ({ Document, VersionId: `v${i + 1}`, IsDefaultVersion })) };
}

/** RFC 3986, as AWS encodes IAM documents for the SDKs. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('a lone export: its account (snapshot-layout.md, "A lone export file")', () => {
  it('takes the account most ARNs carry, and reports each entity of another account or of none', () => {
    const { loaded, file } = load({
      UserDetailList: [user('111111111111', 'a'), user('111111111111', 'b'), user('222222222222', 'c'), { ...user('aws', 'd'), Arn: 'arn:aws:iam::aws:user/d' }],
      GroupDetailList: [],
      RoleDetailList: [role('111111111111', 'r')],
      Policies: [managed('arn:aws:iam::aws:policy/ReadOnlyAccess', [[ALLOW_S3, true]])],
    });
    expect(loaded.summary?.accountId).toBe('111111111111');
    expect(loaded.estate.organizationStatus).toBe('not-collected');
    expect(loaded.diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([
      ['gaad/foreign-account', '/UserDetailList/2/Arn'],
      ['gaad/foreign-account', '/UserDetailList/3/Arn'],
    ]);
    // Still loaded, under the account each ARN names.
    expect(loaded.estate.accounts.get('222222222222')?.users.has('c')).toBe(true);
    expect(loaded.estate.accounts.get('aws')?.users.has('d')).toBe(true);
    expect([...loaded.estate.accounts.get('111111111111')!.users.keys()]).toEqual(['a', 'b']);
    expect(path.basename(loaded.diagnostics[0]!.source!.file!)).toBe(path.basename(file));
  });

  it('has no account to tell when no ARN carries 12 digits', () => {
    const { loaded } = load({ UserDetailList: [{ ...user('aws', 'd'), Arn: 'arn:aws:iam::aws:user/d' }], RoleDetailList: [] });
    expect(loaded.summary?.accountId).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['gaad/no-account-id', 'gaad/foreign-account']);
  });
});

describe('a lone export: policies', () => {
  // snapshot-layout.md, "Policy documents come in three encodings"
  it.each([
    ['a JSON object', ALLOW_SQS],
    ['a JSON string', JSON.stringify(ALLOW_SQS)],
    ['a URL-encoded JSON string', rfc3986(JSON.stringify(ALLOW_SQS, null, 2))],
  ])('reads an inline policy given as %s', (_, document) => {
    const { loaded } = load({ UserDetailList: [user('111111111111', 'a', { UserPolicyList: [{ PolicyName: 'sqs', PolicyDocument: document }] })] });
    expect(loaded.diagnostics).toEqual([]);
    const policy = loaded.estate.accounts.get('111111111111')!.users.get('a')!.policies[0]!;
    expect(policy.name).toBe('arn:aws:iam::111111111111:user/a#inline:sqs');
    expect(policy.document).toEqual(ALLOW_SQS);
  });

  it('only the default version of a managed policy counts (snapshot-layout.md, "Pagination")', () => {
    const arn = 'arn:aws:iam::111111111111:policy/p';
    const { loaded } = load({ RoleDetailList: [role('111111111111', 'r', { AttachedManagedPolicies: [{ PolicyName: 'p', PolicyArn: arn }] })], Policies: [managed(arn, [[ALLOW_S3, false], [ALLOW_SQS, true]])] });
    expect(loaded.estate.accounts.get('111111111111')!.roles.get('r')!.policies.map((p) => p.document)).toEqual([ALLOW_SQS]);
  });

  it('an attached policy missing from the export makes answers Unknown, not denied (results.md)', () => {
    const { loaded, file } = load({ UserDetailList: [user('111111111111', 'a', { AttachedManagedPolicies: [{ PolicyName: 'gone', PolicyArn: 'arn:aws:iam::111111111111:policy/gone' }] })] });
    expectDiagnostic(loaded.diagnostics, path.dirname(file), { code: 'gaad/missing-managed-policy', file: 'gaad.json', pointer: '/UserDetailList/0/AttachedManagedPolicies/0/PolicyArn', line: 13, severity: 'warning' });
    const decision = evaluateRequest(loaded.estate, { principal: 'arn:aws:iam::111111111111:user/a', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111111111111:q' });
    expect(decision.decision).toBe('Unknown');
  });

  it('a boundary missing from the export is assumed not to restrict (docs/aws-authorization.md#restrict-only-data-not-collected)', () => {
    const { loaded } = load({
      UserDetailList: [user('111111111111', 'a', { UserPolicyList: [{ PolicyName: 'sqs', PolicyDocument: ALLOW_SQS }], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/b' } })],
    });
    expect(isUncollected(loaded.estate.accounts.get('111111111111')!.users.get('a')!.boundary)).toBe(true);
    const decision = evaluateRequest(loaded.estate, { principal: 'arn:aws:iam::111111111111:user/a', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111111111111:q' });
    expect(decision.decision).toBe('Allow');
    expect(decision.assumptions).toContainEqual({ code: 'boundary-unreadable', rule: 'restrict-only-data-not-collected', message: 'the permissions boundary of arn:aws:iam::111111111111:user/a could not be read; assumed not to restrict' });
  });

  it('a group the export does not describe makes the user\'s answers Unknown', () => {
    const { loaded } = load({ UserDetailList: [user('111111111111', 'a', { GroupList: ['ghosts'] })], GroupDetailList: [] });
    expect(loaded.diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([['gaad/unknown-group', '/UserDetailList/0/GroupList/0']]);
    const decision = evaluateRequest(loaded.estate, { principal: 'arn:aws:iam::111111111111:user/a', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111111111111:q' });
    expect(decision.decision).toBe('Unknown');
  });

  it('a user\'s groups grant their policies (docs/aws-authorization.md#group-policies-apply-to-members)', () => {
    const { loaded } = load({
      UserDetailList: [user('111111111111', 'a', { GroupList: ['g'] })],
      GroupDetailList: [{ Path: '/', GroupName: 'g', GroupId: 'AGPAG', Arn: 'arn:aws:iam::111111111111:group/g', GroupPolicyList: [{ PolicyName: 'sqs', PolicyDocument: ALLOW_SQS }], AttachedManagedPolicies: [] }],
    });
    const decision = evaluateRequest(loaded.estate, { principal: 'arn:aws:iam::111111111111:user/a', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111111111111:q' });
    expect(decision.decision).toBe('Allow');
  });

  it('reads pages written by an SDK collector, concatenated', () => {
    const { loaded } = load([{ UserDetailList: [user('111111111111', 'a')], IsTruncated: true }, { UserDetailList: [user('111111111111', 'b')], RoleDetailList: [role('111111111111', 'r')], IsTruncated: false }]);
    const account = loaded.estate.accounts.get('111111111111')!;
    expect([[...account.users.keys()], [...account.roles.keys()]]).toEqual([['a', 'b'], ['r']]);
  });
});

interface BadExport {
  readonly name: string;
  readonly text: string;
  readonly code: string;
  readonly pointer: string;
  readonly line: number;
  readonly unusable?: boolean;
}

const BAD_EXPORTS: readonly BadExport[] = [
  { name: 'a truncated file', text: '{\n  "UserDetailList": [\n    {"UserName": "a"', code: 'gaad/invalid-json', pointer: '', line: 3, unusable: true },
  { name: 'an object where an array belongs', text: '{\n  "UserDetailList": {"UserName": "a"},\n  "RoleDetailList": []\n}\n', code: 'gaad/invalid-shape', pointer: '/UserDetailList', line: 2 },
  { name: 'a number where a string belongs', text: '{\n  "UserDetailList": [\n    {"UserName": 7, "Arn": "arn:aws:iam::111111111111:user/a"}\n  ]\n}\n', code: 'gaad/invalid-shape', pointer: '/UserDetailList/0/UserName', line: 3 },
  {
    name: 'a policy in a fourth encoding (base64)',
    text: `{\n  "UserDetailList": [\n    {"UserName": "a", "Arn": "arn:aws:iam::111111111111:user/a",\n     "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": "${Buffer.from(JSON.stringify(ALLOW_SQS)).toString('base64')}"}]}\n  ]\n}\n`,
    code: 'policy/undecodable-document',
    pointer: '/UserDetailList/0/UserPolicyList/0/PolicyDocument',
    line: 4,
  },
  { name: 'an entity whose ARN is not an IAM ARN', text: '{\n  "RoleDetailList": [\n    {"RoleName": "r",\n     "Arn": "role/r"}\n  ]\n}\n', code: 'gaad/invalid-arn', pointer: '/RoleDetailList/0/Arn', line: 4 },
];

describe('a lone export: bad input is a diagnostic, and the rest loads', () => {
  it.each(BAD_EXPORTS)('$name → $code', (c) => {
    const file = tempFile('export.json', c.text);
    const loaded = loadAuthorizationDetailsFile(file);
    expectDiagnostic(loaded.diagnostics, path.dirname(file), { code: c.code, file: 'export.json', pointer: c.pointer, line: c.line });
    expect(loaded.unusable ?? false).toBe(c.unusable ?? false);
  });
});

interface RealRequest {
  readonly rule: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: DecisionKind;
  readonly decidedBy?: string;
}

interface RealExport {
  readonly file: string;
  readonly accountId: string;
  readonly counts: { readonly users: number; readonly groups: number; readonly roles: number; readonly policies: number };
  /** Diagnostic codes and how often each is expected; anything else fails. */
  readonly diagnostics: Readonly<Record<string, number>>;
  readonly requests: readonly RealRequest[];
}

const CS = '200611803367';
const CM = '123456789012';
const REAL_EXPORTS: readonly RealExport[] = [
  {
    file: 'cloudsplaining-example-gaad.json',
    accountId: CS,
    counts: { users: 44, groups: 5, roles: 78, policies: 84 },
    // SOURCES.md: 10 entities of another account (012345678901).
    diagnostics: { 'gaad/foreign-account': 10 },
    requests: [
      { rule: 'docs/aws-authorization.md#single-account-evaluation same account: the attached privesc4-CreateAccessKey policy allows iam:CreateAccessKey on *', principal: `arn:aws:iam::${CS}:user/privesc4-CreateAccessKey-user`, action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${CS}:user/privesc-sre-user`, decision: 'Allow', decidedBy: 'identity' },
      { rule: 'docs/aws-authorization.md#policies-combine-with-or: fp1-allow-and-deny allows iam:* and denies iam:* in the same policy; the deny wins', principal: `arn:aws:iam::${CS}:user/fp1-allow-and-deny-user`, action: 'iam:CreateUser', resource: `arn:aws:iam::${CS}:user/new`, decision: 'ExplicitDeny' },
      { rule: 'docs/aws-authorization.md#policies-combine-with-or: deny-all beside fp2-allow-all denies everything', principal: `arn:aws:iam::${CS}:user/fp2-allow-and-deny-multiple-policies-user`, action: 'ec2:DescribeInstances', resource: '*', decision: 'ExplicitDeny' },
      { rule: 'docs/aws-authorization.md#same-account-resource-policy-principal: privesc-sre-role trusts privesc-sre-user by ARN in the same account', principal: `arn:aws:iam::${CS}:user/privesc-sre-user`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${CS}:role/privesc-sre-role`, decision: 'Allow', decidedBy: 'trust' },
      { rule: 'docs/aws-authorization.md#same-account-either-side: privesc-sre-role trusts another user, and privesc4\'s policy does not allow sts:AssumeRole', principal: `arn:aws:iam::${CS}:user/privesc4-CreateAccessKey-user`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${CS}:role/privesc-sre-role`, decision: 'ImplicitDeny' },
      { rule: 'results.md Unknown: OrganizationAccountAccessRole trusts 072528804237, whose users\' policies are not in the export', principal: 'arn:aws:iam::072528804237:user/operator', action: 'sts:AssumeRole', resource: `arn:aws:iam::${CS}:role/OrganizationAccountAccessRole`, decision: 'Unknown' },
      { rule: 'docs/aws-authorization.md#trust-role-arn-matches-sessions: the root user cannot call AssumeRole, though the trust names its account', principal: 'arn:aws:iam::072528804237:root', action: 'sts:AssumeRole', resource: `arn:aws:iam::${CS}:role/OrganizationAccountAccessRole`, decision: 'ImplicitDeny' },
      { rule: 'docs/aws-authorization.md#single-account-evaluation: OrganizationAccountAccessRole has AdministratorAccess attached', principal: `arn:aws:iam::${CS}:role/OrganizationAccountAccessRole`, action: 'iam:CreateUser', resource: `arn:aws:iam::${CS}:user/new`, decision: 'Allow', decidedBy: 'identity' },
    ],
  },
  {
    file: 'cloudmapper-demo-gaad.json',
    accountId: CM,
    counts: { users: 2, groups: 1, roles: 4, policies: 2 },
    // SOURCES.md: users and group carry `aws` in the account field; bad_role has an empty Path.
    diagnostics: { 'gaad/foreign-account': 3, 'gaad/invalid-path': 1 },
    requests: [
      { rule: 'docs/aws-authorization.md#trust-account-principal: bad_role trusts {"AWS": "*"}; the caller\'s own identity policies are not in the export', principal: 'arn:aws:iam::999999999999:user/anyone', action: 'sts:AssumeRole', resource: `arn:aws:iam::${CM}:role/bad_role`, decision: 'Unknown' },
      { rule: 'docs/aws-authorization.md#sts-external-id: level1 (path /service-role/) trusts the Lambda service', principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: `arn:aws:iam::${CM}:role/service-role/level1`, decision: 'Allow', decidedBy: 'trust' },
      { rule: 'docs/aws-authorization.md#same-account-either-side: exfiller trusts EC2, not Lambda', principal: 'lambda.amazonaws.com', action: 'sts:AssumeRole', resource: `arn:aws:iam::${CM}:role/exfiller`, decision: 'ImplicitDeny' },
    ],
  },
];

describe.skipIf(!existsSync(peersData))('real exports (needs ../shared/peers-data, SOURCES.md)', () => {
  describe.each(REAL_EXPORTS)('$file', (real) => {
    const loaded = loadAuthorizationDetailsFile(path.join(peersData, real.file));

    it('loads every entity, with only the expected diagnostics and no errors', () => {
      expect(errors(loaded.diagnostics)).toEqual([]);
      const counts: Record<string, number> = {};
      for (const d of loaded.diagnostics) counts[d.code] = (counts[d.code] ?? 0) + 1;
      expect(counts).toEqual(real.diagnostics);
      expect(loaded.summary).toMatchObject({ accountId: real.accountId, ...real.counts });
      const total = (pick: (e: Estate['accounts'] extends ReadonlyMap<string, infer A> ? A : never) => number) => [...loaded.estate.accounts.values()].reduce((n, a) => n + pick(a), 0);
      expect([total((a) => a.users.size), total((a) => a.groups.size), total((a) => a.roles.size)]).toEqual([real.counts.users, real.counts.groups, real.counts.roles]);
    });

    it('parses every policy it holds', () => {
      for (const account of loaded.estate.accounts.values()) {
        for (const entity of [...account.users.values(), ...account.roles.values()]) {
          for (const policy of entity.policies) expect(policy.unusable, policy.name).toBeUndefined();
        }
        for (const role of account.roles.values()) expect(role.trustPolicy?.unusable, role.arn).toBeUndefined();
      }
    });

    it.each(real.requests)('$rule', (c) => {
      const decision = evaluateRequest(loaded.estate, { principal: c.principal, action: c.action, resource: c.resource });
      expect(decision.decision).toBe(c.decision);
      if (c.decidedBy) expect(decision.decidedBy).toBe(c.decidedBy);
    });
  });
});
