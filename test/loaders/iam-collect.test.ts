import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { DecisionKind } from '../../src/core/decision/result.js';
import { isUncollected, type Account, type Resource } from '../../src/core/model/estate.js';
import { loadIamCollect } from '../../src/loaders/iam-collect/load-iam-collect.js';
import { errors, expectDiagnostic, fixtureCopy, fixtures, policies, uncollected } from './loader-helpers.js';

const ROOT = path.join(fixtures, 'iam-collect');
const PROD = '333333333333';
const TOOLS = '444444444444';
const KEY = `arn:aws:kms:us-east-1:${PROD}:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
const ACCOUNTS = `aws/aws/accounts`;

const loaded = loadIamCollect(ROOT);
const estate = loaded.estate;

function account(id: string): Account {
  const found = estate.accounts.get(id);
  if (!found) throw new Error(`no account ${id}`);
  return found;
}

function resource(arn: string): Resource {
  const found = estate.resources.get(arn);
  if (!found) throw new Error(`no resource ${arn}`);
  return found;
}

describe('iam-collect store: the hand-made fixture (iam-collect docs/Storage.md layout)', () => {
  it('loads with the diagnostics its data calls for', () => {
    expect(errors(loaded.diagnostics)).toEqual([]);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['iam-collect/services-skipped', 'iam-collect/missing-managed-policy']);
    expectDiagnostic(loaded.diagnostics, ROOT, { code: 'iam-collect/missing-managed-policy', file: `${ACCOUNTS}/${TOOLS}/iam/role/auditor/managed-policies.json`, pointer: '/0', line: 2 });
    expect(estate.partition).toBe('aws');
  });

  it('rebuilds the organization from organizations/<org-id>/', () => {
    const org = estate.organization!;
    expect(estate.organizationStatus).toBe('collected');
    expect(org).toMatchObject({ id: 'o-iamcoll1234', managementAccountId: '555555555555', rootId: 'r-iam1', scpsEnabled: true, rcpsEnabled: true });
    const tree = [...org.nodes.values()].map((n) => [n.id, n.kind, n.parentId]).sort();
    expect(tree).toEqual([
      [PROD, 'account', 'ou-iam1-prod0001'],
      [TOOLS, 'account', 'r-iam1'],
      ['555555555555', 'account', 'r-iam1'],
      ['ou-iam1-prod0001', 'ou', 'r-iam1'],
      ['r-iam1', 'root', undefined],
    ].sort());
    // docs/aws-authorization.md#scp-does-not-grant, #rcp-does-not-grant: policies named by id or ARN, RCPFullAWSAccess implied and left out.
    expect(policies(org.nodes.get('ou-iam1-prod0001')!.scps).map((p) => p.name)).toEqual(['scp:FullAWSAccess@ou-iam1-prod0001', 'scp:NoIamUsers@ou-iam1-prod0001']);
    expect(policies(org.nodes.get('ou-iam1-prod0001')!.rcps).map((p) => p.name)).toEqual(['rcp:SqsOrgOnly@ou-iam1-prod0001']);
    expect(account(PROD).name).toBe('prod');
  });

  it('reads roles, users and groups by the ARN of their metadata.json', () => {
    const prod = account(PROD);
    expect([...prod.roles.keys()].sort()).toEqual(['AWSServiceRoleForAmazonSSM', 'deployer']);
    const deployer = prod.roles.get('deployer')!;
    expect(deployer.policies.map((p) => p.name)).toEqual([`arn:aws:iam::${PROD}:role/deployer#inline:deploy`, 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    expect(deployer.tags).toEqual({ team: 'platform' });
    expect(deployer.trustPolicy?.statements).toHaveLength(1);
    // A path holding `/` is URL-encoded in the folder name and comes back from the ARN.
    const slr = prod.roles.get('AWSServiceRoleForAmazonSSM')!;
    expect([slr.path, slr.isServiceLinked]).toEqual(['/aws-service-role/ssm.amazonaws.com/', true]);
    const carol = prod.users.get('carol')!;
    expect(carol.groups).toEqual(['ops']);
    expect(carol.policies.map((p) => p.name)).toEqual([`arn:aws:iam::${PROD}:user/carol#inline:admin-ish`]);
    expect(carol.boundary && !isUncollected(carol.boundary) ? carol.boundary.name : undefined).toBe(`arn:aws:iam::${PROD}:policy/Boundary`);
    expect(prod.groups.get('ops')!.policies.map((p) => p.name)).toEqual([`arn:aws:iam::${PROD}:policy/OpsReadOnly`]);
    // An inline document given as a JSON string.
    expect(account(TOOLS).users.get('dave')!.policies[0]!.statements).toHaveLength(1);
  });

  it('reads resource policies, tags, bucket BPA and encryption; what iam-collect does not collect is unknown', () => {
    const bucket = resource('arn:aws:s3:::shared-artifacts');
    expect(bucket).toMatchObject({ accountId: PROD, region: 'us-east-1', tags: { purpose: 'artifacts' } });
    expect(bucket.s3).toMatchObject({ blockPublicAccess: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }, defaultKmsKeyArn: KEY });
    expect(uncollected(bucket.s3?.acl).what).toContain('iam-collect does not collect');
    expect(uncollected(resource(KEY).kms?.grants).what).toContain('iam-collect does not collect');
    expect(resource(`arn:aws:sqs:us-east-1:${PROD}:jobs`)).toMatchObject({ type: 'queue', kmsKeyArn: KEY });
    expect(resource(`arn:aws:lambda:us-east-1:${PROD}:function:resize`).type).toBe('function');
    // No policy.json, or one holding null: no policy.
    expect(resource(`arn:aws:sns:us-east-1:${PROD}:alerts`).policy).toBeNull();
    expect(resource(`arn:aws:secretsmanager:us-east-1:${PROD}:secret:api-key-AbCdEf`).policy).toBeNull();
    expect(estate.resources.has(`arn:aws:ecr:us-east-1:${PROD}:repository/app`)).toBe(false);
    expect(account(PROD).collectedServices).toEqual(['kms', 'lambda', 's3', 'secretsmanager', 'sns', 'sqs']);
  });
});

