import type { Estate } from '../../core/model/estate.js';
import type { IdentityCenterUser } from '../../core/model/identity-center.js';
import { identityCenterLinks, type IdentityCenterRoute } from '../../core/model/identity-center-links.js';
import type { WhoCanEntry } from './who-can.js';

/**
 * People who can act on the resource through IAM Identity Center, grouped by how they get in: one
 * group per instance, account, permission set and way in (a group assignment, or assigned
 * directly). Each names the users and the access the provisioned role has (its own who-can
 * entries: directly, or through further role assumptions).
 */
export interface PeopleAccess {
  readonly identityStoreId: string;
  /** The Identity Center group whose assignment lets them in; undefined where each is assigned directly. */
  readonly group?: string;
  readonly permissionSet: string;
  readonly accountId: string;
  readonly accountName?: string;
  /** The provisioned role they sign in as (its ARN, the who-can principal). */
  readonly role: string;
  readonly users: readonly IdentityCenterUser[];
  readonly entries: readonly WhoCanEntry[];
}

export function peopleWhoCan(estate: Estate, entries: readonly WhoCanEntry[]): PeopleAccess[] {
  if (!estate.identityCenter) return [];
  const links = identityCenterLinks(estate);
  const byRole = new Map<string, WhoCanEntry[]>();
  for (const e of entries) {
    if (e.principal.kind !== 'role' || !links.byRole.has(e.principal.id)) continue;
    const list = byRole.get(e.principal.id);
    if (list) list.push(e);
    else byRole.set(e.principal.id, [e]);
  }
  const groups = new Map<string, { route: IdentityCenterRoute; users: IdentityCenterUser[]; entries: WhoCanEntry[] }>();
  for (const [role, roleEntries] of byRole) {
    for (const route of links.byRole.get(role)!) {
      const key = `${route.instance.identityStoreId}\u0000${role}\u0000${route.group?.id ?? ''}`;
      const known = groups.get(key);
      if (known) {
        if (!known.users.includes(route.user)) known.users.push(route.user);
      } else {
        groups.set(key, { route, users: [route.user], entries: roleEntries });
      }
    }
  }
  return [...groups.values()]
    .map(({ route, users, entries: roleEntries }) => {
      const accountName = estate.accounts.get(route.accountId)?.name;
      return {
        identityStoreId: route.instance.identityStoreId,
        ...(route.group ? { group: route.group.displayName } : {}),
        permissionSet: route.permissionSet.name,
        accountId: route.accountId,
        ...(accountName !== undefined ? { accountName } : {}),
        role: route.role!.arn,
        users: users.sort((a, b) => compare(a.userName, b.userName)),
        entries: roleEntries,
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
