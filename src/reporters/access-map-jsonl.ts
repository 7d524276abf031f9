import type { AccessMap, AccessMapBlocked, AccessMapEntry } from '../analyses/access-map/access-map.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { blockedJson, entryJson, type AccessMapJsonOptions } from './access-map-json.js';

/**
 * `access-map --format jsonl` (docs/access-map.md#jsonl): one JSON object per line, written as the
 * map is built. A `header` line, then per target its `entry` and `blocked` lines (in the order the
 * targets are asked, not the sorted order of `--format json`), then a `summary` line with the
 * counts and diagnostics. `trustmap merge` reads it back, and sorts.
 */
export function jsonlHeader(shard: AccessMap['shard']): string {
  return `${JSON.stringify({ type: 'header', formatVersion: 2, shard: shard ?? null })}\n`;
}

export function jsonlTarget(found: { readonly entries: readonly AccessMapEntry[]; readonly blocked: readonly AccessMapBlocked[] }, options: AccessMapJsonOptions = {}): string {
  let out = '';
  for (const e of found.entries) out += `${JSON.stringify({ type: 'entry', ...entryJson(e, options) })}\n`;
  for (const b of found.blocked) out += `${JSON.stringify({ type: 'blocked', ...blockedJson(b, options) })}\n`;
  return out;
}

/** The summary of `--format json`, counted as the entries stream by: nothing is held. */
export class JsonlSummary {
  private readonly counts = { entries: 0, byBoundary: { public: 0, outside: 0, unknown: 0, service: 0, organization: 0 }, blocked: 0, principals: 0, blockedPrincipals: 0 };

  add(found: { readonly entries: readonly AccessMapEntry[]; readonly blocked: readonly AccessMapBlocked[] }): void {
    for (const e of found.entries) {
      this.counts.entries++;
      this.counts.byBoundary[e.boundary]++;
      this.counts.principals += e.principals.count;
    }
    for (const b of found.blocked) {
      this.counts.blocked++;
      this.counts.blockedPrincipals += b.principals.count;
    }
  }

  /** The closing line: the counts, the targets asked, and the diagnostics. */
  line(m: AccessMap, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): string {
    const c = this.counts;
    const summary = { entries: c.entries, byBoundary: c.byBoundary, blocked: c.blocked, targetsAsked: m.targetsAsked, targetsTotal: m.targetsTotal, evaluations: m.evaluations, principals: c.principals, blockedPrincipals: c.blockedPrincipals };
    return `${JSON.stringify({ type: 'summary', summary, diagnostics, ...(coverage ? { coverage } : {}) })}\n`;
  }
}
