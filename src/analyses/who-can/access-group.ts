import type { Estate } from '../../core/model/estate.js';
import type { GraphNode } from '../access-graph/graph-types.js';
import { BOUNDARY_TITLES, boundaryOf } from '../access-map/access-boundary.js';

/**
 * Where a principal stands relative to the resource's account: the same account, or the boundary
 * its access crosses, classified in one place for every command (`boundaryOf`): another account of
 * the same organization, outside it, an account whose organization is not known (the organization
 * was not collected), the public (anonymous callers, `*`), or an AWS service acting for some source.
 */
export type AccessGroup = 'same-account' | 'organization' | 'outside' | 'unknown' | 'public' | 'service';

export const GROUP_ORDER: readonly AccessGroup[] = ['same-account', 'organization', 'outside', 'unknown', 'public', 'service'];

export const GROUP_TITLES: Readonly<Record<AccessGroup, string>> = {
  'same-account': 'same account',
  organization: 'other accounts of the organization',
  outside: BOUNDARY_TITLES.outside,
  unknown: BOUNDARY_TITLES.unknown,
  public: BOUNDARY_TITLES.public,
  service: BOUNDARY_TITLES.service,
};

export function groupOf(estate: Estate, node: GraphNode, resourceAccount: string | undefined): AccessGroup {
  if (node.kind === 'public') return 'public';
  if (node.kind === 'service') return 'service';
  if (node.accountId !== undefined && node.accountId === resourceAccount) return 'same-account';
  if (resourceAccount === undefined) return node.accountId === undefined ? 'outside' : 'unknown';
  return boundaryOf(estate, node, resourceAccount);
}
