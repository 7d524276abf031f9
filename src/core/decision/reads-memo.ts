import type { ContextEntry, RequestContext } from '../condition/request-context.js';

/**
 * Memoizes an evaluation that depends on the request context only through the keys it looks up.
 * The first evaluation records every lookup and its answer; a later request reuses the result
 * when each recorded key answers the same for it. That is exact, not a heuristic: the evaluation
 * is a deterministic function of its fixed inputs (the cache key) and of those answers.
 *
 * Organization guardrails are the main user: the same SCP chain is evaluated for every request
 * of an account, and most SCP statements read no context at all.
 */
export class ReadsMemo<T> {
  private readonly entries = new Map<string, Map<string, Array<{ reads: ReadonlyArray<readonly [string, ContextEntry]>; value: T }>>>();
  private size = 0;

  constructor(private readonly limit = 50_000) {}

  /** The value for (`action`, `resource`) and the context, computing it when no recorded run fits. */
  get(action: string, resource: string, ctx: RequestContext, compute: (ctx: RequestContext) => T): T {
    let byResource = this.entries.get(action);
    const list = byResource?.get(resource);
    if (list) {
      for (const entry of list) if (entry.reads.every(([k, e]) => sameEntry(ctx.lookup(k), e))) return entry.value;
    }
    const recording = new RecordingContext(ctx);
    const value = compute(recording);
    if (this.size >= this.limit) {
      this.entries.clear();
      this.size = 0;
    }
    const fresh = { reads: recording.reads, value };
    if (list && list.length < 8) {
      list.push(fresh);
    } else {
      if (!byResource) this.entries.set(action, (byResource = new Map()));
      byResource.set(resource, [fresh]);
    }
    this.size++;
    return value;
  }
}

class RecordingContext implements RequestContext {
  readonly reads: Array<readonly [string, ContextEntry]> = [];

  constructor(private readonly inner: RequestContext) {}

  lookup(key: string): ContextEntry {
    const e = this.inner.lookup(key);
    this.reads.push([key, e]);
    return e;
  }
}

function sameEntry(a: ContextEntry, b: ContextEntry): boolean {
  if (a === b) return true;
  if (a.state !== b.state) return false;
  if (a.state !== 'present' || b.state !== 'present') return true;
  if (a.multi !== b.multi || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}
