import type { EstateJson } from '../api';
import { setAccounts, type PrincipalSet } from './principal-set';

/**
 * The estate map as boxes and arrows, before layout: the organization as nested frames (root, OUs,
 * accounts), accounts outside it in a frame of their own, `anyone` and AWS services apart; one
 * arrow per (source, target, boundary) with the number of accesses it stands for.
 *
 * Past LARGE_ESTATE accounts the arrows are aggregated once more, between the frames the accounts
 * sit in; an account that is expanded (clicked) shows its own arrows, and its principals and
 * resources that cross a boundary as boxes inside it.
 */
export const LARGE_ESTATE = 150;

export type Boundary = 'organization' | 'outside' | 'public' | 'service' | 'unknown';

export interface MapBox {
  readonly id: string;
  readonly kind: 'frame' | 'account' | 'member' | 'endpoint';
  readonly parent?: string;
  readonly label: string;
  readonly sublabel?: string;
  /** Accounts: the account id; members: their account. */
  readonly account?: string;
  /** Accounts: whether they show their members. */
  readonly expanded?: boolean;
  /** Accounts: accesses out of and into the account; frames: accesses that stay inside them. */
  readonly outgoing?: number;
  readonly incoming?: number;
  readonly inside?: number;
  /** Words a search matches: name, id, ARNs of its members. */
  readonly search: string;
}

export interface MapArrow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly boundary: Boundary;
  readonly count: number;
  /** Every access behind it is an unconditional Allow. */
  readonly sure: boolean;
  /** Named by the target side and still refused by a gate (the access map's `blocked`): drawn only where an end is expanded. */
  readonly blocked?: boolean;
}

export interface MapGraph {
  readonly boxes: readonly MapBox[];
  readonly arrows: readonly MapArrow[];
  readonly large: boolean;
}

const OUTSIDE_FRAME = 'frame:outside';
const NO_ORG_FRAME = 'frame:accounts';
const PUBLIC = 'endpoint:public';

type Entry = EstateJson['accessMap']['entries'][number];

export function buildMapGraph(estate: EstateJson, expanded: ReadonlySet<string>): MapGraph {
  const tree = estate.overview.tree;
  const parentOf = new Map<string, string>();
  const stack: string[] = [];
  for (const level of tree) {
    stack.length = level.depth;
    if (level.depth > 0) parentOf.set(level.id, `frame:${stack[level.depth - 1]}`);
    stack.push(level.id);
  }
  const inTree = new Set(tree.filter((l) => l.kind === 'account').map((l) => l.id));
  const accounts = new Set<string>([...estate.inventory.accounts.map((a) => a.id)]);
  for (const e of estate.accessMap.entries) {
    accounts.add(e.targetAccount);
    for (const a of setAccounts(e.principals)) accounts.add(a);
  }
  const large = accounts.size > LARGE_ESTATE;
  const boxes: MapBox[] = [];
  for (const level of tree) {
    if (level.kind === 'account') continue;
    boxes.push({ id: `frame:${level.id}`, kind: 'frame', ...(parentOf.has(level.id) ? { parent: parentOf.get(level.id)! } : {}), label: level.kind === 'root' ? `organization ${estate.overview.organization.id ?? ''} · root` : `OU ${level.name}`, sublabel: guardrailText(level.scps, level.rcps), search: `${level.name} ${level.id}`.toLowerCase() });
  }
  const outsideAccounts = [...accounts].filter((a) => !inTree.has(a)).sort();
  if (outsideAccounts.length > 0) {
    const noOrg = tree.length === 0;
    boxes.push({ id: noOrg ? NO_ORG_FRAME : OUTSIDE_FRAME, kind: 'frame', label: noOrg ? 'accounts (no organization collected)' : 'outside the organization', search: '' });
  }
  const frameOfAccount = (id: string): string => (inTree.has(id) ? parentOf.get(id)! : tree.length === 0 ? NO_ORG_FRAME : OUTSIDE_FRAME);
  const names = new Map<string, string | null>(tree.filter((l) => l.kind === 'account').map((l) => [l.id, l.name]));
  for (const a of estate.inventory.accounts) if (a.name) names.set(a.id, a.name);
  const name = (id: string): string | null => names.get(id) ?? null;
  const members = membersOf(estate.accessMap.entries, estate.accessMap.blocked, expanded);
  const counts = new Map<string, { out: number; in: number }>();
  for (const e of estate.accessMap.entries) {
    for (const src of setAccounts(e.principals)) (counts.get(src) ?? counts.set(src, { out: 0, in: 0 }).get(src)!).out++;
    (counts.get(e.targetAccount) ?? counts.set(e.targetAccount, { out: 0, in: 0 }).get(e.targetAccount)!).in++;
  }
  const accountIds = [...inTree, ...outsideAccounts];
  const searchText = new Map<string, string[]>();
  for (const p of estate.inventory.principals) (searchText.get(p.account) ?? searchText.set(p.account, []).get(p.account)!).push(p.arn.toLowerCase());
  for (const r of estate.inventory.resources) (searchText.get(r.account) ?? searchText.set(r.account, []).get(r.account)!).push(r.arn.toLowerCase());
  for (const id of accountIds) {
    const n = name(id);
    const c = counts.get(id) ?? { out: 0, in: 0 };
    boxes.push({ id: `account:${id}`, kind: 'account', parent: frameOfAccount(id), label: n ?? id, sublabel: n ? id : undefined, account: id, expanded: expanded.has(id), outgoing: c.out, incoming: c.in, search: `${(n ?? '').toLowerCase()} ${id} ${(searchText.get(id) ?? []).join(' ')}` } as MapBox);
    for (const m of members.get(id) ?? []) boxes.push({ id: `member:${m.id}`, kind: 'member', parent: `account:${id}`, label: m.label, account: id, search: m.id.toLowerCase() });
  }
  const services = new Set(estate.accessMap.entries.filter((e) => e.principals.first.kind === 'service').map((e) => e.principals.first.id));
  if (estate.accessMap.entries.some((e) => e.principals.first.kind !== 'service' && setAccounts(e.principals).length === 0)) boxes.push({ id: PUBLIC, kind: 'endpoint', label: 'anyone (public)', search: 'anyone public' });
  for (const s of [...services].sort()) boxes.push({ id: `endpoint:${s}`, kind: 'endpoint', label: s, sublabel: 'AWS service', search: s });

  const expandedMembers = new Set<string>();
  for (const list of members.values()) for (const m of list) expandedMembers.add(m.id);
  const frameCounts = new Map<string, number>();
  const arrows = new Map<string, { source: string; target: string; boundary: Boundary; count: number; sure: boolean; blocked?: boolean }>();
  for (const e of estate.accessMap.entries) {
    const sure = e.decision === 'Allow' && e.actions.every((a) => a.decision === 'Allow');
    const srcAccounts = setAccounts(e.principals);
    // a set spanning accounts draws one arrow from each of them
    for (const srcAccount of srcAccounts.length > 0 ? srcAccounts : [undefined]) {
      let source = sourceEnd(e.principals, srcAccount, expanded);
      let target = expanded.has(e.targetAccount) ? `member:${e.target}` : `account:${e.targetAccount}`;
      if (large) {
        // both ends collapsed: the arrow joins their frames, unless one end is expanded
        if (srcAccount && !expanded.has(srcAccount) && !expanded.has(e.targetAccount)) {
          source = frameOfAccount(srcAccount);
          target = frameOfAccount(e.targetAccount);
          if (source === target) {
            frameCounts.set(source, (frameCounts.get(source) ?? 0) + 1);
            continue;
          }
        } else if (!srcAccount && !expanded.has(e.targetAccount)) target = frameOfAccount(e.targetAccount);
      }
      const key = `${source}>${target}>${e.boundary}`;
      const arrow = arrows.get(key) ?? arrows.set(key, { source, target, boundary: e.boundary, count: 0, sure: true }).get(key)!;
      arrow.count++;
      if (!sure) arrow.sure = false;
    }
  }
  for (const b of estate.accessMap.blocked) {
    const srcAccounts = setAccounts(b.principals);
    for (const src of srcAccounts.length > 0 ? srcAccounts : [undefined]) {
      if (!(src && expanded.has(src)) && !expanded.has(b.targetAccount)) continue;
      const source = sourceEnd(b.principals, src, expanded);
      const target = expanded.has(b.targetAccount) ? `member:${b.target}` : `account:${b.targetAccount}`;
      const key = `${source}>${target}>blocked`;
      const arrow = arrows.get(key) ?? arrows.set(key, { source, target, boundary: b.boundary, count: 0, sure: false, blocked: true }).get(key)!;
      arrow.count++;
    }
  }
  const withCounts = boxes.map((b) => (b.kind === 'frame' && frameCounts.has(b.id) ? { ...b, inside: frameCounts.get(b.id)! } : b));
  return { boxes: withCounts, arrows: [...arrows.entries()].map(([id, a]) => ({ id, ...a })), large };
}

