import type { AccessBoundary } from '../access-map/access-boundary.js';
import type { AccessMap, AccessMapAction, AccessMapEntry } from '../access-map/access-map.js';

/** One entry whose actions changed between two estates: what it gained, what it lost. */
export interface ChangedAccess {
  readonly before: AccessMapEntry;
  readonly after: AccessMapEntry;
  /** Actions allowed now that were not, or allowed more surely (Conditional → Allow), or under other conditions. */
  readonly widened: readonly AccessMapAction[];
  /** Actions no longer allowed, or allowed less surely. */
  readonly narrowed: readonly AccessMapAction[];
  /** A set's principals that reach the target now and did not before (ids). */
  readonly joined: readonly string[];
  /** A set's principals that reached it before and no longer do. */
  readonly left: readonly string[];
  /** Of `joined`, those that gained access: they did not reach the target before with these actions, as surely. */
  readonly gained: readonly string[];
}

export interface AccessDiff {
  readonly added: readonly AccessMapEntry[];
  /**
   * For each added entry, the principals that gained access by it (ids): a set that only regroups
   * principals who reached the target as widely before gained none.
   */
  readonly addedGains: ReadonlyMap<AccessMapEntry, readonly string[]>;
  readonly removed: readonly AccessMapEntry[];
  readonly changed: readonly ChangedAccess[];
}

/** The boundaries that let someone from outside the organization in. */
export const EXTERNAL_BOUNDARIES: ReadonlySet<AccessBoundary> = new Set(['public', 'outside', 'unknown']);

/**
 * New, removed and changed cross-account access between two access maps. Entries are matched by
 * (kind, principal, target): ARNs, stable across snapshots. An entry whose actions or conditions
 * changed is `changed`, with the actions it gained (`widened`) and lost (`narrowed`).
 */
export function diffAccessMaps(before: AccessMap, after: AccessMap): AccessDiff {
  const old = keyed(before.entries);
  const now = keyed(after.entries);
  const added = [...now].filter(([k]) => !old.has(k)).map(([, e]) => e);
  const removed = [...old].filter(([k]) => !now.has(k)).map(([, e]) => e);
  const reachedBefore = new ReachedBefore(before);
  const addedGains = new Map(added.map((e) => [e, reachedBefore.gainers(e, e.principals.members.map((m) => m.id))]));
  const changed: ChangedAccess[] = [];
  for (const [key, a] of now) {
    const b = old.get(key);
    if (!b) continue;
    const widened = a.actions.filter((x) => isWider(x, find(b, x)));
    const narrowed = b.actions.filter((x) => isWider(x, find(a, x)));
    const members = memberChanges(b, a);
    if (widened.length > 0 || narrowed.length > 0 || a.boundary !== b.boundary || members.joined.length > 0 || members.left.length > 0) {
      changed.push({ before: b, after: a, widened, narrowed, ...members, gained: reachedBefore.gainers(a, members.joined) });
    }
  }
  return { added, addedGains, removed, changed };
}

/**
 * Entries by key. Two sets of one target with the same boundary and actions (two accounts named
 * each by its own statement) are told apart by their accounts, then by their first member.
 */
function keyed(entries: readonly AccessMapEntry[]): Map<string, AccessMapEntry> {
  const byBase = new Map<string, AccessMapEntry[]>();
  for (const e of entries) {
    const key = entryKey(e);
    const list = byBase.get(key);
    if (list) list.push(e);
    else byBase.set(key, [e]);
  }
  const out = new Map<string, AccessMapEntry>();
  for (const [base, list] of byBase) {
    if (list.length === 1) out.set(base, list[0]!);
    else for (const e of list) out.set(out.has(`${base}\u0000${e.principals.accounts.join(',')}`) ? `${base}\u0000${e.principals.accounts.join(',')}\u0000${e.principals.first.id}` : `${base}\u0000${e.principals.accounts.join(',')}`, e);
  }
  return out;
}

/** What each principal could do to each target before, built for a target when first asked. */
class ReachedBefore {
  private readonly byTarget = new Map<string, Map<string, AccessMapAction[]>>();
  private entriesByTarget: Map<string, AccessMapEntry[]> | undefined;

  constructor(private readonly before: AccessMap) {}

  /** The principals (ids) that reach `e`'s target now with some action they did not have before, as surely. */
  gainers(e: AccessMapEntry, ids: readonly string[]): string[] {
    if (ids.length === 0) return [];
    const was = this.of(e.target);
    return ids.filter((id) => {
      const had = was.get(id) ?? [];
      return e.actions.some((x) => isWider(x, had.find((h) => h.action === x.action && h.resource === x.resource)));
    });
  }

  private of(target: string): Map<string, AccessMapAction[]> {
    let found = this.byTarget.get(target);
    if (found) return found;
    if (!this.entriesByTarget) {
      this.entriesByTarget = new Map();
      for (const e of this.before.entries) {
        const list = this.entriesByTarget.get(e.target);
        if (list) list.push(e);
        else this.entriesByTarget.set(e.target, [e]);
      }
    }
    found = new Map();
    for (const e of this.entriesByTarget.get(target) ?? []) {
      for (const m of e.principals.members) {
        const list = found.get(m.id);
        if (list) list.push(...e.actions);
        else found.set(m.id, [...e.actions]);
      }
    }
    this.byTarget.set(target, found);
    return found;
  }
}

/**
 * A principal the target names, or a set of one, is matched by its ARN. A larger set is matched by
 * where it stands and what it may do: the same boundary and the same actions of the same target.
 */
export function entryKey(e: Pick<AccessMapEntry, 'kind' | 'principals' | 'target' | 'boundary' | 'actions'>): string {
  if (e.principals.named || e.principals.count === 1) return `${e.kind}\u0000${e.principals.members[0]!.id}\u0000${e.target}`;
  const actions = [...new Set(e.actions.map((a) => `${a.action} ${a.resource}`))].sort().join(',');
  return `${e.kind}\u0000set:${e.boundary}:${actions}\u0000${e.target}`;
}

/** The principals a set gained and lost between two maps (none for a principal matched by ARN). */
function memberChanges(before: AccessMapEntry, after: AccessMapEntry): { joined: string[]; left: string[] } {
  if (before.principals.count === 1 && after.principals.count === 1) return { joined: [], left: [] };
  const was = new Set(before.principals.members.map((m) => m.id));
  const now = new Set(after.principals.members.map((m) => m.id));
  return { joined: [...now].filter((id) => !was.has(id)), left: [...was].filter((id) => !now.has(id)) };
}

function find(e: AccessMapEntry, a: AccessMapAction): AccessMapAction | undefined {
  return e.actions.find((x) => x.action === a.action && x.resource === a.resource);
}

const SURENESS = { Allow: 0, Conditional: 1, Unknown: 2 } as const;

/** `a` lets in what `b` does not: `b` is absent, less sure, or holds under other conditions. */
function isWider(a: AccessMapAction, b: AccessMapAction | undefined): boolean {
  if (!b) return true;
  if (SURENESS[a.decision] < SURENESS[b.decision]) return true;
  return a.decision === b.decision && a.decision !== 'Allow' && JSON.stringify(a.conditions) !== JSON.stringify(b.conditions);
}
