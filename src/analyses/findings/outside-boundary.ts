import type { AccessBoundary } from '../access-map/access-boundary.js';
import type { FindingContext } from './finding-rule.js';

/**
 * The access map's boundary, except that an account of a known vendor (`--known-accounts`) is
 * outside the organization even when the organization was not collected: a vendor's account is
 * nobody's member account.
 */
export function outsideBoundary(ctx: FindingContext, boundary: AccessBoundary, accountId: string | undefined): AccessBoundary {
  if (boundary === 'unknown' && accountId !== undefined && ctx.knownAccounts.has(accountId)) return 'outside';
  return boundary;
}
