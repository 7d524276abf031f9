import type { GraphNode } from '../access-graph/graph-types.js';

/**
 * Who an access-map entry is about: one principal the target side names, or every principal the
 * engine answered alike for the same target (docs/access-map.md#principal-sets). Counts are exact:
 * `members` holds each of them.
 */
export interface PrincipalSet {
  readonly count: number;
  /** Every principal of the set, in the estate's order (sortedMembers sorts them by id). */
  readonly members: readonly GraphNode[];
  /** The first member in the estate's order: the one principal of a set of one, the set's stand-in in text. */
  readonly first: GraphNode;
  /** The distinct accounts of the members, sorted; empty for the public and services. */
  readonly accounts: readonly string[];
  /**
   * The target side names this principal itself (its ARN, a service, anyone, an account outside
   * the estate): a set of one, never merged with others.
   */
  readonly named: boolean;
}

/** A set of one named principal. */
export function namedPrincipal(node: GraphNode): PrincipalSet {
  return { count: 1, members: [node], first: node, accounts: node.accountId && node.kind !== 'public' && node.kind !== 'service' ? [node.accountId] : [], named: true };
}

/** A set of principals the engine answered alike (at least one). Linear: sets of an organization hold tens of thousands. */
export function principalSet(members: readonly GraphNode[]): PrincipalSet {
  const accounts = new Set<string>();
  let last: string | undefined;
  for (const m of members) {
    // Members come account by account: a set of the whole organization adds each account once.
    if (m.accountId !== last && m.accountId !== undefined) accounts.add(m.accountId);
    last = m.accountId;
  }
  return { count: members.length, members, first: members[0]!, accounts: [...accounts].sort(), named: false };
}

/** The first member: the principal of a set of one. */
export function firstPrincipal(set: PrincipalSet): GraphNode {
  return set.first;
}

/** The members sorted by id, for listing and paging. */
export function sortedMembers(set: PrincipalSet): GraphNode[] {
  return [...set.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A stable key for the set: the principal's id for a set of one named principal, else its accounts. */
export function principalSetKey(set: PrincipalSet): string {
  if (set.named || set.count === 1) return set.first.id;
  return `set:${set.accounts.join(',')}`;
}
