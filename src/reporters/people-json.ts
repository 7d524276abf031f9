import type { PeopleBehindRole } from '../analyses/identity-center/people-behind-roles.js';

/** The people behind a role by one way in, as every JSON output gives them (`kind` names IAM Identity Center). */
export interface PeopleJson {
  readonly kind: 'identity-center';
  readonly identityStoreId: string;
  /** `group`: through the named group's assignment; `direct`: each user is assigned. */
  readonly via: 'group' | 'direct';
  readonly group: string | null;
  readonly permissionSet: string;
  readonly account: string;
  readonly role: string;
  readonly users: ReadonlyArray<{ readonly id: string; readonly userName: string; readonly displayName: string | null }>;
}

export function peopleJson(p: PeopleBehindRole): PeopleJson {
  return {
    kind: 'identity-center',
    identityStoreId: p.identityStoreId,
    via: p.group !== undefined ? 'group' : 'direct',
    group: p.group ?? null,
    permissionSet: p.permissionSet,
    account: p.accountId,
    role: p.role,
    users: p.users.map((u) => ({ id: u.id, userName: u.userName, displayName: u.displayName ?? null })),
  };
}

/** `alice@example.com, bob@example.com through group DataPlatform (permission set DataLakeRead)`. */
export function peopleWords(p: PeopleBehindRole): string {
  const how = p.group !== undefined ? `through group ${p.group}` : 'assigned directly';
  return `${p.users.map((u) => u.userName).join(', ')} ${how} (permission set ${p.permissionSet})`;
}
