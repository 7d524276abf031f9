import type { Estate } from '../../core/model/estate.js';
import { peopleBehindRoles, type PeopleBehindRole } from '../identity-center/people-behind-roles.js';
import type { WhoCanEntry } from './who-can.js';

/**
 * People who can act on the resource through IAM Identity Center, grouped by how they get in: one
 * row per instance, account, permission set and way in (a group's assignment, or assigned
 * directly), with the access the provisioned role has (its own who-can entries: directly, or
 * through further role assumptions).
 */
export interface PeopleAccess extends PeopleBehindRole {
  readonly entries: readonly WhoCanEntry[];
}

export function peopleWhoCan(estate: Estate, entries: readonly WhoCanEntry[]): PeopleAccess[] {
  if (!estate.identityCenter) return [];
  const byRole = new Map<string, WhoCanEntry[]>();
  for (const e of entries) {
    if (e.principal.kind !== 'role') continue;
    const list = byRole.get(e.principal.id);
    if (list) list.push(e);
    else byRole.set(e.principal.id, [e]);
  }
  return peopleBehindRoles(estate, byRole.keys()).map((p) => ({ ...p, entries: byRole.get(p.role)! }));
}
