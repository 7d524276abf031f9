import { describe, expect, it } from 'vitest';
import type { Account, Estate, Organization, OrgNode, Resource, Role } from '../../src/core/model/estate.js';
import type { Policy, PolicyKind } from '../../src/core/policy/policy-types.js';
import { ExportScope } from '../../src/exporters/snapshot/export-scope.js';
import { describeSecret, functionPolicy, secretName, secretPolicy } from '../../src/exporters/snapshot/function-secret-files.js';
import { accountAuthorizationDetails, listAccessKeys } from '../../src/exporters/snapshot/iam-files.js';
import { describeKey, keyPolicy, listAliases, listGrants } from '../../src/exporters/snapshot/kms-files.js';
import { placePolicy } from '../../src/exporters/snapshot/managed-policy-book.js';
import { describePolicy, listRoots, targetsForPolicy } from '../../src/exporters/snapshot/organization-files.js';
import { organizationPolicies } from '../../src/exporters/snapshot/organization-policies.js';
import { pathSegment } from '../../src/exporters/snapshot/path-segment.js';
import { queueAttributes, topicAttributes } from '../../src/exporters/snapshot/queue-topic-files.js';
import { bucketAcl, bucketEncryption, bucketLocation, bucketPolicy, bucketTagging, listBuckets, publicAccessBlock } from '../../src/exporters/snapshot/s3-files.js';
import { manifest, snapshotFiles } from '../../src/exporters/snapshot/snapshot-files.js';
import { canonicalUserId, iamUniqueId, organizationPolicyId } from '../../src/exporters/snapshot/stable-ids.js';

const DATE = '2026-11-28T09:00:00Z';
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function policy(name: string, document: unknown = DOC, kind: PolicyKind = 'resource'): Policy {
  return { name, kind, statements: [], document };
}

function resource(arn: string, fields: Partial<Resource> = {}): Resource {
  return { arn, type: 'other', service: arn.split(':')[2] ?? '', accountId: '222222222222', policy: null, tags: {}, ...fields };
}

function estate(fields: Partial<Estate> = {}): Estate {
  return { partition: 'aws', organizationStatus: 'none', accounts: new Map(), resources: new Map(), ...fields };
}

function account(id: string, fields: Partial<Account> = {}): Account {
  return { id, iamCollected: true, users: new Map(), roles: new Map(), groups: new Map(), identityProviders: [], trails: [], ...fields };
}

const scope = new ExportScope(estate({ accounts: new Map([['222222222222', account('222222222222', { canonicalId: 'c'.repeat(64) })]]) }), DATE);
const DENIED = { uncollected: true as const, what: 'the bucket policy', error: 'AccessDenied' };
const NOT_READ = { uncollected: true as const, what: 'the bucket policy' };
const QUEUE = 'arn:aws:sqs:us-east-1:222222222222:orders';
const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:prod/db-password-AbCdEf';

