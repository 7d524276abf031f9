import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { DecisionKind } from '../../src/core/decision/result.js';
import { isUncollected, type Account, type Estate, type Resource } from '../../src/core/model/estate.js';
import { loadSnapshot } from '../../src/loaders/snapshot/load-snapshot.js';
import { errors, expectDiagnostic, fixtureCopy, fixtures, policies, policyOf, uncollected } from './loader-helpers.js';

const ROOT = path.join(fixtures, 'snapshots/two-accounts');
const MGMT = '111111111111';
const WORK = '222222222222';
const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SQS_KEY = 'arn:aws:kms:eu-west-1:222222222222:key/5678efgh-12ab-34cd-56ef-1234567890ab';

const loaded = loadSnapshot(ROOT);
const estate = loaded.estate;

function account(e: Estate, id: string): Account {
  const found = e.accounts.get(id);
  if (!found) throw new Error(`no account ${id}`);
  return found;
}

function resource(e: Estate, arn: string): Resource {
  const found = e.resources.get(arn);
  if (!found) throw new Error(`no resource ${arn}`);
  return found;
}

describe('snapshot folder: the two-account fixture', () => {
  it('loads with exactly the diagnostics its data calls for', () => {
    expect(errors(loaded.diagnostics)).toEqual([]);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['gaad/missing-managed-policy', 'snapshot/access-denied']);
    expectDiagnostic(loaded.diagnostics, ROOT, { code: 'gaad/missing-managed-policy', file: `accounts/${WORK}/iam/get-account-authorization-details.json`, pointer: '/1/RoleDetailList/0/AttachedManagedPolicies/0/PolicyArn', line: 53, severity: 'warning' });
    expectDiagnostic(loaded.diagnostics, ROOT, { code: 'snapshot/access-denied', file: `accounts/${WORK}/s3/workload-logs/get-bucket-acl.json`, pointer: '/Error/Code', line: 3, severity: 'info' });
  });

  it('reads the manifest (snapshot-layout.md manifest.json)', () => {
    expect(estate.partition).toBe('aws');
    expect(estate.organizationStatus).toBe('collected');
  });
});

describe('snapshot folder: the organization (snapshot-layout.md, "The organization tree")', () => {
  const org = estate.organization!;

  it('rebuilds the tree from list-roots and children/', () => {
    expect(org).toMatchObject({ id: 'o-abc123def4', managementAccountId: MGMT, rootId: 'r-ab12', scpsEnabled: true, rcpsEnabled: true });
    const tree = [...org.nodes.values()].map((n) => [n.id, n.kind, n.name, n.parentId]);
    expect(tree).toEqual([
      ['r-ab12', 'root', 'Root', undefined],
      ['ou-ab12-workload1', 'ou', 'Workloads', 'r-ab12'],
      [MGMT, 'account', 'Management', 'r-ab12'],
      [WORK, 'account', 'Workload', 'ou-ab12-workload1'],
    ]);
  });

  // docs/aws-authorization.md#scp-does-not-grant (every level's SCPs, FullAWSAccess included) and docs/aws-authorization.md#rcp-does-not-grant (RCPFullAWSAccess is implied, not listed).
  it.each([
    ['r-ab12', ['scp:FullAWSAccess@r-ab12'], ['rcp:S3OrgOnly@r-ab12']],
    ['ou-ab12-workload1', ['scp:FullAWSAccess@ou-ab12-workload1', 'scp:DenyKeyDeletion@ou-ab12-workload1'], []],
    [MGMT, [`scp:FullAWSAccess@${MGMT}`], []],
    [WORK, [`scp:FullAWSAccess@${WORK}`], []],
  ])('attaches the SCPs and RCPs of %s through targets/ (docs/aws-authorization.md#scp-does-not-grant, #rcp-does-not-grant)', (id, scps, rcps) => {
    const node = org.nodes.get(id)!;
    expect(policies(node.scps).map((p) => p.name)).toEqual(scps);
    expect(policies(node.rcps).map((p) => p.name)).toEqual(rcps);
    expect(policies(node.scps).every((p) => p.kind === 'scp' && p.unusable === undefined)).toBe(true);
  });

  it('names accounts from list-accounts-for-parent', () => {
    expect(account(estate, MGMT).name).toBe('Management');
    expect(account(estate, WORK).name).toBe('Workload');
  });
});

