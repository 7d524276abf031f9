import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { StatementRef } from '../../core/decision/result.js';
import { isUncollected, type Estate } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';

const indexes = new WeakMap<Estate, ReadonlyMap<string, Policy>>();

/** Every policy of the estate by name, to show a matched statement as it is written. */
export function policiesByName(estate: Estate): ReadonlyMap<string, Policy> {
  let index = indexes.get(estate);
  if (index) return index;
  const out = new Map<string, Policy>();
  const add = (p: Policy | null | undefined | { uncollected: true }): void => {
    if (p && !isUncollected(p) && !out.has((p as Policy).name)) out.set((p as Policy).name, p as Policy);
  };
  for (const account of estate.accounts.values()) {
    for (const entity of [...account.users.values(), ...account.roles.values()]) {
      entity.policies.forEach(add);
      add(entity.boundary);
      if (entity.kind === 'role') add(entity.trustPolicy);
    }
    for (const group of account.groups.values()) group.policies.forEach(add);
  }
  for (const resource of estate.resources.values()) add(resource.policy);
  for (const node of estate.organization?.nodes.values() ?? []) {
    if (!isUncollected(node.scps)) node.scps.forEach(add);
    if (!isUncollected(node.rcps)) node.rcps.forEach(add);
  }
  index = out;
  indexes.set(estate, index);
  return index;
}

/** The statement a reference points at, as written; undefined where the estate does not hold it. */
export function statementAsWritten(estate: Estate, request: AuthorizationRequest, ref: StatementRef): unknown {
  const policy = ref.policy === request.sessionPolicy?.name ? request.sessionPolicy : policiesByName(estate).get(ref.policy);
  return policy?.statements.find((s) => s.index === ref.index)?.raw;
}
