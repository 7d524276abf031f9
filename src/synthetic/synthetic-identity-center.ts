import type { IdentityProvider, Role } from '../core/model/estate.js';
import type { IdentityCenterInstance, IdentityCenterGroup, IdentityCenterUser, PermissionSet } from '../core/model/identity-center.js';
import { CORE, type PlannedAccount, type SyntheticPlan } from './estate-plan.js';
import { PERMISSION_SETS, type IdentityCenterPlan, type PermissionSetName } from './identity-center-plan.js';
import { document, type PolicyBook, type PolicyDocument } from './policy-book.js';
import { ANY_APP_ROLE_ARN, bucketArn, keyArn, SSO_ROLE_PATH, ssoRoleArn, ssoRoleName, ssoSamlProviderArn } from './synthetic-names.js';

/** The instance's home region: its provisioned roles sit directly under `SSO_ROLE_PATH`. */
const HOME_REGION = 'us-east-1';
/** The inline policy of a permission set, as Identity Center names it on the roles it provisions. */
const INLINE_POLICY_NAME = 'AwsSSOInlinePolicy';
const SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';
const VIA_S3 = { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } };

/**
 * The IAM Identity Center instance of the plan (`identity-center-plan.ts`), owned by the
 * management account, by identity store id; undefined without the `identityCenter` option.
 */
export function syntheticIdentityCenter(plan: SyntheticPlan, book: PolicyBook): ReadonlyMap<string, IdentityCenterInstance> | undefined {
  const ic = plan.identityCenter;
  if (ic === undefined) return undefined;
  const provisionedTo = PERMISSION_SETS.map((): string[] => []);
  for (const [account, sets] of ic.provisioned) for (const ordinal of sets) provisionedTo[ordinal]!.push(plan.accounts[account]!.id);
  const users = new Map<string, IdentityCenterUser>(ic.users.map((u) => [u.id, { id: u.id, userName: u.userName, displayName: u.displayName, emails: [u.userName] }]));
  const groups = new Map<string, IdentityCenterGroup>(ic.groups.map((g) => [g.id, { id: g.id, displayName: g.displayName, description: g.description, memberIds: g.members.map((m) => ic.users[m]!.id) }]));
  const permissionSets = new Map<string, PermissionSet>(
    PERMISSION_SETS.map((spec, ordinal) => {
      const arn = permissionSetArn(ic, ordinal);
      const permissionSet: PermissionSet = {
        arn,
        name: spec.name,
        description: spec.description,
        sessionDuration: spec.sessionDuration,
        inlinePolicy: spec.inline ? book.policy('identity', `${arn}#inline`, inlineDocument(plan, spec.name)) : null,
        managedPolicies: spec.managedPolicies.map((policyArn) => ({ arn: policyArn, name: policyArn.slice(policyArn.lastIndexOf('/') + 1) })),
        customerManagedPolicies: [],
        boundary: null,
        provisionedAccounts: provisionedTo[ordinal]!,
      };
      return [arn, permissionSet];
    }),
  );
  const instance: IdentityCenterInstance = {
    instanceArn: `arn:aws:sso:::instance/${ic.instanceId}`,
    identityStoreId: ic.identityStoreId,
    ownerAccountId: plan.accounts[CORE.management]!.id,
    region: HOME_REGION,
    users,
    groups,
    permissionSets,
    assignments: ic.assignments.map((a) => ({
      accountId: plan.accounts[a.account]!.id,
      permissionSetArn: permissionSetArn(ic, a.permissionSet),
      principalType: a.principalType,
      principalId: a.principalType === 'USER' ? ic.users[a.principal]!.id : ic.groups[a.principal]!.id,
    })),
    assignmentsUncollected: [],
  };
  return new Map([[ic.identityStoreId, instance]]);
}

/**
 * What Identity Center creates in an account it provisions permission sets to: one role per
 * permission set and the SAML provider those roles trust; nothing where none is provisioned.
 *
 * Its service-linked role creates and updates exactly these: roles under
 * `role/aws-reserved/sso.amazonaws.com/` and the account's SAML provider
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSSOServiceRolePolicy.html);
 * the roles are named `AWSReservedSSO_…` (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html,
 * which notes that they cannot be assumed with a SAML assertion of one's own). The trust policy —
 * `sts:AssumeRoleWithSAML` and `sts:TagSession` from `saml-provider/AWSSSO_<hex>_DO_NOT_DELETE`
 * with `SAML:aud` the sign-in endpoint — and the inline policy's name `AwsSSOInlinePolicy` are as
 * Identity Center writes them in accounts; no AWS page found spells them out.
 */
