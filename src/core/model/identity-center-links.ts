import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import type { Policy } from '../policy/policy-types.js';
import { isUncollected, type Estate, type Role } from './estate.js';
import type { AccountAssignment, IdentityCenterGroup, IdentityCenterInstance, IdentityCenterUser, PermissionSet } from './identity-center.js';

/**
 * One way a person gets into an account through IAM Identity Center: the user, directly or through
 * a group, is assigned a permission set in the account, and signs in as a session of the role
 * Identity Center provisioned there for it.
 */
export interface IdentityCenterRoute {
  readonly instance: IdentityCenterInstance;
  readonly user: IdentityCenterUser;
  /** Undefined where the user is assigned directly. */
  readonly group?: IdentityCenterGroup;
  readonly permissionSet: PermissionSet;
  readonly accountId: string;
  /** The provisioned role; undefined where the account's IAM export holds none for the permission set. */
  readonly role?: Role;
}

export interface IdentityCenterLinks {
  /** Every route, in instance, user, account and permission set order. */
  readonly routes: readonly IdentityCenterRoute[];
  /** Role ARN → the routes that sign in as a session of it. */
  readonly byRole: ReadonlyMap<string, readonly IdentityCenterRoute[]>;
  /** `<identity store id>/<user id>` → the user's routes. */
  readonly byUser: ReadonlyMap<string, readonly IdentityCenterRoute[]>;
  /** Role ARN → the instance and permission set it was provisioned for, assigned or not. */
  readonly provisioned: ReadonlyMap<string, { readonly instance: IdentityCenterInstance; readonly permissionSet: PermissionSet }>;
  /** What does not fit between Identity Center and the accounts' IAM (docs/inputs.md, "Identity Center"). */
  readonly diagnostics: readonly Diagnostic[];
}

/** The path IAM Identity Center provisions its roles under (`…/<region>/` for an instance outside us-east-1). */
export const IDENTITY_CENTER_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';

/** `AWSReservedSSO_<permission set name>_<16 hex digits>`: permission set names are at most 32 characters, so never cut. */
const ROLE_NAME = /^AWSReservedSSO_(.+)_([0-9a-f]{16})$/;

/** The permission set a role was provisioned for, by its name and path; undefined for any other role. */
export function provisionedPermissionSetName(role: Pick<Role, 'name' | 'path'>): string | undefined {
  if (!role.path.startsWith(IDENTITY_CENTER_ROLE_PATH)) return undefined;
  return ROLE_NAME.exec(role.name)?.[1];
}

const links = new WeakMap<Estate, IdentityCenterLinks>();

/**
 * Links each account assignment (account × permission set × user or group) to the role IAM
 * Identity Center provisioned in that account, by the role's documented name and path
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html), and
 * reports what does not fit. Worked out once per estate.
 */
export function identityCenterLinks(estate: Estate): IdentityCenterLinks {
  let found = links.get(estate);
  if (!found) {
    found = linkIdentityCenter(estate);
    links.set(estate, found);
  }
  return found;
}

