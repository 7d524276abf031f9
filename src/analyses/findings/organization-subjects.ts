import { membershipOf } from '../../core/decision/organization-chain.js';
import { isUncollected, type Estate, type OrgNode, type Organization } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';

/**
 * Organization parts as finding subjects: AWS Organizations ARNs
 * (`arn:aws:organizations::<management>:account/<org>/<account>`, `…:ou/<org>/<ou>`, `…:root/<org>/<root>`).
 */
export function orgNodeArn(estate: Estate, org: Organization, node: OrgNode): string {
  const base = `arn:${estate.partition}:organizations::${org.managementAccountId}`;
  switch (node.kind) {
    case 'account':
      return `${base}:account/${org.id}/${node.id}`;
    case 'ou':
      return `${base}:ou/${org.id}/${node.id}`;
    case 'root':
      return `${base}:root/${org.id}/${node.id}`;
  }
}

/** `OU ou-ex01-sandbox (Sandbox)`, `root r-ex01`, `account 888888888888 (sandbox)`. */
export function orgNodeLabel(estate: Estate, node: OrgNode): string {
  const name = node.kind === 'account' ? estate.accounts.get(node.id)?.name?.split(/\s+\(/)[0] ?? node.name : node.name;
  const kind = node.kind === 'ou' ? 'OU' : node.kind;
  return `${kind} ${node.id}${name ? ` (${name})` : ''}`;
}

/** The member accounts at or under an org node (the ones its SCPs and RCPs bind), management account excluded. */
export function accountsUnder(estate: Estate, org: Organization, nodeId: string): string[] {
  const out: string[] = [];
  for (const node of org.nodes.values()) {
    if (node.kind !== 'account' || node.id === org.managementAccountId) continue;
    const m = membershipOf(estate, node.id);
    if (m.status === 'member' && m.chain.some((n) => n.id === nodeId)) out.push(node.id);
  }
  return out.sort();
}

export interface AttachedPolicy {
  readonly node: OrgNode;
  readonly policy: Policy;
}

/** Every SCP (or RCP) attached somewhere in the organization that could be read. */
export function attachedPolicies(org: Organization, kind: 'scps' | 'rcps'): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  for (const node of org.nodes.values()) {
    const list = node[kind];
    if (isUncollected(list)) continue;
    for (const policy of list) if (!policy.unusable) out.push({ node, policy });
  }
  return out;
}
