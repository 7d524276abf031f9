import type { AssumeEdge } from '../analyses/access-graph/graph-types.js';
import { GROUP_ORDER, GROUP_TITLES } from '../analyses/who-can/access-group.js';
import type { WhoCanEntry, WhoCanResult } from '../analyses/who-can/who-can.js';
import type { WhoCanPaging } from '../analyses/who-can/page-who-can.js';
import { decidingHop } from '../analyses/access-graph/blocking.js';
import { chainDecisionText, chainNoteLines, hopVerdict } from './access-hops.js';

/**
 * `trustmap who-can` as text: the principals grouped by where they stand (same account, other
 * accounts of the organization, outside it, organization not known, public, AWS services), each with its decision, its
 * condition and the chain used; then the near misses with the gate that keeps each out.
 * `r` is the answer as shown; with `paging`, a page that leaves rows out says which rows it shows
 * and where the next page starts, and a group with no row on the page is left out rather than
 * said to hold nobody.
 */
export function renderWhoCanText(r: WhoCanResult, label: (id: string) => string, paging?: WhoCanPaging): string {
  const partial = paging !== undefined && r.entries.length < paging.total.principals;
  const where = r.resourceAccount ? `, account ${r.resourceAccount}` : '';
  const lines = [`who can act on ${r.resource} (${r.type}${where})`, `asked: ${r.requests.map((q) => (q.resource === r.resource ? q.action : `${q.action} on ${q.resource}`)).join(', ')}`];
  for (const group of GROUP_ORDER) {
    const entries = r.entries.filter((e) => e.group === group);
    // "organization not known" only arises where the organization was not collected: shown when it holds someone
    if (group === 'unknown' && entries.length === 0) continue;
    if (partial && entries.length === 0) continue;
    lines.push('', `${GROUP_TITLES[group]}:`);
    if (entries.length === 0) lines.push('  nobody');
    for (const e of entries) lines.push(...entryLines(r, e, label));
  }
  lines.push(...peopleLines(r, label));
  if (r.blocked.length > 0) {
    lines.push('', 'blocked (a gate granted, another refused, or a Deny decided):');
    for (const b of r.blocked) {
      const hop = decidingHop(b.final);
      const where = hop === b.final.hops[0] ? '' : ` on the implied ${hop.action}`;
      lines.push(`  ${b.principal.label} (${GROUP_TITLES[b.group]}): ${actionOf(r, b.action, b.resource)} ${hopVerdict(hop)}${where}`);
    }
  }
  if (paging) {
    const showing = [pageLine('principals', r.entries.length, paging.total.principals, paging.page.offset), pageLine('blocked principals', r.blocked.length, paging.total.blocked, paging.page.offset)].filter((l) => l !== undefined);
    if (showing.length > 0) lines.push('', ...showing);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The people behind the roles: for each instance, each way in (a group's assignment, or assigned
 * directly) with its users, then what the role they sign in as can do.
 */
function peopleLines(r: WhoCanResult, label: (id: string) => string): string[] {
  const lines: string[] = [];
  let store: string | undefined;
  for (const p of r.people) {
    if (p.identityStoreId !== store) {
      store = p.identityStoreId;
      lines.push('', `people, through IAM Identity Center (${store}):`);
    }
    const account = p.accountName ? `${p.accountName} (${p.accountId})` : p.accountId;
    const how = p.group !== undefined ? `group ${p.group}` : 'assigned directly';
    lines.push(`  ${how} → permission set ${p.permissionSet} in ${account}, as ${label(p.role)}:`);
    lines.push(`    ${p.users.map((u) => (u.displayName ? `${u.userName} (${u.displayName})` : u.userName)).join(', ')}`);
    for (const e of p.entries) {
      const route = e.chain.length === 0 ? 'directly' : `via ${chainText(e.chain, label)}`;
      lines.push(`    ${actionOf(r, e.action, e.resource)} ${chainDecisionText(e.decision, e.final)}, ${route}`);
    }
  }
  return lines;
}

function entryLines(r: WhoCanResult, e: WhoCanEntry, label: (id: string) => string): string[] {
  const how = e.chain.length === 0 ? 'directly' : `via ${chainText(e.chain, label)}`;
  const lines = [`  ${e.principal.label}: ${actionOf(r, e.action, e.resource)} ${chainDecisionText(e.decision, e.final)}, ${how}`, ...chainNoteLines(e.chain, label, '    ')];
  if (e.principal.permissionsUnknown && e.principal.kind !== 'public') lines.push('    outside the estate: its own permissions are unknown');
  return lines;
}

/** `showing principals 1–50 of 44,812 (--offset 50 for more)`, when the page leaves rows of the list out. */
function pageLine(list: string, shown: number, total: number, offset: number): string | undefined {
  if (shown === total) return undefined;
  if (shown === 0) return `showing no ${list}: --offset ${offset} is past the last of ${count(total)}`;
  const end = offset + shown;
  const rows = shown === 1 ? count(end) : `${count(offset + 1)}–${count(end)}`;
  return `showing ${list} ${rows} of ${count(total)}${end < total ? ` (--offset ${end} for more)` : ''}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function actionOf(r: WhoCanResult, action: string, resource: string): string {
  return resource === r.resource ? action : `${action} on ${resource}`;
}

/** `ci-runner → legacy-admin`. */
export function chainText(chain: readonly AssumeEdge[], label: (id: string) => string): string {
  return [label(chain[0]!.from), ...chain.map((e) => label(e.to))].join(' → ');
}
