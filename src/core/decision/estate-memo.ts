import type { Estate } from '../model/estate.js';

/**
 * Per-estate memo tables. An estate is immutable once loaded, so what the engine derives from it
 * alone (who a principal ARN is, what a resource ARN resolves to, where an account sits in the
 * organization) is computed once and reused by every request, without the caller managing a cache.
 */
const memos = new WeakMap<Estate, Map<string, Map<string, unknown>>>();

export function memoTable<T>(estate: Estate, table: string): Map<string, T> {
  let tables = memos.get(estate);
  if (!tables) {
    tables = new Map();
    memos.set(estate, tables);
  }
  let entries = tables.get(table);
  if (!entries) {
    entries = new Map();
    tables.set(table, entries);
  }
  return entries as Map<string, T>;
}

let lastEstate: Estate | undefined;
let lastTables: Map<string, Map<string, unknown>> | undefined;

export function memoize<T>(estate: Estate, table: string, key: string, compute: () => T): T {
  let tables = estate === lastEstate ? lastTables : undefined;
  if (!tables) {
    memoTable(estate, table);
    tables = memos.get(estate)!;
    lastEstate = estate;
    lastTables = tables;
  }
  let entries = tables.get(table) as Map<string, T> | undefined;
  if (!entries) entries = memoTable<T>(estate, table);
  const hit = entries.get(key);
  if (hit !== undefined || entries.has(key)) return hit as T;
  const value = compute();
  entries.set(key, value);
  return value;
}
