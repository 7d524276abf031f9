import { isUncollected, type Uncollected } from '../../core/model/estate.js';
import type {
  AccountAssignment,
  IdentityCenterGroup,
  IdentityCenterInstance,
  IdentityCenterUser,
  PermissionSet,
  PermissionSetBoundary,
} from '../../core/model/identity-center.js';
import { awsErrorOutput, noneError, uncollectedOutput, type AwsErrorOutput } from './aws-error-output.js';
import { byKey, fileAt, policyText, type ExportScope, type SnapshotFile } from './export-scope.js';
import { stableUuid } from './stable-ids.js';

const DIR = 'identity-center';
/** What a refused `list-account-assignments` records where a missing file would not read as not collected. */
const DENIED = 'AccessDeniedException';

/**
 * `identity-center/` (inputs.md, "Identity Center"): `list-instances.json`, and per instance its
 * permission sets with their assignments and its identity store's users, groups and memberships, in
 * the shapes `aws sso-admin` and `aws identitystore … --output json` print. No folder without an
 * instance, so that readers find no Identity Center either.
 */
export function identityCenterFiles(scope: ExportScope): SnapshotFile[] {
  const instances = placedInstances(scope);
  if (instances.length === 0) return [];
  return [
    ...fileAt(`${DIR}/list-instances.json`, listInstances(instances, scope.date)),
    ...instances.flatMap((instance) => instanceFiles(instance, `${DIR}/${lastSegment(instance.instanceArn)}`, scope)),
  ];
}

/** The instances by ARN; one whose folder (`ssoins-…`) another already takes is left out. */
function placedInstances(scope: ExportScope): IdentityCenterInstance[] {
  const placed = new Map<string, IdentityCenterInstance>();
  for (const instance of [...(scope.estate.identityCenter?.values() ?? [])].sort(byKey((i) => i.instanceArn))) {
    const folder = lastSegment(instance.instanceArn);
    const taken = placed.get(folder);
    if (taken) scope.omit(`the Identity Center instance \`${instance.instanceArn}\` (identity store \`${instance.identityStoreId}\`): its folder \`${folder}\` is already that of \`${taken.instanceArn}\``);
    else placed.set(folder, instance);
  }
  return [...placed.values()];
}

/** `aws sso-admin list-instances`. */
export function listInstances(instances: readonly IdentityCenterInstance[], date: string): unknown {
  return {
    Instances: instances.map((instance) => ({
      InstanceArn: instance.instanceArn,
      IdentityStoreId: instance.identityStoreId,
      ...(instance.ownerAccountId !== undefined ? { OwnerAccountId: instance.ownerAccountId } : {}),
      ...(instance.name !== undefined ? { Name: instance.name } : {}),
      CreatedDate: date,
      Status: 'ACTIVE',
      ...(instance.region !== undefined ? { PrimaryRegion: instance.region } : {}),
    })),
  };
}

function instanceFiles(instance: IdentityCenterInstance, dir: string, scope: ExportScope): SnapshotFile[] {
  const sets = isUncollected(instance.permissionSets) ? [] : [...instance.permissionSets.values()].sort(byKey((s) => s.arn));
  return [
    ...fileAt(`${dir}/list-permission-sets.json`, isUncollected(instance.permissionSets) ? uncollectedOutput(instance.permissionSets) : { PermissionSets: sets.map((s) => s.arn) }),
    ...sets.flatMap((set) => permissionSetFiles(set, `${dir}/permission-sets/${lastSegment(set.arn)}`, scope)),
    ...assignmentFiles(instance, dir, scope),
    ...identityStoreFiles(instance, `${dir}/identitystore`),
  ];
}

// --- permission sets -------------------------------------------------------------------------------

function permissionSetFiles(set: PermissionSet, dir: string, scope: ExportScope): SnapshotFile[] {
  return [
    ...fileAt(`${dir}/describe-permission-set.json`, describePermissionSet(set, scope.date)),
    ...fileAt(`${dir}/get-inline-policy-for-permission-set.json`, inlinePolicyOutput(set, scope)),
    ...fileAt(`${dir}/list-managed-policies-in-permission-set.json`, listOutput(set.managedPolicies, (policies) => ({
      AttachedManagedPolicies: [...policies].sort(byKey((p) => p.arn)).map((p) => ({ Name: p.name, Arn: p.arn })),
    }))),
    ...fileAt(`${dir}/list-customer-managed-policy-references-in-permission-set.json`, listOutput(set.customerManagedPolicies, (references) => ({
      CustomerManagedPolicyReferences: [...references].sort(byKey((r) => `${r.path}${r.name}`)).map((r) => ({ Name: r.name, Path: r.path })),
    }))),
    ...fileAt(`${dir}/get-permissions-boundary-for-permission-set.json`, boundaryOutput(set.boundary)),
    ...fileAt(`${dir}/list-accounts-for-provisioned-permission-set.json`, listOutput(set.provisionedAccounts, (ids) => ({ AccountIds: [...ids].sort() }))),
  ];
}