function linkIdentityCenter(estate: Estate): IdentityCenterLinks {
  const diagnostics: Diagnostic[] = [];
  const routes: IdentityCenterRoute[] = [];
  const provisioned = new Map<string, { instance: IdentityCenterInstance; permissionSet: PermissionSet }>();
  const explained = new Set<string>();
  const instances = [...(estate.identityCenter?.values() ?? [])];
  const rolesByAccount = provisionedRolesByAccount(estate);
  for (const instance of instances) {
    const sets = isUncollected(instance.permissionSets) ? new Map<string, PermissionSet>() : instance.permissionSets;
    const users = isUncollected(instance.users) ? undefined : instance.users;
    const groups = isUncollected(instance.groups) ? undefined : instance.groups;
    const assignedPairs = new Set<string>();
    for (const a of instance.assignments) {
      const set = sets.get(a.permissionSetArn);
      if (!set) continue;
      assignedPairs.add(pairKey(a.accountId, set.arn));
      const roles = rolesByAccount.get(a.accountId)?.get(set.name) ?? [];
      for (const r of roles) explained.add(r.arn);
      const account = estate.accounts.get(a.accountId);
      if (roles.length === 0 && account?.iamCollected && account.iamPartial === undefined) {
        diagnostics.push(roleMissing(a, set, instance));
      }
      for (const user of usersOf(a, users, groups)) {
        const group = a.principalType === 'GROUP' ? groups?.get(a.principalId) : undefined;
        const base = { instance, user, ...(group ? { group } : {}), permissionSet: set, accountId: a.accountId };
        if (roles.length === 0) routes.push(base);
        for (const role of roles) routes.push({ ...base, role });
      }
    }
    for (const set of sets.values()) {
      if (isUncollected(set.provisionedAccounts)) continue;
      for (const accountId of set.provisionedAccounts) {
        for (const role of rolesByAccount.get(accountId)?.get(set.name) ?? []) {
          provisioned.set(role.arn, { instance, permissionSet: set });
          if (!assignedPairs.has(pairKey(accountId, set.arn))) explained.add(role.arn);
        }
        if (assignedPairs.has(pairKey(accountId, set.arn)) || !assignmentsCollected(instance, accountId, set.arn)) continue;
        diagnostics.push(provisionedNotAssigned(set, accountId, instance));
      }
    }
  }
  for (const instance of instances) {
    if (isUncollected(instance.permissionSets)) continue;
    for (const set of instance.permissionSets.values()) {
      for (const [accountId, byName] of rolesByAccount) {
        for (const role of byName.get(set.name) ?? []) {
          if (!provisioned.has(role.arn)) provisioned.set(role.arn, { instance, permissionSet: set });
          const drift = policyDrift(set, role, accountId);
          if (drift) diagnostics.push(drift);
        }
      }
    }
  }
  if (instances.length > 0 && instances.every((i) => !isUncollected(i.assignmentsUncollected))) {
    for (const byName of rolesByAccount.values()) {
      for (const list of byName.values()) for (const role of list) if (!explained.has(role.arn)) diagnostics.push(unexplainedRole(role));
    }
  }
  routes.sort(compareRoutes);
  return { routes, byRole: groupBy(routes, (r) => (r.role ? [r.role.arn] : [])), byUser: groupBy(routes, (r) => [userKey(r.instance, r.user)]), provisioned, diagnostics };
}

/** `<identity store id>/<user id>`: users are kept apart by instance. */
export function userKey(instance: IdentityCenterInstance, user: IdentityCenterUser): string {
  return `${instance.identityStoreId}/${user.id}`;
}

function usersOf(a: AccountAssignment, users: ReadonlyMap<string, IdentityCenterUser> | undefined, groups: ReadonlyMap<string, IdentityCenterGroup> | undefined): IdentityCenterUser[] {
  if (!users) return [];
  if (a.principalType === 'USER') {
    const user = users.get(a.principalId);
    return user ? [user] : [];
  }
  const group = groups?.get(a.principalId);
  if (!group || isUncollected(group.memberIds)) return [];
  return group.memberIds.flatMap((id) => {
    const user = users.get(id);
    return user ? [user] : [];
  });
}

function assignmentsCollected(instance: IdentityCenterInstance, accountId: string, permissionSetArn: string): boolean {
  const missing = instance.assignmentsUncollected;
  if (isUncollected(missing)) return false;
  return !missing.some((m) => m.accountId === accountId && m.permissionSetArn === permissionSetArn);
}

/** Account id → permission set name → the roles provisioned for it (several instances may use one name). */
function provisionedRolesByAccount(estate: Estate): Map<string, Map<string, Role[]>> {
  const out = new Map<string, Map<string, Role[]>>();
  for (const account of estate.accounts.values()) {
    for (const role of account.roles.values()) {
      const name = provisionedPermissionSetName(role);
      if (name === undefined) continue;
      let byName = out.get(account.id);
      if (!byName) out.set(account.id, (byName = new Map()));
      const list = byName.get(name);
      if (list) list.push(role);
      else byName.set(name, [role]);
    }
  }
  return out;
}

/**
 * Where the role's policies differ from its permission set's: the AWS managed policies, the
 * customer managed policies (by name and path in the role's account) and the inline policy
 * (`AwsSSOInlinePolicy`). Read only where the role's policies carry the names an IAM export gives
 * them (managed policies by ARN, inline ones as `<role ARN>#inline:<name>`); a hand-written
 * scenario names them otherwise, and is not compared.
 */