// Each row: what the layout says (snapshot-layout.md), the builder's output, the CLI's shape.
const cases: ReadonlyArray<readonly [string, unknown, unknown]> = [
  ['get-bucket-location prints null for us-east-1', bucketLocation('us-east-1'), { LocationConstraint: null }],
  ['get-bucket-location prints the region elsewhere', bucketLocation('eu-west-1'), { LocationConstraint: 'eu-west-1' }],
  ['get-bucket-policy: Policy is a JSON string', bucketPolicy(policy('b', DOC)), { Policy: JSON.stringify(DOC) }],
  ['a bucket without a policy is NoSuchBucketPolicy', bucketPolicy(null), { Error: { Code: 'NoSuchBucketPolicy', Message: 'The bucket policy does not exist' } }],
  ['a policy not collected has no file (absent is not collected)', bucketPolicy(NOT_READ), undefined],
  ['a policy the collector was denied is recorded as AccessDenied', bucketPolicy(DENIED), { Error: { Code: 'AccessDenied', Message: 'not collected: the bucket policy' } }],
  ['no tags is NoSuchTagSet', bucketTagging({}), { Error: { Code: 'NoSuchTagSet', Message: 'The TagSet does not exist' } }],
  ['bucket tags are a TagSet sorted by key', bucketTagging({ b: '2', a: '1' }), { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }],
  [
    'get-public-access-block',
    publicAccessBlock({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false }),
    { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false } },
  ],
  ['SSE-KMS default encryption names the key', bucketEncryption(KEY), { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY }, BucketKeyEnabled: false }] } }],
  ['without a key, the default is SSE-S3', bucketEncryption(undefined), { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } }],
  [
    'ACL grantees: accounts by canonical id, groups by URI',
    bucketAcl({ owner: '222222222222', grants: [{ grantee: '222222222222', permission: 'FULL_CONTROL' }, { grantee: 'AllUsers', permission: 'READ' }] }, '222222222222', scope),
    {
      Owner: { ID: 'c'.repeat(64) },
      Grants: [
        { Grantee: { ID: 'c'.repeat(64), Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      ],
    },
  ],
  ['a bucket with no ACL recorded gets its owner and no grant', bucketAcl(undefined, '222222222222', scope), { Owner: { ID: 'c'.repeat(64) }, Grants: [] }],
  [
    'list-buckets gives the canonical id as Owner.ID',
    listBuckets('222222222222', [resource('arn:aws:s3:::b', { type: 'bucket', region: 'eu-west-1' }), resource('arn:aws:s3:::a', { type: 'bucket' })], scope),
    { Buckets: [{ Name: 'a', CreationDate: DATE }, { Name: 'b', CreationDate: DATE, BucketRegion: 'eu-west-1' }], Owner: { ID: 'c'.repeat(64) } },
  ],
  ['get-key-policy: a JSON string under PolicyName default', keyPolicy(resource(KEY, { type: 'key', policy: policy('k', ALLOW_ALL, 'key') })), { Policy: JSON.stringify(ALLOW_ALL), PolicyName: 'default' }],
  ['describe-key carries KeyManager', (describeKey(resource(KEY, { type: 'key', kms: { keyManager: 'AWS', grants: [] } }), '1234abcd-12ab-34cd-56ef-1234567890ab', DATE) as { KeyMetadata: { KeyManager: string } }).KeyMetadata.KeyManager, 'AWS'],
  [
    'list-grants',
    listGrants(resource(KEY, { type: 'key', kms: { keyManager: 'CUSTOMER', grants: [{ granteePrincipal: 'arn:aws:iam::222222222222:role/app', operations: ['Decrypt'], grantId: 'g-1', constraints: { encryptionContextSubset: { app: 'x' } } }] } }), scope),
    {
      Grants: [{ KeyId: KEY, GrantId: 'g-1', Name: '', CreationDate: DATE, GranteePrincipal: 'arn:aws:iam::222222222222:role/app', IssuingAccount: 'arn:aws:iam::222222222222:root', Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { app: 'x' } } }],
      Truncated: false,
    },
  ],
  [
    'list-aliases: TargetKeyId is the key id',
    listAliases([{ aliasArn: 'arn:aws:kms:eu-west-1:222222222222:alias/data', keyArn: KEY }], DATE),
    { Aliases: [{ AliasName: 'alias/data', AliasArn: 'arn:aws:kms:eu-west-1:222222222222:alias/data', TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', CreationDate: DATE, LastUpdatedDate: DATE }], Truncated: false },
  ],
  [
    'get-queue-attributes: QueueArn, Policy as a JSON string, KmsMasterKeyId',
    queueAttributes(resource(QUEUE, { type: 'queue', policy: policy('q'), kmsKeyArn: KEY }), scope),
    { Attributes: { QueueArn: QUEUE, Policy: JSON.stringify(DOC), KmsMasterKeyId: KEY } },
  ],
  ['a queue without a policy has no Policy attribute', queueAttributes(resource(QUEUE, { type: 'queue' }), scope), { Attributes: { QueueArn: QUEUE } }],
  [
    'get-topic-attributes',
    topicAttributes(resource('arn:aws:sns:us-east-1:222222222222:t', { type: 'topic', policy: policy('t') }), scope),
    { Attributes: { Policy: JSON.stringify(DOC), Owner: '222222222222', TopicArn: 'arn:aws:sns:us-east-1:222222222222:t' } },
  ],
  ['a function without a policy is ResourceNotFoundException', functionPolicy(resource('arn:aws:lambda:us-east-1:222222222222:function:f', { type: 'function' })), { Error: { Code: 'ResourceNotFoundException', Message: 'The resource you requested does not exist.' } }],
  ['a secret name drops the six random characters', secretName(SECRET), 'prod/db-password'],
  ['get-resource-policy: ResourcePolicy is a JSON string', secretPolicy(resource(SECRET, { type: 'secret', policy: policy('s') }), 'prod/db-password'), { ARN: SECRET, Name: 'prod/db-password', ResourcePolicy: JSON.stringify(DOC) }],
  ['a secret without a policy has no ResourcePolicy', secretPolicy(resource(SECRET, { type: 'secret' }), 'prod/db-password'), { ARN: SECRET, Name: 'prod/db-password' }],
  [
    'describe-secret: ARN, KmsKeyId, Tags',
    describeSecret(resource(SECRET, { type: 'secret', kmsKeyArn: KEY, tags: { env: 'prod' } }), 'prod/db-password', scope),
    { ARN: SECRET, Name: 'prod/db-password', KmsKeyId: KEY, CreatedDate: DATE, Tags: [{ Key: 'env', Value: 'prod' }] },
  ],
  ['list-access-keys', listAccessKeys({ kind: 'user', arn: 'arn:aws:iam::222222222222:user/a', name: 'a', path: '/', accountId: '222222222222', policies: [], tags: {}, groups: [], accessKeys: [{ id: 'AKIAEXAMPLE', status: 'Inactive' }] }, DATE), { AccessKeyMetadata: [{ UserName: 'a', AccessKeyId: 'AKIAEXAMPLE', Status: 'Inactive', CreateDate: DATE }] }],
  ['names holding `/` are one URL-encoded path segment', pathSegment('prod/db password'), 'prod%2Fdb%20password'],
  ['manifest.json', manifest(estate({ organizationStatus: 'not-collected' }), DATE), { format: 'trustmap-snapshot', version: 1, partition: 'aws', collectedAt: DATE, collector: 'trustmap', organization: 'not-collected' }],
];

describe('snapshot content builders print the AWS CLI shapes (snapshot-layout.md)', () => {
  it.each(cases)('%s', (_rule, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe('made-up ids have AWS shapes and are stable', () => {
  it.each([
    ['role id', iamUniqueId('AROA', 'arn:aws:iam::1:role/r'), /^AROA[A-Z0-9]{17}$/],
    ['user id', iamUniqueId('AIDA', 'arn:aws:iam::1:user/u'), /^AIDA[A-Z0-9]{17}$/],
    ['canonical id', canonicalUserId('111111111111'), /^[0-9a-f]{64}$/],
    ['organization policy id', organizationPolicyId('x'), /^p-[0-9a-z]{8}$/],
  ])('%s', (_what, id, shape) => {
    expect(id).toMatch(shape);
  });

  it('gives the same id for the same seed and different ids for different seeds', () => {
    expect(iamUniqueId('AROA', 'arn:aws:iam::1:role/a')).toBe(iamUniqueId('AROA', 'arn:aws:iam::1:role/a'));
    expect(iamUniqueId('AROA', 'arn:aws:iam::1:role/a')).not.toBe(iamUniqueId('AROA', 'arn:aws:iam::1:role/b'));
  });
});

describe('identity policies: inline, customer managed or AWS managed (get-account-authorization-details)', () => {
  const owner = { name: 'app', accountId: '222222222222' };
  it.each([
    ['a managed policy ARN stays managed', policy('arn:aws:iam::aws:policy/ReadOnlyAccess', DOC, 'identity'), { kind: 'managed', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', document: DOC }],
    ['a scenario inline policy', policy('arn:aws:iam::222222222222:role/app#inline-0', DOC, 'identity'), { kind: 'inline', name: 'inline-0', document: DOC }],
    ['an export inline policy keeps its name', policy('arn:aws:iam::222222222222:role/app#inline:read-data', DOC, 'identity'), { kind: 'inline', name: 'read-data', document: DOC }],
    ['a named scenario policy becomes customer managed', policy('AssumeAnyRole', DOC, 'identity'), { kind: 'managed', arn: 'arn:aws:iam::222222222222:policy/AssumeAnyRole', document: DOC }],
    ['a policy without document is attached, not described', policy('arn:aws:iam::222222222222:policy/Gone', null, 'identity'), { kind: 'managed', arn: 'arn:aws:iam::222222222222:policy/Gone' }],
    ['a group a loader could not read is left to GroupList', policy('arn:aws:iam::222222222222:user/u#group:ops', null, 'identity'), { kind: 'none' }],
  ])('%s', (_what, given, expected) => {
    expect(placePolicy(given, owner, 'identity', 'aws')).toEqual(expected);
  });

  it('writes a boundary as a managed policy and PermissionsBoundary', () => {
    const role: Role = {
      kind: 'role',
      arn: 'arn:aws:iam::222222222222:role/app',
      name: 'app',
      path: '/',
      accountId: '222222222222',
      policies: [policy('arn:aws:iam::222222222222:role/app#inline-0', DOC, 'identity')],
      boundary: policy('arn:aws:iam::222222222222:role/app#boundary', ALLOW_ALL, 'boundary'),
      tags: { team: 'data' },
      trustPolicy: policy('trust', ALLOW_ALL, 'trust'),
      isServiceLinked: false,
    };
    const details = accountAuthorizationDetails(account('222222222222', { roles: new Map([['app', role]]) }), scope) as {
      RoleDetailList: Array<Record<string, unknown>>;
      Policies: Array<Record<string, unknown>>;
    };
    const detail = details.RoleDetailList[0]!;
    expect(detail.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(detail.AssumeRolePolicyDocument).toEqual(ALLOW_ALL);
    expect(detail.RolePolicyList).toEqual([{ PolicyName: 'inline-0', PolicyDocument: DOC }]);
    expect(detail.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::222222222222:policy/app-boundary' });
    expect(detail.Tags).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(details.Policies).toMatchObject([
      { PolicyName: 'app-boundary', Arn: 'arn:aws:iam::222222222222:policy/app-boundary', AttachmentCount: 0, PermissionsBoundaryUsageCount: 1, PolicyVersionList: [{ Document: ALLOW_ALL, VersionId: 'v1', IsDefaultVersion: true }] },
    ]);
  });
});

describe('the organization (snapshot-layout.md, "The organization tree")', () => {
  const node = (id: string, kind: OrgNode['kind'], scps: Policy[], rcps: Policy[] = [], parentId?: string): OrgNode => ({ id, kind, ...(parentId ? { parentId } : {}), scps, rcps });
  const org: Organization = {
    id: 'o-abc',
    managementAccountId: '111111111111',
    rootId: 'r-1',
    scpsEnabled: true,
    rcpsEnabled: true,
    nodes: new Map([
      ['r-1', node('r-1', 'root', [policy('scp:FullAWSAccess@r-1', ALLOW_ALL, 'scp'), policy('scp:DenyX@r-1', DOC, 'scp')])],
      ['ou-1', node('ou-1', 'ou', [policy('FullAWSAccess', ALLOW_ALL, 'scp'), policy('scp:DenyX@ou-1', DOC, 'scp')], [policy('rcp:Perimeter@ou-1', DOC, 'rcp')], 'r-1')],
      ['111111111111', node('111111111111', 'account', [policy('FullAWSAccess', ALLOW_ALL, 'scp')], [], 'r-1')],
    ]),
  };
  const { policies } = organizationPolicies(org);
  const byName = new Map(policies.map((p) => [p.name, p]));

  it('keeps FullAWSAccess as the AWS managed p-FullAWSAccess, attached at every level that has it', () => {
    const full = byName.get('FullAWSAccess')!;
    expect(full).toMatchObject({ id: 'p-FullAWSAccess', awsManaged: true, type: 'SERVICE_CONTROL_POLICY' });
    expect(full.targets.map((t) => t.id)).toEqual(['r-1', 'ou-1', '111111111111']);
    expect(describePolicy(full, org, 'aws')).toEqual({
      Policy: {
        PolicySummary: { Id: 'p-FullAWSAccess', Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', Name: 'FullAWSAccess', Description: 'Allows access to every operation', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true },
        Content: JSON.stringify(ALLOW_ALL),
      },
    });
  });

  it('writes one customer policy per name and document, with its Content as a JSON string', () => {
    const deny = byName.get('DenyX')!;
    expect(deny.targets.map((t) => t.id)).toEqual(['r-1', 'ou-1']);
    expect(describePolicy(deny, org, 'aws')).toMatchObject({ Policy: { PolicySummary: { Id: deny.id, Arn: `arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/${deny.id}`, AwsManaged: false }, Content: JSON.stringify(DOC) } });
    expect(byName.get('Perimeter')).toMatchObject({ type: 'RESOURCE_CONTROL_POLICY', awsManaged: false });
  });

  // docs/aws-authorization.md#rcp-does-not-grant: RCPFullAWSAccess is attached to every root, OU and account and cannot be detached.
  it('attaches RCPFullAWSAccess everywhere RCPs are enabled', () => {
    expect(byName.get('RCPFullAWSAccess')).toMatchObject({ id: 'p-RCPFullAWSAccess', awsManaged: true });
    expect(byName.get('RCPFullAWSAccess')!.targets.map((t) => t.id)).toEqual(['r-1', 'ou-1', '111111111111']);
  });

  it('lists targets with their types, and the enabled policy types at the root', () => {
    expect(targetsForPolicy(byName.get('DenyX')!.targets, org, 'aws')).toEqual({
      Targets: [
        { TargetId: 'r-1', Arn: 'arn:aws:organizations::111111111111:root/o-abc/r-1', Name: 'Root', Type: 'ROOT' },
        { TargetId: 'ou-1', Arn: 'arn:aws:organizations::111111111111:ou/o-abc/ou-1', Name: 'ou-1', Type: 'ORGANIZATIONAL_UNIT' },
      ],
    });
    expect(listRoots({ ...org, rcpsEnabled: false }, 'aws')).toEqual({
      Roots: [{ Id: 'r-1', Arn: 'arn:aws:organizations::111111111111:root/o-abc/r-1', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    });
  });

  it('writes a level whose SCPs were not collected as the target of a policy with no describe-policy file', () => {
    const partial: Organization = { ...org, nodes: new Map([...org.nodes, ['ou-1', { ...org.nodes.get('ou-1')!, scps: { uncollected: true, what: 'the SCPs of ou-1' } }]]) };
    const files = snapshotFiles(estate({ organizationStatus: 'collected', organization: partial })).files.map((f) => f.path);
    const result = organizationPolicies(partial);
    expect(result.unreadable?.targets.map((t) => t.id)).toEqual(['ou-1']);
    expect(files).toContain(`organization/targets/${result.unreadable!.id}.json`);
    expect(files).not.toContain(`organization/policies/${result.unreadable!.id}.json`);
  });
});
