import type { SourceLocation } from '../diagnostics.js';
import type { Policy } from '../policy/policy-types.js';
import type { Uncollected } from './estate.js';

/**
 * IAM Identity Center as trustmap knows it: people and groups of an identity store, permission
 * sets, and the assignments that give a user or a group a permission set in an account. Identity
 * Center provisions, in each account a permission set is assigned to, a role named
 * `AWSReservedSSO_<PermissionSetName>_<hash>` under the path `/aws-reserved/sso.amazonaws.com/`
 * (`/aws-reserved/sso.amazonaws.com/<region>/` for an instance outside us-east-1); the link from
 * an assignment to that role is made by `link-identity-center.ts`, not stored here.
 *
 * Several instances are kept apart by identity store id. As everywhere in the estate, absent is
 * not unknown: a list that was not collected is `Uncollected`, an empty list was collected empty.
 */
export interface IdentityCenterInstance {
  /** `arn:aws:sso:::instance/ssoins-…` */
  readonly instanceArn: string;
  /** `d-…`: the key that keeps instances apart. */
  readonly identityStoreId: string;
  readonly name?: string;
  /** The account that owns the instance (the management account, or a member account's instance). */
  readonly ownerAccountId?: string;
  /** The instance's home region, when known (it decides the provisioned roles' path). */
  readonly region?: string;
  /** Users by `UserId`. */
  readonly users: ReadonlyMap<string, IdentityCenterUser> | Uncollected;
  /** Groups by `GroupId`. */
  readonly groups: ReadonlyMap<string, IdentityCenterGroup> | Uncollected;
  /** Permission sets by ARN. */
  readonly permissionSets: ReadonlyMap<string, PermissionSet> | Uncollected;
  /** Every account assignment that was collected (account × permission set × user or group). */
  readonly assignments: readonly AccountAssignment[];
  /**
   * Where assignments were not collected: `Uncollected` when the input holds none at all, or the
   * account × permission set pairs whose `list-account-assignments` is missing or was refused.
   * Empty: every assignment was collected.
   */
  readonly assignmentsUncollected: Uncollected | readonly UncollectedAssignments[];
  readonly source?: SourceLocation;
}

export interface IdentityCenterUser {
  readonly id: string;
  /** `UserName`, what people sign in with (often an e-mail address). */
  readonly userName: string;
  readonly displayName?: string;
  readonly emails: readonly string[];
  readonly source?: SourceLocation;
}

export interface IdentityCenterGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  /** `UserId`s of the members (`list-group-memberships`). */
  readonly memberIds: readonly string[] | Uncollected;
  readonly source?: SourceLocation;
}

export interface PermissionSet {
  /** `arn:aws:sso:::permissionSet/ssoins-…/ps-…` */
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  /** ISO 8601 duration, `PT1H`. */
  readonly sessionDuration?: string;
  /** The inline policy; null when the permission set has none. */
  readonly inlinePolicy: Policy | null | Uncollected;
  /** AWS managed policies attached (`list-managed-policies-in-permission-set`). */
  readonly managedPolicies: ReadonlyArray<{ readonly arn: string; readonly name: string }> | Uncollected;
  /** Customer managed policies referenced by name and path; each account must hold a policy of that name. */
  readonly customerManagedPolicies: ReadonlyArray<{ readonly name: string; readonly path: string }> | Uncollected;
  /** The permissions boundary; null when there is none. */
  readonly boundary: PermissionSetBoundary | null | Uncollected;
  /** Accounts the permission set is provisioned to (`list-accounts-for-provisioned-permission-set`). */
  readonly provisionedAccounts: readonly string[] | Uncollected;
  readonly source?: SourceLocation;
}

/** Either an AWS managed policy ARN or a customer managed policy reference, as `PermissionsBoundary` holds. */
export type PermissionSetBoundary =
  | { readonly kind: 'managed'; readonly arn: string }
  | { readonly kind: 'customer-managed'; readonly name: string; readonly path: string };

export interface UncollectedAssignments {
  readonly accountId: string;
  readonly permissionSetArn: string;
  /** The AWS error recorded at collection, such as `AccessDeniedException`, where there was one. */
  readonly error?: string;
}

export interface AccountAssignment {
  readonly accountId: string;
  readonly permissionSetArn: string;
  readonly principalType: 'USER' | 'GROUP';
  /** A `UserId` or `GroupId` of the instance's identity store. */
  readonly principalId: string;
  readonly source?: SourceLocation;
}