function policyDrift(set: PermissionSet, role: Role, accountId: string): Diagnostic | undefined {
  if (!role.policies.every((p) => isManagedArn(p.name) || p.name.startsWith(`${role.arn}#inline:`))) return undefined;
  if (isUncollected(set.managedPolicies) || isUncollected(set.customerManagedPolicies) || isUncollected(set.inlinePolicy)) return undefined;
  const partition = role.arn.split(':')[1] ?? 'aws';
  const expected = new Set([
    ...set.managedPolicies.map((m) => m.arn),
    ...set.customerManagedPolicies.map((c) => `arn:${partition}:iam::${accountId}:policy${normalPath(c.path)}${c.name}`),
  ]);
  const attached = new Set(role.policies.filter((p) => isManagedArn(p.name)).map((p) => p.name));
  const differences: string[] = [];
  for (const arn of expected) if (!attached.has(arn)) differences.push(`\`${arn}\` is not attached to the role`);
  for (const arn of attached) if (!expected.has(arn)) differences.push(`\`${arn}\` is attached to the role but not to the permission set`);
  // Identity Center names the inline policy AwsSSOInlinePolicy; it is matched by content, whatever its name.
  const inlines = role.policies.filter((p) => p.name.startsWith(`${role.arn}#inline:`)).map(canonical);
  const wanted = set.inlinePolicy ? canonical(set.inlinePolicy) : undefined;
  if (wanted !== undefined && !inlines.includes(wanted)) differences.push(inlines.length === 0 ? 'the permission set\'s inline policy is not on the role' : 'the role\'s inline policy differs from the permission set\'s');
  if (inlines.some((doc) => doc !== wanted)) differences.push('the role has an inline policy the permission set does not');
  if (differences.length === 0) return undefined;
  return {
    code: 'identity-center/policy-drift',
    severity: 'warning',
    message: `role \`${role.arn}\` differs from permission set \`${set.name}\`: ${differences.join('; ')}`,
    help: 'answers follow the role as collected; re-provision the permission set (`aws sso-admin provision-permission-set`) or collect both again',
    ...sourceOf(role.source),
  };
}

function isManagedArn(name: string): boolean {
  return /^arn:[^:]+:iam::(aws|\d{12}):policy\//.test(name);
}

function normalPath(path: string): string {
  if (path === '') return '/';
  const withStart = path.startsWith('/') ? path : `/${path}`;
  return withStart.endsWith('/') ? withStart : `${withStart}/`;
}

function canonical(policy: Policy): string {
  return JSON.stringify(sortKeys(policy.document));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  return value;
}

function roleMissing(a: AccountAssignment, set: PermissionSet, instance: IdentityCenterInstance): Diagnostic {
  const who = a.principalType === 'USER' ? `user \`${userName(instance, a.principalId)}\`` : `group \`${groupName(instance, a.principalId)}\``;
  return {
    code: 'identity-center/assignment-role-missing',
    severity: 'warning',
    message: `${who} is assigned permission set \`${set.name}\` in account ${a.accountId}, but the account's IAM export holds no \`AWSReservedSSO_${set.name}_…\` role under \`${IDENTITY_CENTER_ROLE_PATH}\``,
    help: `the assignment may not be provisioned yet, or the export is older than it; answers cannot follow it into account ${a.accountId} (instance ${instance.identityStoreId})`,
    ...sourceOf(a.source ?? set.source),
  };
}

function userName(instance: IdentityCenterInstance, id: string): string {
  return (isUncollected(instance.users) ? undefined : instance.users.get(id)?.userName) ?? id;
}

function groupName(instance: IdentityCenterInstance, id: string): string {
  return (isUncollected(instance.groups) ? undefined : instance.groups.get(id)?.displayName) ?? id;
}

function provisionedNotAssigned(set: PermissionSet, accountId: string, instance: IdentityCenterInstance): Diagnostic {
  return {
    code: 'identity-center/provisioned-not-assigned',
    severity: 'info',
    message: `permission set \`${set.name}\` is provisioned to account ${accountId}, where nobody is assigned it`,
    help: `its role there is unused by Identity Center (instance ${instance.identityStoreId}); remove the provisioning if it is not needed`,
    ...sourceOf(set.source),
  };
}

function unexplainedRole(role: Role): Diagnostic {
  return {
    code: 'identity-center/unexplained-role',
    severity: 'warning',
    message: `role \`${role.arn}\` is named as IAM Identity Center provisions roles, but no permission set of the collected instances is provisioned or assigned there`,
    help: 'collect the Identity Center instance that owns it (`identity-center/` in the snapshot), or remove the leftover role',
    ...sourceOf(role.source),
  };
}

function sourceOf(source: SourceLocation | undefined): { source?: SourceLocation } {
  return source ? { source } : {};
}

function pairKey(accountId: string, permissionSetArn: string): string {
  return `${accountId} ${permissionSetArn}`;
}

function groupBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = out.get(key);
      if (list) list.push(item);
      else out.set(key, [item]);
    }
  }
  return out;
}

function compareRoutes(a: IdentityCenterRoute, b: IdentityCenterRoute): number {
  return (
    compare(a.instance.identityStoreId, b.instance.identityStoreId) ||
    compare(a.user.userName, b.user.userName) ||
    compare(a.accountId, b.accountId) ||
    compare(a.permissionSet.name, b.permissionSet.name) ||
    compare(a.group?.displayName ?? '', b.group?.displayName ?? '')
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