/** `aws sso-admin describe-permission-set`. */
export function describePermissionSet(set: PermissionSet, date: string): unknown {
  return {
    PermissionSet: {
      Name: set.name,
      PermissionSetArn: set.arn,
      ...(set.description !== undefined ? { Description: set.description } : {}),
      CreatedDate: date,
      ...(set.sessionDuration !== undefined ? { SessionDuration: set.sessionDuration } : {}),
    },
  };
}

/** `aws sso-admin get-inline-policy-for-permission-set`: the document as a JSON string, `""` for none. */
export function inlinePolicyOutput(set: PermissionSet, scope: ExportScope): unknown {
  const policy = set.inlinePolicy;
  if (policy === null) return { InlinePolicy: '' };
  if (isUncollected(policy)) return uncollectedOutput(policy);
  if (policy.document === undefined || policy.document === null) {
    scope.omit(`the inline policy of permission set \`${set.arn}\` has no document: its file is left out, so readers take it as not collected`);
    return undefined;
  }
  return { InlinePolicy: policyText(policy.document) };
}

/** `aws sso-admin get-permissions-boundary-for-permission-set`: `ResourceNotFoundException` for none. */
export function boundaryOutput(boundary: PermissionSetBoundary | null | Uncollected): unknown {
  if (boundary === null) return noneError('ResourceNotFoundException');
  if (isUncollected(boundary)) return uncollectedOutput(boundary);
  return boundary.kind === 'managed'
    ? { PermissionsBoundary: { ManagedPolicyArn: boundary.arn } }
    : { PermissionsBoundary: { CustomerManagedPolicyReference: { Name: boundary.name, Path: boundary.path } } };
}

// --- account assignments ---------------------------------------------------------------------------

/** What one `assignments/<account>.json` holds: the assignments, a recorded error, or no file. */
type AssignmentCell = AccountAssignment[] | AwsErrorOutput | 'no file';

/**
 * `permission-sets/<ps-id>/assignments/<account>.json` (`aws sso-admin list-account-assignments`):
 * one for every account with assignments and every account a permission set is provisioned to (an
 * empty list when nobody is assigned there). A pair not collected is no file where readers take a
 * missing file as not collected (a provisioned account), and the error the collector got otherwise.
 */
function assignmentFiles(instance: IdentityCenterInstance, dir: string, scope: ExportScope): SnapshotFile[] {
  const cells = new Map<string, Map<string, AssignmentCell>>();
  const cellsOf = (setArn: string): Map<string, AssignmentCell> => {
    const psId = lastSegment(setArn);
    const found = cells.get(psId) ?? new Map<string, AssignmentCell>();
    cells.set(psId, found);
    return found;
  };
  const sets = isUncollected(instance.permissionSets) ? [] : [...instance.permissionSets.values()];
  for (const set of sets) {
    if (isUncollected(set.provisionedAccounts)) continue;
    for (const accountId of set.provisionedAccounts) cellsOf(set.arn).set(accountId, []);
  }
  for (const assignment of instance.assignments) {
    const row = cellsOf(assignment.permissionSetArn);
    const cell = row.get(assignment.accountId);
    if (Array.isArray(cell)) cell.push(assignment);
    else row.set(assignment.accountId, [assignment]);
  }
  for (const pair of uncollectedPairs(instance, scope)) {
    const row = cellsOf(pair.permissionSetArn);
    const lost = row.get(pair.accountId);
    if (Array.isArray(lost) && lost.length > 0) {
      scope.omit(`the assignments of permission set \`${pair.permissionSetArn}\` in account \`${pair.accountId}\` are recorded as not collected, yet ${lost.length} are listed: they are left out`);
    }
    const set = sets.find((s) => s.arn === pair.permissionSetArn);
    const missingReadsUncollected = set !== undefined && !isUncollected(set.provisionedAccounts) && set.provisionedAccounts.includes(pair.accountId);
    const error = pair.error ?? (missingReadsUncollected ? undefined : DENIED);
    row.set(pair.accountId, error === undefined ? 'no file' : awsErrorOutput(error, `not collected: the assignments of permission set ${pair.permissionSetArn} in account ${pair.accountId}`));
  }
  return [...cells.keys()].sort().flatMap((psId) => {
    const row = cells.get(psId)!;
    return [...row.keys()].sort().flatMap((accountId) => {
      const cell = row.get(accountId)!;
      return cell === 'no file' ? [] : fileAt(`${dir}/permission-sets/${psId}/assignments/${accountId}.json`, Array.isArray(cell) ? listAccountAssignments(cell) : cell);
    });
  });
}