const REQUESTS: ReadonlyArray<{ rule: string; principal: string; action: string; resource: string; decision: DecisionKind }> = [
  { rule: 'docs/aws-authorization.md#cross-account-both-sides: the bucket policy allows the tools account, dave\'s policy allows him, and the key policy allows kms:Decrypt', principal: `arn:aws:iam::${TOOLS}:user/dave`, action: 's3:GetObject', resource: 'arn:aws:s3:::shared-artifacts/build.zip', decision: 'Allow' },
  { rule: 'docs/aws-authorization.md#scp-does-not-grant: the prod OU\'s SCP denies iam:CreateUser', principal: `arn:aws:iam::${PROD}:user/carol`, action: 'iam:CreateUser', resource: `arn:aws:iam::${PROD}:user/new`, decision: 'ExplicitDeny' },
  { rule: 'results.md Unknown: auditor\'s SecurityAudit policy has no folder', principal: `arn:aws:iam::${TOOLS}:role/auditor`, action: 's3:GetObject', resource: 'arn:aws:s3:::shared-artifacts/build.zip', decision: 'Unknown' },
  { rule: 'results.md Conditional: the deployer trust needs sts:ExternalId', principal: `arn:aws:iam::${TOOLS}:user/dave`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${PROD}:role/deployer`, decision: 'Conditional' },
];

describe('iam-collect store: answers on the loaded estate', () => {
  it.each(REQUESTS)('$rule', (c) => {
    expect(evaluateRequest(estate, { principal: c.principal, action: c.action, resource: c.resource }).decision).toBe(c.decision);
  });
});

describe('iam-collect store: bad input', () => {
  it.each([
    ['a truncated metadata.json', `${ACCOUNTS}/${PROD}/iam/user/carol/metadata.json`, '{\n  "arn": "arn:aws:iam::333333333333:user/carol",', 'iam-collect/invalid-json', '', 2],
    ['an array where an object belongs', `${ACCOUNTS}/${PROD}/iam/user/carol/metadata.json`, '[\n  "arn:aws:iam::333333333333:user/carol"\n]\n', 'iam-collect/invalid-shape', '', 1],
    ['a number where a string belongs', `${ACCOUNTS}/${PROD}/iam/user/carol/metadata.json`, '{\n  "arn": 333333333333\n}\n', 'iam-collect/invalid-shape', '/arn', 2],
    ['a policy in a fourth encoding (base64)', `${ACCOUNTS}/${PROD}/sqs/us-east-1/jobs/policy.json`, `"${Buffer.from('{"Statement":[]}').toString('base64')}"\n`, 'policy/undecodable-document', '', 1],
  ])('%s → %s', (_, file, text, code, pointer, line) => {
    const dir = fixtureCopy('iam-collect', { [file]: text });
    const result = loadIamCollect(dir);
    expectDiagnostic(result.diagnostics, dir, { code, file, pointer, line });
    expect(result.estate.accounts.get(TOOLS)?.users.has('dave')).toBe(true);
  });

  it('a file that is there but broken is unknown, not none (snapshot-layout.md, "Absent is not unknown")', () => {
    const dir = fixtureCopy('iam-collect', {
      [`${ACCOUNTS}/${PROD}/sqs/us-east-1/jobs/policy.json`]: '{"Version": ',
      [`${ACCOUNTS}/${PROD}/iam/user/carol/inline-policies.json`]: '{"admin-ish": ',
    });
    const result = loadIamCollect(dir);
    expect(uncollected(result.estate.resources.get(`arn:aws:sqs:us-east-1:${PROD}:jobs`)?.policy).what).toContain('could not be read');
    // Her unreadable inline policies could grant it (PurgeQueue needs no KMS key, which her boundary leaves out).
    const decision = evaluateRequest(result.estate, { principal: `arn:aws:iam::${PROD}:user/carol`, action: 'sqs:PurgeQueue', resource: `arn:aws:sqs:us-east-1:${PROD}:jobs` });
    expect(decision.decision).toBe('Unknown');
    expect(decision.missing.join('\n')).toContain('inline-policies.json could not be read');
  });

  it('an SCP named but not collected makes that level unknown, assumed not to restrict', () => {
    const dir = fixtureCopy('iam-collect', { 'aws/aws/organizations/o-iamcoll1234/scps/p-noiamusers': null });
    const result = loadIamCollect(dir);
    expect(uncollected(result.estate.organization!.nodes.get('ou-iam1-prod0001')!.scps).what).toContain('p-noiamusers');
    expect(evaluateRequest(result.estate, { principal: `arn:aws:iam::${PROD}:user/carol`, action: 'iam:CreateUser', resource: `arn:aws:iam::${PROD}:user/new` }).decision).toBe('Allow');
  });

  it('a store without an organization has it not collected', () => {
    const dir = fixtureCopy('iam-collect', { 'aws/aws/organizations': null });
    const result = loadIamCollect(dir);
    expect(result.estate.organizationStatus).toBe('not-collected');
    expect(result.diagnostics.map((d) => d.code)).toContain('iam-collect/organization-not-collected');
  });
});
