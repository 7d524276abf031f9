import type { Estate } from '../model/estate.js';

/**
 * Per-estate memo tables. An estate is immutable once loaded, so what the engine derives from it
 * alone (who a principal ARN is, what a resource ARN resolves to, where an account sits in the
 * organization) is computed once and reused by every request, without the caller managing a cache.
 */
export type MemoTable = 'caller' | 'resource' | 'resource-trust' | 'membership';

type Tables = Record<MemoTable, Map<string, unknown>>;

const memos = new WeakMap<Estate, Tables>();
let lastEstate: Estate | undefined;
let lastTables: Tables | undefined;

function tablesOf(estate: Estate): Tables {
  if (estate === lastEstate) return lastTables!;
  let tables = memos.get(estate);
  if (!tables) {
    tables = { caller: new Map(), resource: new Map(), 'resource-trust': new Map(), membership: new Map() };
    memos.set(estate, tables);
  }
  lastEstate = estate;
  lastTables = tables;
  return tables;
}

export function memoize<T>(estate: Estate, table: MemoTable, key: string, compute: () => T): T {
  const entries = tablesOf(estate)[table];
  const hit = entries.get(key);
  if (hit !== undefined) return hit as T;
  const value = compute();
  entries.set(key, value);
  return value;
}
