import type { Account, Estate, Group, Resource, Role, User, VpcEndpoint } from './estate.js';

/**
 * Copies of an estate with one part replaced, for "what if" questions (a proposed fix, a diff).
 * The copy shares every part it does not replace with the original, and the original is never
 * changed: an estate stays immutable once loaded, as the engine's memo tables assume.
 */

/** The estate with `principal` put in place of the user or role of the same name in its account. */
export function withPrincipal(estate: Estate, principal: User | Role): Estate {
  return withAccount(estate, principal.accountId, (account) =>
    principal.kind === 'user'
      ? { ...account, users: replaced(account.users, principal.name, principal) }
      : { ...account, roles: replaced(account.roles, principal.name, principal) },
  );
}

/** The estate with `group` put in place of the group of the same name in `accountId`. */
export function withGroup(estate: Estate, accountId: string, group: Group): Estate {
  return withAccount(estate, accountId, (account) => ({ ...account, groups: replaced(account.groups, group.name, group) }));
}

/** The estate with `resource` put in place of the resource of the same ARN, or added. */
export function withResource(estate: Estate, resource: Resource): Estate {
  return { ...estate, resources: replaced(estate.resources, resource.arn, resource) };
}

/** The estate with `endpoint` put in place of the VPC endpoint of the same id in its account's list. */
export function withVpcEndpoint(estate: Estate, endpoint: VpcEndpoint): Estate {
  return withAccount(estate, endpoint.accountId, (account) => ({ ...account, vpcEndpoints: (account.vpcEndpoints ?? []).map((e) => (e.id === endpoint.id ? endpoint : e)) }));
}

function withAccount(estate: Estate, accountId: string, edit: (account: Account) => Account): Estate {
  const account = estate.accounts.get(accountId);
  if (!account) return estate;
  return { ...estate, accounts: replaced(estate.accounts, accountId, edit(account)) };
}

function replaced<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const copy = new Map(map);
  copy.set(key, value);
  return copy;
}
