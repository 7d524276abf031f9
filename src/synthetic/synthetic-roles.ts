import type { Role, User } from '../core/model/estate.js';
import type { Policy } from '../core/policy/policy-types.js';
import { CORE, type PlannedAccount, type SyntheticPlan } from './estate-plan.js';
import { document, type PolicyBook, type PolicyDocument } from './policy-book.js';
import { bucketUsesKms, countOfKind } from './resource-slots.js';
import { SeededRandom } from './seeded-random.js';
import {
  accountRootArn,
  ANY_APP_ROLE_ARN,
  appRoleName,
  AUDITOR_ROLE,
  auditorRoleArn,
  bucketArn,
  chainRoleName,
  CI_ROLE,
  ciRoleArn,
  GITHUB_OIDC_HOST,
  githubProviderArn,
  keyArn,
  queueArn,
  roleArn,
  secretArn,
  topicArn,
} from './synthetic-names.js';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

/**
 * The IAM roles and users of one account. Every account has `admin` (its own account, with MFA)
 * and `audit` (the security account's auditor); members have `OrganizationAccountAccessRole` (the
 * management account, as AWS Organizations creates it); workloads and shared services have `deploy`
 * (the CI role). The security account holds the auditor, the CI account the CI role (GitHub OIDC).
 * Then the plan's vendor, break-glass, legacy-admin and chain roles, and app roles (EC2 or Lambda)
 * with access to the account's own resources and to buckets other accounts share with it.
 */
export function syntheticPrincipals(plan: SyntheticPlan, account: PlannedAccount, book: PolicyBook): { roles: Map<string, Role>; users: Map<string, User> } {
  const shared = sharedPolicies(plan, book);
  const roles = new Map<string, Role>();
  const add = (name: string, trust: Policy, policies: readonly Policy[]): void => {
    roles.set(name, { kind: 'role', arn: roleArn(account, name), name, path: '/', accountId: account.id, policies, tags: {}, trustPolicy: trust, isServiceLinked: false });
  };
  const trust = (name: string, ...statements: Record<string, unknown>[]): Policy => book.policy('trust', `${roleArn(account, name)}#trust`, document(...statements));
  const inline = (name: string, policyName: string, doc: PolicyDocument): Policy => book.policy('identity', `${roleArn(account, name)}#inline:${policyName}`, doc);

  add('admin', trust('admin', { Sid: 'OwnAccountWithMfa', Effect: 'Allow', Principal: { AWS: accountRootArn(account.id) }, Action: 'sts:AssumeRole', Condition: MFA }), [shared.administrator]);
  add('audit', shared.auditTrust, [shared.auditReadOnly]);
  if (account.kind !== 'management') add('OrganizationAccountAccessRole', shared.organizationAccessTrust, [shared.administrator]);
  if (account.kind === 'workload' || account.kind === 'shared-services') add('deploy', shared.deployTrust, [shared.deployAccess]);
  if (account.kind === 'security') add(AUDITOR_ROLE, shared.securityMfaTrust, [shared.assumeAuditRoles]);
  if (account.kind === 'ci') add(CI_ROLE, shared.ciTrust, [shared.ciDeployer]);
  if (plan.breakGlass.has(account.index)) add('ops-break-glass', shared.securityMfaTrust, [shared.administrator]);
  if (plan.legacyAdmin.has(account.index)) add('legacy-admin', shared.ciAccountTrust, [shared.administrator]);

  for (const v of plan.vendorRoles.get(account.index) ?? []) {
    const vendor = plan.vendors[v.vendor]!;
    const name = `vendor-${vendor.name}`;
    const statement = { Sid: 'VendorAccount', Effect: 'Allow', Principal: { AWS: accountRootArn(vendor.accountId) }, Action: 'sts:AssumeRole', ...(v.externalId !== undefined ? { Condition: { StringEquals: { 'sts:ExternalId': v.externalId } } } : {}) };
    add(name, trust(name, statement), [shared.vendorReadOnly]);
  }

  for (const chain of plan.chains) {
    chain.accounts.forEach((owner, hop) => {
      if (owner !== account.index) return;
      const name = chainRoleName(chain.index, hop);
      const previous = hop === 0 ? undefined : roleArn(plan.accounts[chain.accounts[hop - 1]!]!, chainRoleName(chain.index, hop - 1));
      const roleTrust = previous === undefined ? shared.lambdaTrust : trust(name, { Sid: 'PreviousHop', Effect: 'Allow', Principal: { AWS: previous }, Action: 'sts:AssumeRole' });
      const next = hop < chain.hops ? roleArn(plan.accounts[chain.accounts[hop + 1]!]!, chainRoleName(chain.index, hop + 1)) : undefined;
      const data = bucketArn(plan, account, 0);
      const access =
        next !== undefined
          ? document({ Sid: 'NextHop', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: next })
          : document({ Sid: 'ReadData', Effect: 'Allow', Action: 's3:GetObject', Resource: `${data}/*` }, { Sid: 'DecryptData', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn(plan, account, 0) });
      add(name, roleTrust, [inline(name, 'chain', access)]);
    });
  }

  const apps = plan.appRoles[account.index]!;
  for (let j = 0; j < apps; j++) {
    const name = appRoleName(account, j);
    const service = j % 2 === 0 ? 'ec2.amazonaws.com' : 'lambda.amazonaws.com';
    const trusted = plan.dense?.appTrusts.get(account.index)?.get(j);
    const appTrust =
      trusted === undefined
        ? j % 2 === 0
          ? shared.ec2Trust
          : shared.lambdaTrust
        : trust(name, { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }, { Sid: 'OtherAccountApp', Effect: 'Allow', Principal: { AWS: roleArn(plan.accounts[trusted.account]!, appRoleName(plan.accounts[trusted.account]!, trusted.app)) }, Action: 'sts:AssumeRole' });
    add(name, appTrust, [inline(name, 'app-access', appAccess(plan, account, j))]);
  }
  return { roles, users: syntheticUsers(plan, account, book, shared) };
}

