import type { AccessBlockedJson, AccessEntryJson, AccessMapJson } from '../../reporters/access-map-json.js';
import { compareBlocked, compareEntries } from './access-map.js';

/** One shard as read: its entries, blocked requests, summary and the accounts it asked (undefined: the whole estate). */
export interface AccessMapShard {
  readonly file: string;
  readonly entries: readonly AccessEntryJson[];
  readonly blocked: readonly AccessBlockedJson[];
  readonly summary: AccessMapJson['summary'];
  readonly diagnostics: AccessMapJson['diagnostics'];
  readonly coverage?: AccessMapJson['coverage'];
  readonly targetAccounts?: readonly string[];
}

export type MergeResult = { readonly map: AccessMapJson } | { readonly overlap: { readonly account: string; readonly files: readonly [string, string] } };

/**
 * `trustmap merge`: shards of the access map, each the map of some target accounts, joined into
 * the map of all of them (docs/scale.md#shards). The map is a pure function of the estate and the
 * target accounts, so over a partition of the accounts this is the map of one run: entries and
 * blocked requests in the same order, the same counts. Only `evaluations` differs, as each shard's
 * engine starts cold: it is summed. Two shards that asked one account would count its access twice:
 * refused.
 */
export function mergeAccessMaps(shards: readonly AccessMapShard[]): MergeResult {
  const owner = new Map<string, string>();
  for (const s of shards) {
    for (const account of s.targetAccounts ?? ['*']) {
      const before = owner.get(account) ?? (account !== '*' ? owner.get('*') : [...owner.values()][0]);
      if (before !== undefined) return { overlap: { account, files: [before, s.file] } };
      owner.set(account, s.file);
    }
  }
  const entries = shards.flatMap((s) => s.entries).sort(compareEntries);
  const blocked = shards.flatMap((s) => s.blocked).sort(compareBlocked);
  const byBoundary = { public: 0, outside: 0, unknown: 0, service: 0, organization: 0 };
  for (const e of entries) byBoundary[e.boundary]++;
  const sum = (pick: (s: AccessMapJson['summary']) => number): number => shards.reduce((n, s) => n + pick(s.summary), 0);
  const seen = new Set<string>();
  const diagnostics = shards.flatMap((s) => s.diagnostics).filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const coverage = shards.find((s) => s.coverage)?.coverage;
  return {
    map: {
      formatVersion: 2,
      summary: {
        entries: entries.length,
        byBoundary,
        blocked: blocked.length,
        targetsAsked: sum((s) => s.targetsAsked),
        targetsTotal: sum((s) => s.targetsTotal),
        evaluations: sum((s) => s.evaluations),
        principals: entries.reduce((n, e) => n + e.principals.count, 0),
        blockedPrincipals: blocked.reduce((n, b) => n + b.principals.count, 0),
      },
      entries,
      blocked,
      diagnostics,
      ...(coverage ? { coverage } : {}),
    },
  };
}
