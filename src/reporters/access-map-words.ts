import type { AccessMapAction, AccessMapEntry } from '../analyses/access-map/access-map.js';
import { CLASS_TITLES } from '../analyses/access-map/action-classes.js';
import type { GraphNode } from '../analyses/access-graph/graph-types.js';
import { firstPrincipal, type PrincipalSet } from '../analyses/access-map/principal-set.js';
import { CARRIED_OVER_NOTE, ROLE_CHAINING_NOTE } from '../analyses/access-graph/edge-notes.js';
import { decisionText } from './access-hops.js';

/**
 * `ci/role/ci-runner (333333333333)`, `anyone`, `sns.amazonaws.com for 444444444444`; a set:
 * `47 principals of ci (333333333333)`, `44,812 principals in 1,000 accounts`.
 */
export function sourceWords(e: Pick<AccessMapEntry, 'principals' | 'sourceAccounts'>): string {
  if (e.principals.count > 1) return setWords(e.principals);
  const p: GraphNode = firstPrincipal(e.principals);
  if (p.kind === 'service') return `${p.label} for ${e.sourceAccounts === 'any' || e.sourceAccounts === undefined ? 'any account' : e.sourceAccounts.join(', ')}`;
  return p.accountId && !p.label.includes(p.accountId) ? `${p.label} (${p.accountId})` : p.label;
}

/** A set of more than one principal, in words. */
export function setWords(set: PrincipalSet): string {
  const n = set.count.toLocaleString('en-US');
  if (set.accounts.length === 1) {
    const account = set.accounts[0]!;
    const first = firstPrincipal(set).label;
    const label = first.slice(0, first.indexOf('/'));
    return `${n} principals of ${label && label !== account ? `${label} (${account})` : account}`;
  }
  return `${n} principals in ${set.accounts.length.toLocaleString('en-US')} accounts`;
}

/** How many members of a set the text names before `… and N more`. */
const MEMBERS_NAMED = 5;

/** `ops/role/ops-admin, prod/role/deploy, … and 44,807 more (--format json --expand lists them)`. */
export function memberWords(set: PrincipalSet): string {
  const named = set.members.slice(0, MEMBERS_NAMED).map((m) => m.label);
  const more = set.count - named.length;
  return more > 0 ? `${named.join(', ')}, … and ${more.toLocaleString('en-US')} more (--format json --expand lists them)` : named.join(', ');
}

/** Whether the entry is about principals outside the estate, whose own permissions are unknown. */
export function permissionsUnknown(e: Pick<AccessMapEntry, 'kind' | 'principals'>): boolean {
  const p = firstPrincipal(e.principals);
  return e.kind === 'resource' && e.principals.count === 1 && p.permissionsUnknown === true && p.kind !== 'public';
}

/** `assume`, `read, list`, `permissions management, write`. */
export function accessWords(e: AccessMapEntry): string {
  return e.kind === 'assume' ? 'assume role' : e.classes.map((c) => CLASS_TITLES[c]).join(', ');
}

/** The actions of an entry, grouped by what the engine answered: `s3:GetObject, s3:ListBucket: Allow`. */
export function actionGroups(actions: readonly AccessMapAction[], target: string): Array<{ actions: string[]; text: string }> {
  const groups = new Map<string, string[]>();
  for (const a of actions) {
    const text = decisionText(a.decision, a.conditions, a.missing);
    const name = a.resource === target ? a.action : `${a.action} on ${a.resource}`;
    const list = groups.get(text) ?? [];
    if (!list.includes(name)) list.push(name);
    groups.set(text, list);
  }
  return [...groups].map(([text, names]) => ({ actions: names, text }));
}

const CHAINING_NOTES: ReadonlySet<string> = new Set([ROLE_CHAINING_NOTE, CARRIED_OVER_NOTE]);

/** The notes worth a line in the map: role chaining is true of every role-to-role entry, so it stays in the JSON. */
export function mapNotes(e: AccessMapEntry): string[] {
  return e.notes.filter((n) => !CHAINING_NOTES.has(n));
}
