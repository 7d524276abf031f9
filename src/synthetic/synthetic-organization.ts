import type { Organization, OrgNode } from '../core/model/estate.js';
import type { Policy } from '../core/policy/policy-types.js';
import type { OuKey, SyntheticPlan } from './estate-plan.js';
import { document, type PolicyBook } from './policy-book.js';

/**
 * The organization: Root → Security, Infrastructure, Workloads (→ Prod, NonProd), Sandbox, with
 * the guardrails real organizations attach.
 *
 * SCPs: `FullAWSAccess` at the root, on every OU but Sandbox, and on every account, as AWS attaches
 * it by default; deny-list guardrails on top. Sandbox replaces `FullAWSAccess` with an allow-list,
 * and its chain is correct: every level from the root to its accounts allows what the allow-list
 * allows, since an action must be allowed at each level (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
 * RCPs: a data perimeter on Prod and an audit-log guard on Security; `RCPFullAWSAccess` is implied.
 */
export function syntheticOrganization(plan: SyntheticPlan, book: PolicyBook): Organization {
  const scps = guardrails(plan, book);
  const ouScps: Readonly<Record<OuKey, readonly Policy[]>> = {
    security: [scps.full],
    infrastructure: [scps.full],
    workloads: [scps.full, scps.denyUnapprovedRegions],
    prod: [scps.full, scps.denyIamUsers],
    nonprod: [scps.full],
    sandbox: [scps.sandboxAllowList],
  };
  const ouRcps: Partial<Record<OuKey, readonly Policy[]>> = { prod: [scps.dataPerimeter], security: [scps.protectAuditLogs] };
  const nodes = new Map<string, OrgNode>();
  nodes.set(plan.rootId, { id: plan.rootId, kind: 'root', name: 'Root', scps: [scps.full, scps.denyLeaveOrganization, scps.protectSecurityBaseline], rcps: [] });
  for (const ou of plan.ous) nodes.set(ou.id, { id: ou.id, kind: 'ou', name: ou.name, parentId: ou.parentId, scps: ouScps[ou.key], rcps: ouRcps[ou.key] ?? [] });
  for (const account of plan.accounts) nodes.set(account.id, { id: account.id, kind: 'account', name: account.name, parentId: account.parentId, scps: [scps.full], rcps: [] });
  return { id: plan.organizationId, managementAccountId: plan.accounts[0]!.id, rootId: plan.rootId, scpsEnabled: true, rcpsEnabled: true, nodes };
}

function guardrails(plan: SyntheticPlan, book: PolicyBook) {
  const scp = (name: string, make: () => ReturnType<typeof document>) => book.sharedPolicy('scp', name, make);
  const rcp = (name: string, make: () => ReturnType<typeof document>) => book.sharedPolicy('rcp', name, make);
  return {
    full: scp('FullAWSAccess', () => document({ Effect: 'Allow', Action: '*', Resource: '*' })),
    denyLeaveOrganization: scp('DenyLeaveOrganization', () => document({ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' })),
    protectSecurityBaseline: scp('ProtectSecurityBaseline', () =>
      document({
        Sid: 'ProtectCloudTrailAndConfig',
        Effect: 'Deny',
        Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'config:DeleteConfigurationRecorder', 'config:StopConfigurationRecorder', 'guardduty:DeleteDetector'],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrganizationAccountAccessRole' } },
      }),
    ),
    denyUnapprovedRegions: scp('DenyUnapprovedRegions', () =>
      document({
        Sid: 'DenyOutsideApprovedRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*', 'route53:*', 'kms:*', 's3:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      }),
    ),
    denyIamUsers: scp('DenyIamUserCredentials', () =>
      document({ Sid: 'NoLongLivedCredentials', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile'], Resource: '*' }),
    ),
    sandboxAllowList: scp('SandboxAllowList', () =>
      document({
        Sid: 'AllowSandboxServices',
        Effect: 'Allow',
        Action: ['s3:*', 'sqs:*', 'sns:*', 'lambda:*', 'kms:*', 'secretsmanager:*', 'sts:*', 'iam:*', 'ec2:*', 'cloudwatch:*', 'logs:*', 'cloudformation:*'],
        Resource: '*',
      }),
    ),
    dataPerimeter: rcp('DataPerimeterRcp', () =>
      document({
        Sid: 'EnforceOrgIdentities',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*'],
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': plan.organizationId }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
    ),
    protectAuditLogs: rcp('ProtectAuditLogs', () =>
      document({
        Sid: 'NoLogTampering',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration'],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/OrganizationAccountAccessRole' } },
      }),
    ),
  };
}
