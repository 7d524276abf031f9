import type { WhoCanResult } from './who-can.js';

/** Which rows of a who-can answer to keep: `limit` rows (all when absent) from `offset` (0 when absent). */
export interface WhoCanPageRequest {
  readonly limit?: number;
  readonly offset?: number;
}

/** How a who-can answer was paged: the sizes of the whole lists and the page taken from each. */
export interface WhoCanPaging {
  readonly total: { readonly principals: number; readonly blocked: number };
  readonly page: { readonly offset: number; readonly limit: number | null };
}

export interface WhoCanPage extends WhoCanPaging {
  /** The answer with `entries` and `blocked` each cut to the page, in the order they already had. */
  readonly result: WhoCanResult;
}

/**
 * One page of a who-can answer, for `trustmap who-can --limit/--offset` and `GET /api/who-can`
 * alike: the same `limit` and `offset` cut the principals (entries) and, independently, the blocked
 * list. Without a limit nor an offset the result is returned as is.
 */
export function pageWhoCan(r: WhoCanResult, request: WhoCanPageRequest = {}): WhoCanPage {
  const offset = request.offset ?? 0;
  const limit = request.limit ?? null;
  const total = { principals: r.entries.length, blocked: r.blocked.length };
  const page = { offset, limit };
  if (offset === 0 && limit === null) return { result: r, total, page };
  const end = limit === null ? undefined : offset + limit;
  return { result: { ...r, entries: r.entries.slice(offset, end), blocked: r.blocked.slice(offset, end) }, total, page };
}