/** Where an arrow from this set, out of `account` (one of its accounts), starts: a set of one's own box in an expanded account, else the account, `anyone` or the service. */
function sourceEnd(set: PrincipalSet, account: string | undefined, expanded: ReadonlySet<string>): string {
  if (set.first.kind === 'service') return `endpoint:${set.first.id}`;
  if (!account) return PUBLIC;
  return expanded.has(account) && set.count === 1 ? `member:${set.first.id}` : `account:${account}`;
}

type Blocked = EstateJson['accessMap']['blocked'][number];

/** The principals and targets of an expanded account that take part in a cross-account access, or are refused one. */
function membersOf(entries: readonly Entry[], blocked: readonly Blocked[], expanded: ReadonlySet<string>): Map<string, Array<{ id: string; label: string }>> {
  const out = new Map<string, Map<string, string>>();
  const add = (account: string, id: string, label: string): void => {
    if (!expanded.has(account)) return;
    (out.get(account) ?? out.set(account, new Map()).get(account)!).set(id, label);
  };
  // only a set of one is a box of its own; a larger set is drawn on its accounts
  const addPrincipal = (set: PrincipalSet): void => {
    if (set.count !== 1) return;
    for (const a of setAccounts(set)) add(a, set.first.id, set.first.label.replace(/^[^/]+\//, ''));
  };
  for (const e of entries) {
    addPrincipal(e.principals);
    add(e.targetAccount, e.target, `${e.targetType} ${shortArn(e.target)}`);
  }
  for (const b of blocked) {
    addPrincipal(b.principals);
    add(b.targetAccount, b.target, shortArn(b.target));
  }
  return new Map([...out].map(([k, v]) => [k, [...v].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label))]));
}

export function shortArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}

function guardrailText(scps: readonly string[] | undefined, rcps: readonly string[] | undefined): string | undefined {
  const parts = [];
  if (scps && scps.length > 0) parts.push(`SCP ${scps.join(', ')}`);
  if (rcps && rcps.length > 0) parts.push(`RCP ${rcps.join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
