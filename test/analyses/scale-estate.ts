import { DiagnosticBag } from '../../src/core/diagnostics.js';
import type { Account, Estate, OrgNode, Resource, Role } from '../../src/core/model/estate.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../src/core/policy/policy-types.js';

/**
 * A large estate for the graph's timing tests only (not the project's synthetic generator):
 * `accounts` accounts of 50 roles and 20 resources each, in one organization. Account 0 holds the
 * central CI role, account 1 the security auditor; every account has `deploy` (trusts CI), `audit`
 * (trusts the auditor), `admin` (trusts its own account) and 47 `app-N` roles (EC2; app-0…app-4
 * each also trust the previous one, app-0 trusting app-4: chains and a cycle; every app role may
 * assume the app roles of its account). Buckets are readable by the whole organization.
 */
export function scaleEstate(accounts: number): Estate {
  const bag = new DiagnosticBag();
  const policy = (kind: PolicyKind, name: string, doc: unknown): Policy => parsePolicy(doc, { kind, name }, bag);
  const id = (i: number): string => String(100000000000 + i);
  const shared = {
    full: policy('scp', 'FullAWSAccess', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    deployTrust: policy('trust', 'deploy-trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id(0)}:role/ci-runner` }, Action: 'sts:AssumeRole' }] }),
    auditTrust: policy('trust', 'audit-trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id(1)}:role/auditor` }, Action: 'sts:AssumeRole' }] }),
    ec2Trust: policy('trust', 'ec2-trust', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    deploy: policy('identity', 'deploy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'lambda:*'], Resource: '*' }] }),
    audit: policy('identity', 'audit', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetBucketPolicy', 'iam:Get*'], Resource: '*' }] }),
    admin: policy('identity', 'admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    assumeAny: policy('identity', 'assume-any', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
    ci: policy('identity', 'ci', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/deploy' }] }),
  };
  const nodes = new Map<string, OrgNode>([['r-0', { id: 'r-0', kind: 'root', scps: [shared.full], rcps: [] }]]);
  const accountMap = new Map<string, Account>();
  const resources = new Map<string, Resource>();
  for (let i = 0; i < accounts; i++) {
    const a = id(i);
    nodes.set(a, { id: a, kind: 'account', parentId: 'r-0', scps: [shared.full], rcps: [] });
    const roles = new Map<string, Role>();
    const role = (name: string, trust: Policy, policies: Policy[]): void => {
      roles.set(name, { kind: 'role', arn: `arn:aws:iam::${a}:role/${name}`, name, path: '/', accountId: a, policies, tags: {}, trustPolicy: trust, isServiceLinked: false });
    };
    const appPolicy = policy('identity', `app-${a}`, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${a}-*/*` },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${a}:role/app-*` },
      ],
    });
    role('deploy', shared.deployTrust, [shared.deploy]);
    role('audit', shared.auditTrust, [shared.audit]);
    role('admin', policy('trust', `admin-${a}`, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sts:AssumeRole' }] }), [shared.admin]);
    for (let j = 0; j < 47; j++) {
      const trust =
        j < 5
          ? policy('trust', `app-${a}-${j}`, {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
                { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:role/app-${(j + 4) % 5}` }, Action: 'sts:AssumeRole' },
              ],
            })
          : shared.ec2Trust;
      role(`app-${j}`, trust, [appPolicy]);
    }
    if (i === 0) role('ci-runner', shared.ec2Trust, [shared.ci]);
    if (i === 1) role('auditor', shared.ec2Trust, [shared.assumeAny]);
    accountMap.set(a, { id: a, name: `account-${i}`, iamCollected: true, users: new Map(), roles, groups: new Map(), identityProviders: [], trails: [] });
    const bucketPolicy = policy('resource', `bucket-${a}`, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${a}-*/*`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-scale' } } }],
    });
    for (let k = 0; k < 10; k++) {
      const arn = `arn:aws:s3:::bucket-${a}-${k}`;
      resources.set(arn, { arn, type: 'bucket', service: 's3', accountId: a, region: 'us-east-1', policy: bucketPolicy, tags: {}, s3: { objectOwnership: 'BucketOwnerEnforced' } });
    }
    const queuePolicy = policy('resource', `queue-${a}`, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sqs:*', Resource: '*' }] });
    for (let k = 0; k < 10; k++) {
      const arn = `arn:aws:sqs:us-east-1:${a}:queue-${k}`;
      resources.set(arn, { arn, type: 'queue', service: 'sqs', accountId: a, region: 'us-east-1', policy: queuePolicy, tags: {} });
    }
  }
  return {
    partition: 'aws',
    organizationStatus: 'collected',
    organization: { id: 'o-scale', managementAccountId: id(0), rootId: 'r-0', scpsEnabled: true, rcpsEnabled: true, nodes },
    accounts: accountMap,
    resources,
  };
}
