import type { Estate, Role } from '../../core/model/estate.js';
import { assumeStatements, referenceKey, referencesOf } from './trust-references.js';

/**
 * Roles indexed by the principals and accounts their trust policies name (`arn:…`, `account:A`,
 * `id:AROA…`, `service:…`, `federated:…`, `*`): "which roles may this principal try to assume" is
 * a handful of lookups. Built in one pass over the roles, on first use.
 */
export class TrustIndex {
  private readonly byKey = new Map<string, Role[]>();

  constructor(estate: Estate) {
    for (const account of estate.accounts.values()) {
      for (const role of account.roles.values()) this.addRole(role);
    }
  }

  /** Roles whose trust policy names any of `keys`, each once. */
  rolesNaming(keys: readonly string[]): Role[] {
    const out = new Set<Role>();
    for (const key of keys) for (const role of this.byKey.get(key) ?? []) out.add(role);
    return [...out];
  }

  private addRole(role: Role): void {
    const keys = new Set<string>();
    for (const statement of assumeStatements(role)) for (const ref of referencesOf(statement)) keys.add(referenceKey(ref));
    for (const key of keys) {
      const list = this.byKey.get(key);
      if (list) list.push(role);
      else this.byKey.set(key, [role]);
    }
  }
}