/** `aws sso-admin list-account-assignments`. */
export function listAccountAssignments(assignments: readonly AccountAssignment[]): unknown {
  return {
    AccountAssignments: [...assignments]
      .sort(byKey((a) => `${a.principalType}:${a.principalId}`))
      .map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId })),
  };
}

/**
 * The account × permission set pairs whose assignments were not collected. The layout records that
 * per pair only, so assignments not collected at all become every pair the estate can name: each
 * permission set with the accounts it is provisioned to, or, where those are unknown, every account
 * the estate knows.
 */
function uncollectedPairs(instance: IdentityCenterInstance, scope: ExportScope): Array<{ accountId: string; permissionSetArn: string; error?: string }> {
  const uncollected = instance.assignmentsUncollected;
  if (!isUncollected(uncollected)) return [...uncollected];
  scope.omit(
    `the assignments of Identity Center instance \`${instance.instanceArn}\` were not collected at all: the layout records that per permission set and account, so it is written for the accounts each permission set is provisioned to, or every account the estate knows`,
  );
  const sets = isUncollected(instance.permissionSets) ? [] : [...instance.permissionSets.values()];
  const setArns = [...new Set([...sets.map((s) => s.arn), ...instance.assignments.map((a) => a.permissionSetArn)])];
  return setArns.flatMap((permissionSetArn) => {
    const provisioned = sets.find((s) => s.arn === permissionSetArn)?.provisionedAccounts;
    const accounts = provisioned !== undefined && !isUncollected(provisioned) ? provisioned : knownAccounts(instance, scope);
    return accounts.map((accountId) => ({ accountId, permissionSetArn, ...(uncollected.error !== undefined ? { error: uncollected.error } : {}) }));
  });
}

function knownAccounts(instance: IdentityCenterInstance, scope: ExportScope): string[] {
  const organization = scope.estate.organization;
  const members = organization ? [...organization.nodes.values()].filter((n) => n.kind === 'account').map((n) => n.id) : [];
  return [...new Set([...scope.estate.accounts.keys(), ...members, ...instance.assignments.map((a) => a.accountId)])].sort();
}

// --- the identity store ----------------------------------------------------------------------------

function identityStoreFiles(instance: IdentityCenterInstance, dir: string): SnapshotFile[] {
  const store = instance.identityStoreId;
  const groups = isUncollected(instance.groups) ? [] : [...instance.groups.values()].sort(byKey((g) => g.id));
  return [
    ...fileAt(`${dir}/list-users.json`, listOutput(instance.users, (users) => listUsers([...users.values()], store))),
    ...fileAt(`${dir}/list-groups.json`, listOutput(instance.groups, () => listGroups(groups, store))),
    ...groups.flatMap((group) => fileAt(`${dir}/group-memberships/${group.id}.json`, listOutput(group.memberIds, (ids) => listGroupMemberships(group.id, ids, store)))),
  ];
}

/** `aws identitystore list-users`: what the estate knows of each user (no `Name` parts). */
export function listUsers(users: readonly IdentityCenterUser[], identityStoreId: string): unknown {
  return {
    Users: [...users].sort(byKey((u) => u.id)).map((user) => ({
      UserName: user.userName,
      UserId: user.id,
      ...(user.displayName !== undefined ? { DisplayName: user.displayName } : {}),
      ...(user.emails.length > 0 ? { Emails: user.emails.map((email) => ({ Value: email })) } : {}),
      IdentityStoreId: identityStoreId,
    })),
  };
}

/** `aws identitystore list-groups`. */
export function listGroups(groups: readonly IdentityCenterGroup[], identityStoreId: string): unknown {
  return {
    Groups: groups.map((group) => ({
      GroupId: group.id,
      DisplayName: group.displayName,
      ...(group.description !== undefined ? { Description: group.description } : {}),
      IdentityStoreId: identityStoreId,
    })),
  };
}

/** `aws identitystore list-group-memberships --group-id <group>`; `MembershipId`s are made up. */
export function listGroupMemberships(groupId: string, memberIds: readonly string[], identityStoreId: string): unknown {
  return {
    GroupMemberships: [...memberIds].sort().map((userId) => ({
      IdentityStoreId: identityStoreId,
      MembershipId: stableUuid(`membership:${identityStoreId}:${groupId}:${userId}`),
      GroupId: groupId,
      MemberId: { UserId: userId },
    })),
  };
}

// --- helpers ---------------------------------------------------------------------------------------

/** A list output made by `write`, or, when the list was not collected, what `uncollectedOutput` makes of it. */
function listOutput<T>(value: T | Uncollected, write: (value: T) => unknown): unknown {
  return isUncollected(value) ? uncollectedOutput(value) : write(value);
}

/** `ssoins-…` of an instance ARN, `ps-…` of a permission set ARN. */
function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
