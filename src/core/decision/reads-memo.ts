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
  private slots = new Map<string, Map<string, MemoSlot<T>>>();
  private size = 0;

  constructor(private readonly limit = 50_000) {}

  /**
   * The runs recorded for (`action`, `resource`). A planned hop asks for the same pair every time,
   * so it may keep its slot; a slot stays exact after the memo has started over, it is only no
   * longer shared.
   */
  slot(action: string, resource: string): MemoSlot<T> {
    let byResource = this.slots.get(action);
    if (!byResource) this.slots.set(action, (byResource = new Map()));
    let slot = byResource.get(resource);
    if (!slot) byResource.set(resource, (slot = new MemoSlot(this)));
    return slot;
  }

  /** Counts one recorded run; past the limit, the memo starts over. */
  recorded(): void {
    if (++this.size > this.limit) {
      this.slots = new Map();
      this.size = 0;
    }
  }
}

/** Slots are kept by at most this many recent runs (contexts that read differently). */
const RUNS_PER_SLOT = 8;

/** The recorded runs for one (action, resource) of a memo. */
export class MemoSlot<T> {
  private runs: Array<{ readonly reads: ReadonlyArray<readonly [string, ContextEntry]>; readonly value: T }> = [];

  constructor(private readonly memo: ReadsMemo<T>) {}

  /** The value for the context, computing it (and recording what it reads) when no recorded run fits. */
  get(ctx: RequestContext, compute: (ctx: RequestContext) => T): T {
    const runs = this.runs;
    for (let i = 0; i < runs.length; i++) if (readsAgree(runs[i]!.reads, ctx)) return runs[i]!.value;
    const recording = new RecordingContext(ctx);
    const value = compute(recording);
    const fresh = { reads: recording.reads, value };
    if (runs.length < RUNS_PER_SLOT) runs.push(fresh);
    else this.runs = [fresh];
    this.memo.recorded();
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

/** Whether every recorded lookup answers the same in `ctx`. */
function readsAgree(reads: ReadonlyArray<readonly [string, ContextEntry]>, ctx: RequestContext): boolean {
  for (let i = 0; i < reads.length; i++) {
    const read = reads[i]!;
    if (!sameEntry(ctx.lookup(read[0]), read[1])) return false;
  }
  return true;
}

function sameEntry(a: ContextEntry, b: ContextEntry): boolean {
  if (a === b) return true;
  if (a.state !== b.state) return false;
  if (a.state !== 'present' || b.state !== 'present') return true;
  if (a.multi !== b.multi || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}
