import type { Estate, OrgNode, Organization } from '../model/estate.js';
import { tables } from './engine-cache.js';

/** Where an account sits in the organization, as the guardrails and the org condition keys see it. */
export type Membership =
  | { readonly status: 'member'; readonly organization: Organization; readonly chain: readonly OrgNode[]; readonly isManagement: boolean }
  | { readonly status: 'outside' }
  | { readonly status: 'unknown'; readonly why: string };

/** The chain root → OUs → account for an account id (docs/aws-authorization.md#scp-does-not-grant: every level must allow). */
export function membershipOf(estate: Estate, accountId: string | undefined): Membership {
  if (accountId === undefined) return OUTSIDE;
  return tables.memberships.get(estate, accountId, membershipUncached, undefined);
}

const OUTSIDE: Membership = { status: 'outside' };

function membershipUncached(estate: Estate, accountId: string): Membership {
  const org = estate.organization;
  if (estate.organizationStatus === 'none') return { status: 'outside' };
  if (!org) return { status: 'unknown', why: 'the organization was not collected' };
  const node = org.nodes.get(accountId);
  if (!node) {
    if (!estate.accounts.has(accountId)) {
      return { status: 'unknown', why: `account ${accountId} is not in the estate, so its organization is not known` };
    }
    return { status: 'outside' };
  }
  const chain: OrgNode[] = [];
  let cur: OrgNode | undefined = node;
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    chain.unshift(cur);
    cur = cur.parentId !== undefined ? org.nodes.get(cur.parentId) : undefined;
  }
  return { status: 'member', organization: org, chain, isManagement: accountId === org.managementAccountId };
}

/** `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` value: `o-id/r-id/ou-a/ou-b/` (docs/aws-authorization.md#global-condition-keys). */
export function orgPath(m: Membership): string | undefined {
  if (m.status !== 'member') return undefined;
  const ids = m.chain.filter((n) => n.kind !== 'account').map((n) => n.id);
  return `${m.organization.id}/${ids.join('/')}/`;
}

/** The OU names along the chain, for pictures that frame the guardrails. */
export function ouNameOf(m: Membership, node: OrgNode): string | undefined {
  if (m.status !== 'member') return undefined;
  if (node.kind === 'ou') return node.name ?? node.id;
  if (node.kind === 'root') return 'Root';
  const parent = node.parentId !== undefined ? m.organization.nodes.get(node.parentId) : undefined;
  return parent?.name ?? parent?.id;
}
