import type { EstateJson } from '../api';

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
    if (e.principal.account && e.principal.kind !== 'public' && e.principal.kind !== 'service') accounts.add(e.principal.account);
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
    const src = sourceAccount(e);
    if (src) (counts.get(src) ?? counts.set(src, { out: 0, in: 0 }).get(src)!).out++;
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
  const services = new Set(estate.accessMap.entries.filter((e) => e.principal.kind === 'service').map((e) => e.principal.id));
  if (estate.accessMap.entries.some((e) => e.principal.kind === 'public' || (!e.principal.account && e.principal.kind !== 'service'))) boxes.push({ id: PUBLIC, kind: 'endpoint', label: 'anyone (public)', search: 'anyone public' });
  for (const s of [...services].sort()) boxes.push({ id: `endpoint:${s}`, kind: 'endpoint', label: s, sublabel: 'AWS service', search: s });

  const expandedMembers = new Set<string>();
  for (const list of members.values()) for (const m of list) expandedMembers.add(m.id);
  const frameCounts = new Map<string, number>();
  const arrows = new Map<string, { source: string; target: string; boundary: Boundary; count: number; sure: boolean; blocked?: boolean }>();
  for (const e of estate.accessMap.entries) {
    let source = sourceEnd(e, expanded);
    let target = expanded.has(e.targetAccount) ? `member:${e.target}` : `account:${e.targetAccount}`;
    if (large) {
      const srcAccount = sourceAccount(e);
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
    if (e.decision !== 'Allow' || e.actions.some((a) => a.decision !== 'Allow')) arrow.sure = false;
  }
  for (const b of estate.accessMap.blocked) {
    const src = b.principal.kind === 'public' || b.principal.kind === 'service' ? undefined : (b.principal.account ?? undefined);
    if (!(src && expanded.has(src)) && !expanded.has(b.targetAccount)) continue;
    const source = src ? (expanded.has(src) ? `member:${b.principal.id}` : `account:${src}`) : b.principal.kind === 'service' ? `endpoint:${b.principal.id}` : PUBLIC;
    const target = expanded.has(b.targetAccount) ? `member:${b.target}` : `account:${b.targetAccount}`;
    const key = `${source}>${target}>blocked`;
    const arrow = arrows.get(key) ?? arrows.set(key, { source, target, boundary: b.boundary, count: 0, sure: false, blocked: true }).get(key)!;
    arrow.count++;
  }
  const withCounts = boxes.map((b) => (b.kind === 'frame' && frameCounts.has(b.id) ? { ...b, inside: frameCounts.get(b.id)! } : b));
  return { boxes: withCounts, arrows: [...arrows.entries()].map(([id, a]) => ({ id, ...a })), large };
}

function sourceAccount(e: Entry): string | undefined {
  return e.principal.kind === 'public' || e.principal.kind === 'service' ? undefined : (e.principal.account ?? undefined);
}

function sourceEnd(e: Entry, expanded: ReadonlySet<string>): string {
  if (e.principal.kind === 'service') return `endpoint:${e.principal.id}`;
  const account = sourceAccount(e);
  if (!account) return PUBLIC;
  return expanded.has(account) ? `member:${e.principal.id}` : `account:${account}`;
}

type Blocked = EstateJson['accessMap']['blocked'][number];

/** The principals and targets of an expanded account that take part in a cross-account access, or are refused one. */
function membersOf(entries: readonly Entry[], blocked: readonly Blocked[], expanded: ReadonlySet<string>): Map<string, Array<{ id: string; label: string }>> {
  const out = new Map<string, Map<string, string>>();
  const add = (account: string, id: string, label: string): void => {
    if (!expanded.has(account)) return;
    (out.get(account) ?? out.set(account, new Map()).get(account)!).set(id, label);
  };
  for (const e of entries) {
    const src = sourceAccount(e);
    if (src) add(src, e.principal.id, e.principal.label.replace(/^[^/]+\//, ''));
    add(e.targetAccount, e.target, `${e.targetType} ${shortArn(e.target)}`);
  }
  for (const b of blocked) {
    if (b.principal.account && b.principal.kind !== 'public' && b.principal.kind !== 'service') add(b.principal.account, b.principal.id, b.principal.label.replace(/^[^/]+\//, ''));
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