describe('snapshot folder: IAM (get-account-authorization-details)', () => {
  it('reads users, groups and roles, pages concatenated (snapshot-layout.md, "Pagination")', () => {
    const mgmt = account(estate, MGMT);
    const work = account(estate, WORK);
    expect([mgmt.iamCollected, [...mgmt.users.keys()], [...mgmt.groups.keys()], [...mgmt.roles.keys()]]).toEqual([true, ['alice'], ['analysts'], []]);
    expect([work.iamCollected, [...work.users.keys()], [...work.roles.keys()]]).toEqual([true, [], ['app-role', 'reader']]);
  });

  it('counts only the default version of a managed policy (snapshot-layout.md)', () => {
    const group = account(estate, MGMT).groups.get('analysts')!;
    expect(group.policies.map((p) => p.name)).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(group.policies[0]!.document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:Get*', 'sqs:List*'], Resource: '*' }] });
  });

  it('decodes URL-encoded documents, names inline policies and keeps instance profiles', () => {
    const role = account(estate, WORK).roles.get('app-role')!;
    expect(role.policies.map((p) => [p.name, p.unusable, p.statements.length])).toEqual([[`arn:aws:iam::${WORK}:role/app-role#inline:admin`, undefined, 1]]);
    expect(role.trustPolicy?.name).toBe(`arn:aws:iam::${WORK}:role/app-role#trust`);
    expect(role.trustPolicy?.statements).toHaveLength(1);
    expect(role.instanceProfiles).toEqual([{ arn: `arn:aws:iam::${WORK}:instance-profile/app-profile`, name: 'app-profile' }]);
    expect(role.id).toBe('AROAAPPROLE0000000001');
  });

  it('marks an attached policy missing from the export as unusable, and resolves the boundary', () => {
    const reader = account(estate, WORK).roles.get('reader')!;
    expect(reader.policies.map((p) => [p.name, p.unusable !== undefined])).toEqual([[`arn:aws:iam::${WORK}:policy/DataReader`, true]]);
    expect(reader.boundary && !isUncollected(reader.boundary) ? [reader.boundary.name, reader.boundary.kind] : undefined).toEqual([`arn:aws:iam::${WORK}:policy/Boundary`, 'boundary']);
    expect(reader.tags).toEqual({ team: 'data' });
  });

  it('adds access keys, identity providers and the user\'s groups and tags', () => {
    const alice = account(estate, MGMT).users.get('alice')!;
    expect(alice.accessKeys).toEqual([{ id: 'AKIAALICE00000000001', status: 'Active' }]);
    expect(alice.groups).toEqual(['analysts']);
    expect(alice.tags).toEqual({ team: 'data' });
    expect(alice.policies.map((p) => p.name)).toEqual([`arn:aws:iam::${MGMT}:user/alice#inline:read-data`]);
    expect(account(estate, MGMT).identityProviders).toEqual([{ arn: `arn:aws:iam::${MGMT}:saml-provider/corp-idp`, kind: 'saml' }]);
  });
});

describe('snapshot folder: account settings', () => {
  it('reads the canonical id from list-buckets and the account-level Block Public Access', () => {
    expect(account(estate, MGMT).canonicalId).toBe('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be');
    // NoSuchPublicAccessBlockConfiguration: recorded as none.
    expect(account(estate, MGMT).s3BlockPublicAccess).toBeUndefined();
    expect(account(estate, WORK).s3BlockPublicAccess).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
  });

  it('keeps a multi-region trail once', () => {
    expect(account(estate, WORK).trails).toEqual([{ arn: `arn:aws:cloudtrail:eu-west-1:${MGMT}:trail/org-trail`, bucket: 'workload-logs', kmsKeyArn: KEY, organization: true }]);
  });

  it('says which services were enumerated', () => {
    expect(account(estate, MGMT).collectedServices).toEqual(['s3']);
    expect(account(estate, WORK).collectedServices).toEqual(['kms', 'lambda', 's3', 'secretsmanager', 'sqs']);
  });
});

describe('snapshot folder: resources', () => {
  it('reads a bucket with policy, ownership, BPA, ACL, encryption and tags', () => {
    const bucket = resource(estate, 'arn:aws:s3:::workload-data');
    expect(bucket).toMatchObject({ type: 'bucket', service: 's3', accountId: WORK, region: 'eu-west-1', tags: { classification: 'internal' } });
    expect(policyOf(bucket.policy).name).toBe('arn:aws:s3:::workload-data#policy');
    expect(bucket.s3).toEqual({
      objectOwnership: 'BucketOwnerPreferred',
      blockPublicAccess: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      // Canonical ids of accounts in the snapshot become their account ids; group URIs their short names or the URI.
      acl: { owner: WORK, grants: [{ grantee: WORK, permission: 'FULL_CONTROL' }, { grantee: MGMT, permission: 'READ' }, { grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' }] },
      // SSE-KMS through `alias/data-key`, resolved by list-aliases.
      defaultKmsKeyArn: KEY,
    });
  });

  // snapshot-layout.md, "Absent is not unknown": recorded errors that mean none, and AccessDenied.
  it('reads recorded errors: none for NoSuch…, unknown for AccessDenied', () => {
    const bucket = resource(estate, 'arn:aws:s3:::workload-logs');
    expect(bucket.policy).toBeNull(); // NoSuchBucketPolicy
    expect(bucket.tags).toEqual({}); // NoSuchTagSet
    expect(bucket.region).toBe('us-east-1'); // LocationConstraint null
    expect(bucket.s3?.objectOwnership).toBe('ObjectWriter'); // OwnershipControlsNotFoundError
    expect(bucket.s3?.blockPublicAccess).toBeUndefined(); // NoSuchPublicAccessBlockConfiguration
    expect(bucket.s3?.defaultKmsKeyArn).toBeUndefined(); // ServerSideEncryptionConfigurationNotFoundError
    expect(uncollected(bucket.s3?.acl)).toMatchObject({ error: 'AccessDenied' });
  });

  it('reads a KMS key with its policy, grants, tags, manager and state', () => {
    const key = resource(estate, KEY);
    expect(key).toMatchObject({ type: 'key', service: 'kms', accountId: WORK, region: 'eu-west-1', tags: { owner: 'data-team' } });
    expect(policyOf(key.policy).kind).toBe('key');
    expect(key.kms).toEqual({
      keyManager: 'CUSTOMER',
      keyState: 'Enabled', // KeyMetadata.KeyState (docs/aws-authorization.md#kms-key-state)
      grants: [{ granteePrincipal: `arn:aws:iam::${WORK}:role/app-role`, operations: ['Encrypt', 'GenerateDataKey'], constraints: { encryptionContextSubset: { app: 'orders' } }, grantId: 'grant-0001' }],
    });
    expect(estate.kmsAliases?.get(`arn:aws:kms:eu-west-1:${WORK}:alias/data-key`)).toBe(KEY);
  });

  it('reads a queue with its policy, tags and key, an AWS managed alias resolved', () => {
    const queue = resource(estate, `arn:aws:sqs:eu-west-1:${WORK}:orders`);
    expect(queue).toMatchObject({ type: 'queue', region: 'eu-west-1', tags: { app: 'orders' }, kmsKeyArn: SQS_KEY });
    expect(policyOf(queue.policy).statements).toHaveLength(1);
  });

  it('reads a function without a policy (ResourceNotFoundException) and a secret whose name holds `/`', () => {
    const fn = resource(estate, `arn:aws:lambda:eu-west-1:${WORK}:function:thumbnailer`);
    expect(fn.policy).toBeNull();
    expect(isUncollected(fn.tags)).toBe(true);
    const secret = resource(estate, `arn:aws:secretsmanager:eu-west-1:${WORK}:secret:prod/db-password-AbCdEf`);
    expect(secret).toMatchObject({ type: 'secret', policy: null, tags: { env: 'prod' }, kmsKeyArn: KEY });
  });
});

interface RequestCase {
  readonly rule: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | null>>;
  readonly decision: DecisionKind;
  readonly missing?: string;
}

const REQUESTS: readonly RequestCase[] = [
  {
    rule: 'docs/aws-authorization.md#role-assumption cross-account: identity policy and bucket policy both allow, and the implied kms:Decrypt on the default key too',
    principal: `arn:aws:iam::${MGMT}:user/alice`,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::workload-data/report.csv',
    decision: 'Allow',
  },
  {
    rule: 'results.md Unknown: an ACL recorded as AccessDenied could grant ListBucket where ACLs are in force',
    principal: `arn:aws:iam::${MGMT}:user/alice`,
    action: 's3:ListBucket',
    resource: 'arn:aws:s3:::workload-logs',
    decision: 'Unknown',
    missing: 'the ACL of arn:aws:s3:::workload-logs',
  },
  {
    rule: 'docs/aws-authorization.md#scp-does-not-grant: the SCP attached to the workload OU denies kms:ScheduleKeyDeletion',
    principal: `arn:aws:iam::${WORK}:role/app-role`,
    action: 'kms:ScheduleKeyDeletion',
    resource: KEY,
    decision: 'ExplicitDeny',
  },
  {
    rule: 'results.md Unknown: an attached managed policy missing from the export',
    principal: `arn:aws:iam::${WORK}:role/reader`,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::workload-logs/x',
    decision: 'Unknown',
  },
  {
    rule: 'docs/aws-authorization.md#rcp-does-not-grant: the RCP denies principals outside the organization; the management account is in it',
    principal: `arn:aws:iam::${WORK}:role/app-role`,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::workload-logs/x',
    decision: 'Allow',
  },
  {
    rule: 'docs/aws-authorization.md#rcp-does-not-grant: the RCP at the root binds a member account\'s bucket: a caller in no organization is denied',
    principal: 'arn:aws:iam::999999999999:user/mallory',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::workload-data/report.csv',
    context: { 'aws:PrincipalOrgID': null },
    decision: 'ExplicitDeny',
  },
  {
    rule: 'results.md: whether an unknown account is in the organization is unknown, and the bucket policy grants it nothing',
    principal: 'arn:aws:iam::999999999999:user/mallory',
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::workload-data/report.csv',
    decision: 'ImplicitDeny',
  },
];

describe('snapshot folder: answers on the loaded estate', () => {
  it.each(REQUESTS)('$rule', (c) => {
    const decision = evaluateRequest(estate, { principal: c.principal, action: c.action, resource: c.resource, ...(c.context ? { context: c.context } : {}) });
    expect(decision.decision).toBe(c.decision);
    if (c.missing) expect(decision.missing).toContain(c.missing);
  });
});

describe('snapshot folder: absent is not unknown (snapshot-layout.md)', () => {
  it('a missing bucket policy file is not collected, unlike NoSuchBucketPolicy', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { [`accounts/${WORK}/s3/workload-data/get-bucket-policy.json`]: null });
    const bucket = resource(loadSnapshot(dir).estate, 'arn:aws:s3:::workload-data');
    expect(uncollected(bucket.policy).what).toContain('get-bucket-policy.json was not collected');
  });

  it('without the IAM export the account\'s principals are unknown, and so are their answers', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { [`accounts/${MGMT}/iam/get-account-authorization-details.json`]: null });
    const result = loadSnapshot(dir);
    expect(account(result.estate, MGMT).iamCollected).toBe(false);
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/iam-not-collected', file: `accounts/${MGMT}/iam/get-account-authorization-details.json`, pointer: '', severity: 'info' });
    const decision = evaluateRequest(result.estate, { principal: `arn:aws:iam::${MGMT}:user/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::workload-data/report.csv' });
    expect(decision.decision).toBe('Unknown');
  });

  it('an AccessDenied IAM export is unknown too', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { [`accounts/${MGMT}/iam/get-account-authorization-details.json`]: '{"Error": {"Code": "AccessDenied", "Message": "no"}}' });
    const result = loadSnapshot(dir);
    expect(account(result.estate, MGMT).iamCollected).toBe(false);
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/access-denied', file: `accounts/${MGMT}/iam/get-account-authorization-details.json`, pointer: '/Error/Code', line: 1 });
  });

  it('missing targets of an SCP make every level\'s SCPs unknown, assumed not to restrict (results.md Assumptions)', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'organization/targets/p-denykeydel.json': null });
    const result = loadSnapshot(dir);
    for (const node of result.estate.organization!.nodes.values()) expect(uncollected(node.scps).what).toContain('DenyKeyDeletion');
    expect(policies(result.estate.organization!.nodes.get('r-ab12')!.rcps)).toHaveLength(1);
    const decision = evaluateRequest(result.estate, { principal: `arn:aws:iam::${WORK}:role/app-role`, action: 'kms:ScheduleKeyDeletion', resource: KEY });
    expect(decision.decision).toBe('Allow');
    expect(decision.assumptions.map((a) => a.code)).toContain('scp-unreadable');
    expect(decision.assumptions.map((a) => a.message).join('\n')).toContain('could not be read; assumed not to restrict');
  });

  it('a level with no SCP recorded is unknown, since AWS keeps one attached (docs/aws-authorization.md#scp-does-not-grant)', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'organization/targets/p-FullAWSAccess.json': JSON.stringify({ Targets: [{ TargetId: 'r-ab12', Type: 'ROOT' }] }) });
    const result = loadSnapshot(dir);
    expect(uncollected(result.estate.organization!.nodes.get(MGMT)!.scps).what).toContain('no attachment was recorded');
    expect(uncollected(result.estate.organization!.nodes.get(WORK)!.scps).what).toContain('no attachment was recorded');
    // The OU keeps DenyKeyDeletion: a level with only a Deny is allowed nothing, as AWS has it.
    expect(policies(result.estate.organization!.nodes.get('ou-ab12-workload1')!.scps).map((p) => p.name)).toEqual(['scp:DenyKeyDeletion@ou-ab12-workload1']);
    expect(result.diagnostics.filter((d) => d.code === 'snapshot/scp-level-empty')).toHaveLength(2);
  });

  it('left out of the manifest, the organization status is read from the folder', () => {
    const manifest = JSON.stringify({ format: 'trustmap-snapshot', version: 1 });
    expect(loadSnapshot(fixtureCopy('snapshots/two-accounts', { 'manifest.json': manifest })).estate.organizationStatus).toBe('collected');
    expect(loadSnapshot(fixtureCopy('snapshots/two-accounts', { 'manifest.json': manifest, organization: null })).estate.organizationStatus).toBe('not-collected');
  });

  it('the manifest\'s `none` wins over an organization folder, with a warning', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': JSON.stringify({ format: 'trustmap-snapshot', version: 1, organization: 'none' }) });
    const result = loadSnapshot(dir);
    expect(result.estate.organizationStatus).toBe('none');
    expect(result.estate.organization).toBeUndefined();
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/organization-ignored', file: 'manifest.json', pointer: '/organization', severity: 'warning' });
  });

  it('`collected` without the folder is an error, and the organization is not collected', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { organization: null });
    const result = loadSnapshot(dir);
    expect(result.estate.organizationStatus).toBe('not-collected');
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/organization-missing', file: 'manifest.json', pointer: '/organization', severity: 'error' });
  });

  it('AWSOrganizationsNotInUseException means the accounts belong to no organization', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'organization/describe-organization.json': '{"Error": {"Code": "AWSOrganizationsNotInUseException"}}' });
    expect(loadSnapshot(dir).estate.organizationStatus).toBe('none');
  });

  it('without a manifest the defaults apply, with an info', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': null });
    const result = loadSnapshot(dir);
    expect(result.estate.partition).toBe('aws');
    expect(result.estate.organizationStatus).toBe('collected');
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/no-manifest', file: 'manifest.json', pointer: '', severity: 'info' });
  });

  it('outsider account folders load beside the organization (snapshot-layout.md, "Outsiders")', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'accounts/333333333333/s3/list-buckets.json': JSON.stringify({ Buckets: [], Owner: { ID: 'abc' } }) });
    const result = loadSnapshot(dir);
    expect(account(result.estate, '333333333333')).toMatchObject({ canonicalId: 'abc', iamCollected: false });
    expect(result.estate.organization!.nodes.has('333333333333')).toBe(false);
  });
});

interface BadFile {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly code: string;
  readonly pointer: string;
  readonly line: number;
}

const BAD_FILES: readonly BadFile[] = [
  {
    name: 'a truncated JSON file',
    file: `accounts/${WORK}/s3/workload-data/get-bucket-policy.json`,
    text: '{\n  "Policy": "{\\"Version\\":\\"2012-10-17\\"',
    code: 'snapshot/invalid-json',
    pointer: '',
    line: 2,
  },
  {
    name: 'an array where an object belongs',
    file: `accounts/${WORK}/kms/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab/describe-key.json`,
    text: '{\n  "KeyMetadata": []\n}\n',
    code: 'snapshot/invalid-shape',
    pointer: '/KeyMetadata',
    line: 2,
  },
  {
    name: 'a number where a string belongs',
    file: `accounts/${WORK}/s3/list-buckets.json`,
    text: '{\n  "Buckets": [\n    { "Name": 42 }\n  ],\n  "Owner": { "ID": "x" }\n}\n',
    code: 'snapshot/invalid-shape',
    pointer: '/Buckets/0/Name',
    line: 3,
  },
  {
    name: 'a policy in a fourth encoding (base64)',
    file: `accounts/${WORK}/s3/workload-data/get-bucket-policy.json`,
    text: `{\n  "Policy": "${Buffer.from('{"Version":"2012-10-17","Statement":[]}').toString('base64')}"\n}\n`,
    code: 'policy/undecodable-document',
    pointer: '/Policy',
    line: 2,
  },
  {
    name: 'an unsupported manifest version',
    file: 'manifest.json',
    text: '{\n  "format": "trustmap-snapshot",\n  "version": 2\n}\n',
    code: 'snapshot/unsupported-version',
    pointer: '/version',
    line: 3,
  },
  {
    name: 'an unknown error where none is expected',
    file: `accounts/${WORK}/s3/workload-data/get-bucket-tagging.json`,
    text: '{"Error": {"Code": "SlowDown"}}',
    code: 'snapshot/unexpected-error-record',
    pointer: '/Error/Code',
    line: 1,
  },
];

describe('snapshot folder: bad files are diagnostics, and the rest still loads', () => {
  it.each(BAD_FILES)('$name → $code', (c) => {
    const dir = fixtureCopy('snapshots/two-accounts', { [c.file]: c.text });
    const result = loadSnapshot(dir);
    expectDiagnostic(result.diagnostics, dir, { code: c.code, file: c.file, pointer: c.pointer, line: c.line });
    // The rest of the snapshot is still there.
    expect(result.estate.accounts.get(MGMT)?.users.has('alice')).toBe(true);
    expect(result.estate.organization?.nodes.size).toBe(4);
  });

  it('a broken bucket policy file leaves that policy unknown, not absent', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { [BAD_FILES[0]!.file]: BAD_FILES[0]!.text });
    expect(isUncollected(resource(loadSnapshot(dir).estate, 'arn:aws:s3:::workload-data').policy)).toBe(true);
  });

  it('a base64 bucket policy is kept as unusable, so answers that need it are Unknown', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { [BAD_FILES[3]!.file]: BAD_FILES[3]!.text });
    const result = loadSnapshot(dir);
    expect(policyOf(resource(result.estate, 'arn:aws:s3:::workload-data').policy).unusable).toMatch(/base64/);
    const decision = evaluateRequest(result.estate, { principal: `arn:aws:iam::${MGMT}:user/alice`, action: 's3:GetObject', resource: 'arn:aws:s3:::workload-data/report.csv' });
    expect(decision.decision).toBe('Unknown');
  });
});
