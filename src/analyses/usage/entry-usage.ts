import type { Estate, Role } from '../../core/model/estate.js';
import type { GraphNode } from '../access-graph/graph-types.js';
import type { PrincipalSet } from '../access-map/principal-set.js';
import { callerKey, withoutRolePath, type SeenStats, type UsageLog, type UsageRow } from './usage-log.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `--unused-days` when not given: the default of IAM Access Analyzer's unused-access findings. */
export const DEFAULT_UNUSED_DAYS = 90;

/** What the usage of an access rests on, and what it says (docs/cloudtrail.md#usage). */
export interface Usage {
  /** `cloudtrail`: the calls of the logs read; `role-last-used`: the role's `RoleLastUsed`, which does not say who assumed it. */
  readonly signal: 'cloudtrail' | 'role-last-used';
  /** `unknown`: the role was used, and the signal cannot tell by whom. */
  readonly state: 'used' | 'unused' | 'unknown';
  readonly count: number;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** CloudTrail: the time the logs cover. */
  readonly window?: { readonly from: string; readonly to: string };
  /** IAM Identity Center roles: the people (session names) seen using the access. */
  readonly people?: readonly string[];
  /** One line: what the state rests on. */
  readonly reason: string;
}

/** The usage evidence an analysis may draw on. */
export interface UsageEvidence {
  /** Successful calls read from CloudTrail; without it, roles' `RoleLastUsed` is the (coarser) signal. */
  readonly log?: UsageLog;
  /** The moment "not used in N days" counts back from: the snapshot's time, else the latest use the estate records. */
  readonly now: number;
  readonly unusedDays: number;
}

/** The parts of an access-map entry or a path hop that usage is asked about. */
export interface UsageSubject {
  readonly kind: 'assume' | 'resource';
  readonly principals: PrincipalSet;
  readonly target: string;
  readonly targetAccount: string;
  readonly actions: ReadonlyArray<{ readonly action: string; readonly resource: string }>;
}

/**
 * Whether an access was used. With CloudTrail: the subject's principals' successful calls of its
 * actions on its target, in the window read. Without, for a role: its `RoleLastUsed` (no use
 * recorded, or none in `unusedDays`, is unused; a recent use is `unknown`: IAM does not say whose).
 * Undefined when there is no evidence at all.
 */
export function usageOf(subject: UsageSubject, evidence: UsageEvidence, estate: Estate): Usage | undefined {
  if (evidence.log) return fromLog(subject, evidence.log);
  if (subject.kind !== 'assume') return undefined;
  const role = roleOf(estate, subject.target);
  if (!role || role.lastUsed === undefined) return undefined;
  if (role.lastUsed === null) return { signal: 'role-last-used', state: 'unused', count: 0, reason: 'IAM records no use of the role (RoleLastUsed is empty)' };
  const last = Date.parse(role.lastUsed.date);
  const since = evidence.now - evidence.unusedDays * DAY_MS;
  if (last < since) return { signal: 'role-last-used', state: 'unused', count: 0, lastSeen: role.lastUsed.date, reason: `the role was last used ${role.lastUsed.date}, more than ${evidence.unusedDays} days before ${iso(evidence.now)}` };
  return { signal: 'role-last-used', state: 'unknown', count: 0, lastSeen: role.lastUsed.date, reason: `the role was last used ${role.lastUsed.date}; RoleLastUsed does not say by which principal` };
}

function fromLog(subject: UsageSubject, log: UsageLog): Usage {
  const window = log.window ? { from: iso(log.window.from), to: iso(log.window.to) } : undefined;
  const member = membership(subject);
  const total: SeenStats = { count: 0, first: Infinity, last: -Infinity };
  const people = new Set<string>();
  for (const a of subject.actions) {
    for (const row of log.callers(a.action, a.resource)) {
      if (!member(row)) continue;
      total.count += row.count;
      total.first = Math.min(total.first, row.first);
      total.last = Math.max(total.last, row.last);
      for (const name of row.sessions?.keys() ?? []) people.add(name);
    }
  }
  const span = window ? `in the logs read (${window.from} to ${window.to})` : 'in the logs read (none had a record)';
  if (total.count === 0) return { signal: 'cloudtrail', state: 'unused', count: 0, ...(window ? { window } : {}), reason: `no successful call ${span}` };
  return {
    signal: 'cloudtrail',
    state: 'used',
    count: total.count,
    firstSeen: iso(total.first),
    lastSeen: iso(total.last),
    ...(window ? { window } : {}),
    ...(people.size > 0 ? { people: [...people].sort() } : {}),
    reason: `${total.count} successful call${total.count === 1 ? '' : 's'} ${span}`,
  };
}

const KEYS = new WeakMap<PrincipalSet, { readonly callers: Set<string>; readonly accounts: Set<string>; readonly anyone: boolean }>();

/** Whether a caller of the logs is one of the subject's principals. */
function membership(subject: UsageSubject): (row: UsageRow) => boolean {
  let keys = KEYS.get(subject.principals);
  if (!keys) {
    const callers = new Set<string>();
    const accounts = new Set<string>();
    let anyone = false;
    for (const m of subject.principals.members) addMember(m, callers, accounts, () => (anyone = true));
    keys = { callers, accounts, anyone };
    KEYS.set(subject.principals, keys);
  }
  const { callers, accounts, anyone } = keys;
  // The public is every signed-in or anonymous caller of another account; an AWS service acting for itself is not one of them.
  return (row) => callers.has(row.caller) || (row.account !== undefined && accounts.has(row.account)) || (anyone && !row.caller.startsWith('service:') && row.account !== subject.targetAccount);
}

function addMember(node: GraphNode, callers: Set<string>, accounts: Set<string>, everyone: () => void): void {
  switch (node.kind) {
    case 'role':
    case 'user':
      callers.add(callerKey(node.id));
      return;
    case 'service':
      callers.add(`service:${node.id}`);
      return;
    case 'provider':
      callers.add(`provider:${node.id}`);
      return;
    case 'public':
      everyone();
      return;
    case 'outside': {
      // An account outside the estate stands for every principal of it.
      const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(node.id) ?? (/^\d{12}$/.test(node.id) ? [node.id, node.id] : null);
      if (root) accounts.add(root[1]!);
      else callers.add(callerKey(node.id));
      return;
    }
  }
}

function roleOf(estate: Estate, arn: string): Role | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(withoutRolePath(arn));
  return m ? estate.accounts.get(m[1]!)?.roles.get(m[2]!) : undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
