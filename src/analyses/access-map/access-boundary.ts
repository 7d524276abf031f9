import { membershipOf } from '../../core/decision/organization-chain.js';
import type { Estate } from '../../core/model/estate.js';
import type { GraphNode } from '../access-graph/graph-types.js';

/**
 * Where a cross-account access comes from, seen from the target's account:
 * - `organization`: another account of the target's organization;
 * - `outside`: an account of no organization, or of another one (the organization was collected
 *   and does not list it);
 * - `public`: anyone (`*`, anonymous callers, public ACLs);
 * - `service`: an AWS service principal acting for a source the conditions name (or fail to name);
 * - `unknown`: the organization was not collected, so membership cannot be told.
 */
export type AccessBoundary = 'organization' | 'outside' | 'public' | 'service' | 'unknown';

export const BOUNDARY_ORDER: readonly AccessBoundary[] = ['public', 'outside', 'unknown', 'service', 'organization'];

export const BOUNDARY_TITLES: Readonly<Record<AccessBoundary, string>> = {
  public: 'public',
  outside: 'outside the organization',
  unknown: 'organization not known',
  service: 'AWS services',
  organization: 'inside the organization',
};

export function boundaryOf(estate: Estate, node: GraphNode, targetAccount: string): AccessBoundary {
  if (node.kind === 'public') return 'public';
  if (node.kind === 'service') return 'service';
  if (node.accountId === undefined) return 'outside';
  if (estate.organizationStatus === 'none') return 'outside';
  const target = membershipOf(estate, targetAccount);
  if (target.status === 'unknown') return 'unknown';
  if (target.status === 'outside') return 'outside';
  // The target's organization is known, and lists every member: an account it does not list is outside.
  const member = target.organization.nodes.get(node.accountId)?.kind === 'account';
  return member ? 'organization' : 'outside';
}
