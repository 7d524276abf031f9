import type { Estate } from '../../core/model/estate.js';
import type { IdentityCenterUser } from '../../core/model/identity-center.js';
import { identityCenterLinks, type IdentityCenterRoute } from '../../core/model/identity-center-links.js';

/**
 * The people who sign in as one role through IAM Identity Center, by one way in: a group's
 * assignment (`group`), or each user's own (`group` undefined).
 */
export interface PeopleBehindRole {
  readonly identityStoreId: string;
  /** The Identity Center group whose assignment lets them in; undefined where each is assigned directly. */
  readonly group?: string;
  readonly permissionSet: string;
  readonly accountId: string;
  readonly accountName?: string;
  /** The provisioned role they sign in as. */
  readonly role: string;
  readonly users: readonly IdentityCenterUser[];
}

/**
 * The people behind each of `roles` (role ARNs) that IAM Identity Center provisioned and someone
 * is assigned, one row per role and way in, sorted by instance, account, permission set, groups
 * before direct assignments. Empty without Identity Center.
 */
export function peopleBehindRoles(estate: Estate, roles: Iterable<string>): PeopleBehindRole[] {
  if (!estate.identityCenter) return [];
  const links = identityCenterLinks(estate);
  const rows = new Map<string, { route: IdentityCenterRoute; users: IdentityCenterUser[] }>();
  for (const role of roles) {
    for (const route of links.byRole.get(role) ?? []) {
      const key = `${route.instance.identityStoreId}\u0000${role}\u0000${route.group?.id ?? ''}`;
      const row = rows.get(key);
      if (!row) rows.set(key, { route, users: [route.user] });
      else if (!row.users.includes(route.user)) row.users.push(route.user);
    }
  }
  return [...rows.values()]
    .map(({ route, users }) => {
      const accountName = estate.accounts.get(route.accountId)?.name;
      return {
        identityStoreId: route.instance.identityStoreId,
        ...(route.group ? { group: route.group.displayName } : {}),
        permissionSet: route.permissionSet.name,
        accountId: route.accountId,
        ...(accountName !== undefined ? { accountName } : {}),
        role: route.role!.arn,
        users: users.sort((a, b) => compare(a.userName, b.userName)),
      };
    })
    .sort(
      (a, b) =>
        compare(a.identityStoreId, b.identityStoreId) ||
        compare(a.accountId, b.accountId) ||
        compare(a.permissionSet, b.permissionSet) ||
        Number(a.group === undefined) - Number(b.group === undefined) ||
        compare(a.group ?? '', b.group ?? ''),
    );
}

/** `alice@example.com (Alice Ng)`. */
export function userWords(u: IdentityCenterUser): string {
  return u.displayName ? `${u.userName} (${u.displayName})` : u.userName;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