/** An app role uses one bucket, queue, topic and secret of its account, and reads the buckets shared with it; in the dense profile, any object and any app role too. */
function appAccess(plan: SyntheticPlan, account: PlannedAccount, j: number): PolicyDocument {
  const k = plan.options.resourcesPerAccount;
  const bucket = j % countOfKind('bucket', k);
  const data = bucketArn(plan, account, bucket);
  const keys = [keyArn(plan, account, 0), keyArn(plan, account, 1)];
  const statements: Record<string, unknown>[] = [
    { Sid: 'OwnData', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${data}/*` },
    { Sid: 'ListOwnData', Effect: 'Allow', Action: 's3:ListBucket', Resource: data },
    { Sid: 'Jobs', Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: queueArn(account, j % countOfKind('queue', k)) },
    { Sid: 'Events', Effect: 'Allow', Action: 'sns:Publish', Resource: topicArn(account, j % countOfKind('topic', k)) },
    { Sid: 'Credentials', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn(plan, account, j % countOfKind('secret', k)) },
    { Sid: 'Keys', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keys },
  ];
  (plan.sharesTo.get(account.index) ?? []).forEach((share, n) => {
    if (share.consumerApp !== j) return;
    const producer = plan.accounts[share.producer]!;
    statements.push({ Sid: `ReadShared${n}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn(plan, producer, share.bucket)}/*` });
    if (bucketUsesKms(share.bucket)) statements.push({ Sid: `DecryptShared${n}`, Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn(plan, producer, 0) });
  });
  if (plan.dense !== undefined) {
    // The dense profile's wildcards: any object of any bucket, any app role of any account.
    statements.push({ Sid: 'ReadAnyObject', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }, { Sid: 'AssumeAnyAppRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ANY_APP_ROLE_ARN });
  }
  return document(...statements);
}

function syntheticUsers(plan: SyntheticPlan, account: PlannedAccount, book: PolicyBook, shared: SharedPolicies): Map<string, User> {
  const users = new Map<string, User>();
  for (const planned of plan.users.get(account.index) ?? []) {
    const arn = `arn:aws:iam::${account.id}:user/${planned.name}`;
    const policies =
      planned.purpose === 'org-admin'
        ? [shared.administrator]
        : planned.purpose === 'security-engineer'
          ? [shared.securityEngineer]
          : planned.purpose === 'legacy-ci'
            ? [shared.legacyCi]
            : [book.policy('identity', `${arn}#inline:upload`, document({ Sid: 'Upload', Effect: 'Allow', Action: 's3:PutObject', Resource: `${bucketArn(plan, account, 0)}/*` }, { Sid: 'Encrypt', Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: keyArn(plan, account, 0) }))];
    const key = `AKIA${SeededRandom.derive(plan.options.seed, 'access-key', account.index, planned.name).text(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    users.set(planned.name, { kind: 'user', arn, name: planned.name, path: '/', accountId: account.id, policies, tags: {}, groups: [], accessKeys: [{ id: key, status: 'Active' }] });
  }
  return users;
}

type SharedPolicies = ReturnType<typeof sharedPolicies>;

/** The policies whose document is the same in every account that uses them. */
function sharedPolicies(plan: SyntheticPlan, book: PolicyBook) {
  const security = plan.accounts[CORE.security]!;
  const ci = plan.accounts[CORE.ci]!;
  const sharedServices = plan.accounts[CORE.sharedServices]!;
  const artifacts = 'arn:aws:s3:::org-artifacts-*/*';
  const identity = (name: string, make: () => PolicyDocument) => book.sharedPolicy('identity', name, make);
  const trust = (name: string, make: () => PolicyDocument) => book.sharedPolicy('trust', `trust:${name}`, make);
  const service = (host: string) => trust(host, () => document({ Effect: 'Allow', Principal: { Service: host }, Action: 'sts:AssumeRole' }));
  return {
    administrator: identity(ADMINISTRATOR_ACCESS, () => document({ Effect: 'Allow', Action: '*', Resource: '*' })),
    deployAccess: identity('DeployAccess', () =>
      document({
        Sid: 'Deploy',
        Effect: 'Allow',
        Action: ['cloudformation:*', 'lambda:*', 's3:*', 'sqs:*', 'sns:*', 'ec2:*', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        Resource: '*',
      }),
    ),
    auditReadOnly: identity('AuditReadOnly', () =>
      document({
        Sid: 'ReadConfiguration',
        Effect: 'Allow',
        Action: ['iam:Get*', 'iam:List*', 's3:GetBucketPolicy', 's3:GetBucketAcl', 's3:ListAllMyBuckets', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListGrants', 'sqs:GetQueueAttributes', 'sns:GetTopicAttributes', 'lambda:GetPolicy', 'secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'cloudtrail:DescribeTrails'],
        Resource: '*',
      }),
    ),
    assumeAuditRoles: identity('AssumeAuditRoles', () => document({ Sid: 'AuditEverywhere', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/audit' })),
    ciDeployer: identity('CiDeployer', () =>
      document(
        { Sid: 'AssumeDeployRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/deploy' },
        { Sid: 'PublishArtifacts', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: artifacts },
        { Sid: 'EncryptArtifacts', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn(plan, sharedServices, 0) },
      ),
    ),
    vendorReadOnly: identity('VendorReadOnly', () => document({ Sid: 'Metrics', Effect: 'Allow', Action: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'cloudwatch:DescribeAlarms'], Resource: '*' })),
    securityEngineer: identity('SecurityEngineer', () =>
      document({ Sid: 'AssumeSecurityRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [auditorRoleArn(plan), 'arn:aws:iam::*:role/ops-break-glass'] }),
    ),
    legacyCi: identity('LegacyCiBot', () =>
      document(
        { Sid: 'AssumeDeployRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/deploy' },
        { Sid: 'PublishArtifacts', Effect: 'Allow', Action: 's3:PutObject', Resource: artifacts },
      ),
    ),
    deployTrust: trust('deploy', () => document({ Sid: 'CentralCi', Effect: 'Allow', Principal: { AWS: ciRoleArn(plan) }, Action: 'sts:AssumeRole' })),
    auditTrust: trust('audit', () => document({ Sid: 'SecurityAuditor', Effect: 'Allow', Principal: { AWS: auditorRoleArn(plan) }, Action: 'sts:AssumeRole' })),
    organizationAccessTrust: trust('organization-access', () => document({ Effect: 'Allow', Principal: { AWS: accountRootArn(plan.accounts[CORE.management]!.id) }, Action: 'sts:AssumeRole' })),
    securityMfaTrust: trust('security-with-mfa', () => document({ Sid: 'SecurityAccountWithMfa', Effect: 'Allow', Principal: { AWS: accountRootArn(security.id) }, Action: 'sts:AssumeRole', Condition: MFA })),
    ciAccountTrust: trust('ci-account', () => document({ Sid: 'WholeCiAccount', Effect: 'Allow', Principal: { AWS: accountRootArn(ci.id) }, Action: 'sts:AssumeRole' })),
    ciTrust: trust('github-actions', () =>
      document({
        Sid: 'GitHubActionsMain',
        Effect: 'Allow',
        Principal: { Federated: githubProviderArn(plan) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: 'repo:example-org/*:ref:refs/heads/main' } },
      }),
    ),
    ec2Trust: service('ec2.amazonaws.com'),
    lambdaTrust: service('lambda.amazonaws.com'),
  };
}
