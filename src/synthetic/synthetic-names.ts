import type { PlannedAccount, SyntheticPlan } from './estate-plan.js';
import { CORE } from './estate-plan.js';
import { SeededRandom } from './seeded-random.js';

/**
 * The names and ARNs of a synthetic estate, each a pure function of the plan, so an account can
 * name what another account holds without building it.
 */
export function roleArn(account: PlannedAccount, name: string): string {
  return `arn:aws:iam::${account.id}:role/${name}`;
}

export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function appRoleName(account: PlannedAccount, ordinal: number): string {
  return `${account.team}-app-${ordinal}`;
}

/** Every app role of the estate (`<team>-app-N`), as the dense profile's wildcard `sts:AssumeRole` names them. */
export const ANY_APP_ROLE_ARN = 'arn:aws:iam::*:role/*-app-*';

export function chainRoleName(chain: number, hop: number): string {
  return `chain-${chain}-hop-${hop}`;
}

export const CI_ROLE = 'ci-deployer';
export const AUDITOR_ROLE = 'auditor';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export function ciRoleArn(plan: SyntheticPlan): string {
  return roleArn(plan.accounts[CORE.ci]!, CI_ROLE);
}

export function auditorRoleArn(plan: SyntheticPlan): string {
  return roleArn(plan.accounts[CORE.security]!, AUDITOR_ROLE);
}

export function githubProviderArn(plan: SyntheticPlan): string {
  return `arn:aws:iam::${plan.accounts[CORE.ci]!.id}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export function orgTrailArn(plan: SyntheticPlan): string {
  return `arn:aws:cloudtrail:us-east-1:${plan.accounts[CORE.management]!.id}:trail/org-trail`;
}

/** Bucket names are global: they carry the account id. */
export function bucketName(plan: SyntheticPlan, account: PlannedAccount, ordinal: number): string {
  if (account.kind === 'security' && ordinal === 0) return `audit-logs-${account.id}`;
  if (account.kind === 'shared-services' && ordinal < plan.artifactBuckets) return `org-artifacts-${ordinal}-${account.id}`;
  return `${account.name}-data-${ordinal}-${account.id}`;
}

export function bucketArn(plan: SyntheticPlan, account: PlannedAccount, ordinal: number): string {
  return `arn:aws:s3:::${bucketName(plan, account, ordinal)}`;
}

/** Key ids are UUIDs drawn from the seed. */
export function keyArn(plan: SyntheticPlan, account: PlannedAccount, ordinal: number): string {
  const hex = SeededRandom.derive(plan.options.seed, 'key', account.index, ordinal).text(32, '0123456789abcdef');
  return `arn:aws:kms:${account.region}:${account.id}:key/${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function queueArn(account: PlannedAccount, ordinal: number): string {
  return `arn:aws:sqs:${account.region}:${account.id}:${account.team}-jobs-${ordinal}`;
}

export function topicArn(account: PlannedAccount, ordinal: number): string {
  return `arn:aws:sns:${account.region}:${account.id}:${account.team}-events-${ordinal}`;
}

export function functionArn(account: PlannedAccount, ordinal: number): string {
  return `arn:aws:lambda:${account.region}:${account.id}:function:${account.team}-handler-${ordinal}`;
}

/** A secret's ARN ends in six random characters, as AWS appends them. */
export function secretArn(plan: SyntheticPlan, account: PlannedAccount, ordinal: number): string {
  const suffix = SeededRandom.derive(plan.options.seed, 'secret', account.index, ordinal).text(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
  return `arn:aws:secretsmanager:${account.region}:${account.id}:secret:${account.team}/db-credentials-${ordinal}-${suffix}`;
}

/**
 * IAM Identity Center's role for a permission set in an account: `AWSReservedSSO_<name>_<16 hex>`
 * under `/aws-reserved/sso.amazonaws.com/` (an instance in us-east-1; elsewhere the path ends in
 * the region). The hex is drawn from the seed, the account and the permission set.
 */
export const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';

export function ssoRoleName(plan: SyntheticPlan, account: PlannedAccount, permissionSet: string): string {
  return `AWSReservedSSO_${permissionSet}_${SeededRandom.derive(plan.options.seed, 'identity-center-role', account.index, permissionSet).text(16, '0123456789abcdef')}`;
}

export function ssoRoleArn(plan: SyntheticPlan, account: PlannedAccount, permissionSet: string): string {
  return `arn:aws:iam::${account.id}:role${SSO_ROLE_PATH}${ssoRoleName(plan, account, permissionSet)}`;
}

/** The SAML provider the instance creates in each account it provisions to, `AWSSSO_<16 hex>_DO_NOT_DELETE`. */
export function ssoSamlProviderArn(samlProviderHex: string, accountId: string): string {
  return `arn:aws:iam::${accountId}:saml-provider/AWSSSO_${samlProviderHex}_DO_NOT_DELETE`;
}
