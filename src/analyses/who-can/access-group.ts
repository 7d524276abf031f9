import { membershipOf } from '../../core/decision/organization-chain.js';
import type { Estate } from '../../core/model/estate.js';
import type { GraphNode } from '../access-graph/graph-types.js';

/**
 * Where a principal stands relative to the resource's account: the same account, another account
 * of the same organization, outside it (accounts of no known organization too), the public
 * (anonymous callers, `*`), or an AWS service acting for some source.
 */
export type AccessGroup = 'same-account' | 'organization' | 'outside' | 'public' | 'service';

export const GROUP_ORDER: readonly AccessGroup[] = ['same-account', 'organization', 'outside', 'public', 'service'];

export const GROUP_TITLES: Readonly<Record<AccessGroup, string>> = {
  'same-account': 'same account',
  organization: 'other accounts of the organization',
  outside: 'outside the organization',
  public: 'public',
  service: 'AWS services',
};

export function groupOf(estate: Estate, node: GraphNode, resourceAccount: string | undefined): AccessGroup {
  if (node.kind === 'public') return 'public';
  if (node.kind === 'service') return 'service';
  if (node.accountId === undefined) return 'outside';
  if (node.accountId === resourceAccount) return 'same-account';
  if (resourceAccount === undefined) return 'outside';
  const a = membershipOf(estate, node.accountId);
  const b = membershipOf(estate, resourceAccount);
  return a.status === 'member' && b.status === 'member' && a.organization.id === b.organization.id ? 'organization' : 'outside';
}