export function identityCenterPrincipals(plan: SyntheticPlan, account: PlannedAccount, book: PolicyBook): { roles: Role[]; providers: IdentityProvider[] } {
  const ic = plan.identityCenter;
  const sets = ic?.provisioned.get(account.index);
  if (ic === undefined || sets === undefined) return { roles: [], providers: [] };
  const provider = ssoSamlProviderArn(ic.samlProviderHex, account.id);
  const trust = book.policy(
    'trust',
    `${provider}#trust`,
    document({ Effect: 'Allow', Principal: { Federated: provider }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': SAML_AUDIENCE } } }),
  );
  const roles = sets.map((ordinal): Role => {
    const spec = PERMISSION_SETS[ordinal]!;
    const arn = ssoRoleArn(plan, account, spec.name);
    const managed = spec.managedPolicies.map((policyArn) => book.sharedPolicy('identity', policyArn, () => managedDocument(policyArn)));
    const inline = spec.inline ? [book.policy('identity', `${arn}#inline:${INLINE_POLICY_NAME}`, inlineDocument(plan, spec.name))] : [];
    return { kind: 'role', arn, name: ssoRoleName(plan, account, spec.name), path: SSO_ROLE_PATH, accountId: account.id, policies: [...managed, ...inline], tags: {}, trustPolicy: trust, isServiceLinked: false };
  });
  return { roles, providers: [{ arn: provider, kind: 'saml' }] };
}

function permissionSetArn(ic: IdentityCenterPlan, ordinal: number): string {
  return `arn:aws:sso:::permissionSet/${ic.instanceId}/${ic.permissionSetIds[ordinal]!}`;
}

/** The inline policies of the permission sets that have one. */
function inlineDocument(plan: SyntheticPlan, name: PermissionSetName): PolicyDocument {
  switch (name) {
    case 'DataEngineer':
      return document(
        { Sid: 'DataObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::*-data-*/*' },
        { Sid: 'ListDataBuckets', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::*-data-*' },
        { Sid: 'DataKeysThroughS3', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: VIA_S3 },
        { Sid: 'Analytics', Effect: 'Allow', Action: ['glue:*', 'athena:*'], Resource: '*' },
      );
    case 'DeveloperAccess':
      return document(
        { Sid: 'Deploy', Effect: 'Allow', Action: ['lambda:*', 'sqs:*', 'sns:*', 'logs:*', 'cloudformation:*'], Resource: '*' },
        { Sid: 'PassAppRoles', Effect: 'Allow', Action: 'iam:PassRole', Resource: ANY_APP_ROLE_ARN, Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'ec2.amazonaws.com'] } } },
      );
    case 'DataLakeReader': {
      // Buckets 0 (SSE-KMS under the data key) and 1 (SSE-S3) of each data-lake account.
      const lake = plan.identityCenter!.dataLakeAccounts.map((index) => plan.accounts[index]!);
      const buckets = lake.flatMap((a) => [bucketArn(plan, a, 0), bucketArn(plan, a, 1)]);
      return document(
        { Sid: 'ReadLake', Effect: 'Allow', Action: 's3:GetObject', Resource: buckets.map((b) => `${b}/*`) },
        { Sid: 'ListLake', Effect: 'Allow', Action: 's3:ListBucket', Resource: buckets },
        { Sid: 'DecryptLake', Effect: 'Allow', Action: 'kms:Decrypt', Resource: lake.map((a) => keyArn(plan, a, 0)), Condition: VIA_S3 },
      );
    }
    default:
      throw new Error(`permission set ${name} has no inline policy`);
  }
}

/**
 * The AWS managed policies the permission sets attach, abbreviated to the services the synthetic
 * estate holds (the real documents run to thousands of actions); `AdministratorAccess` and
 * `PowerUserAccess` are whole.
 */
function managedDocument(arn: string): PolicyDocument {
  const allow = (Action: readonly string[]) => document({ Effect: 'Allow', Action, Resource: '*' });
  switch (arn.slice('arn:aws:iam::aws:policy/'.length)) {
    case 'AdministratorAccess':
      return document({ Effect: 'Allow', Action: '*', Resource: '*' });
    case 'ReadOnlyAccess':
      return allow(['s3:Get*', 's3:List*', 'sqs:Get*', 'sqs:List*', 'sns:Get*', 'sns:List*', 'lambda:Get*', 'lambda:List*', 'kms:Describe*', 'kms:Get*', 'kms:List*', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets', 'iam:Get*', 'iam:List*', 'ec2:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*', 'logs:Get*', 'logs:Describe*', 'cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:LookupEvents', 'organizations:Describe*', 'organizations:List*']);
    case 'PowerUserAccess':
      return document(
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'], Resource: '*' },
      );
    case 'SecurityAudit':
      return allow(['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport', 's3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetEncryptionConfiguration', 's3:ListAllMyBuckets', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListKeys', 'kms:ListGrants', 'sqs:GetQueueAttributes', 'sqs:ListQueues', 'sns:GetTopicAttributes', 'sns:ListTopics', 'lambda:GetPolicy', 'lambda:ListFunctions', 'secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'config:Describe*', 'guardduty:Get*', 'guardduty:List*', 'organizations:Describe*', 'organizations:List*']);
    case 'job-function/Billing':
      return allow(['aws-portal:*Billing', 'aws-portal:*Usage', 'aws-portal:*PaymentMethods', 'billing:*', 'budgets:ModifyBudget', 'budgets:ViewBudget', 'ce:*', 'cur:*', 'payments:*', 'tax:*', 'account:GetAccountInformation']);
    case 'job-function/NetworkAdministrator':
      return allow(['ec2:*Vpc*', 'ec2:*Subnet*', 'ec2:*Route*', 'ec2:*Gateway*', 'ec2:*NetworkAcl*', 'ec2:*SecurityGroup*', 'ec2:Describe*', 'route53:*', 'route53resolver:*', 'directconnect:*', 'elasticloadbalancing:*', 'cloudfront:*']);
    case 'job-function/SupportUser':
      return allow(['support:*', 'trustedadvisor:Describe*', 'ec2:Describe*', 's3:ListAllMyBuckets', 's3:ListBucket', 'cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*', 'logs:Describe*', 'logs:Get*', 'iam:Get*', 'iam:List*', 'lambda:List*', 'sqs:ListQueues', 'sns:ListTopics']);
    default:
      throw new Error(`no document for the AWS managed policy ${arn}`);
  }
}
