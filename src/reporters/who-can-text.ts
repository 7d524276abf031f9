import type { AssumeEdge } from '../analyses/access-graph/graph-types.js';
import { GROUP_ORDER, GROUP_TITLES } from '../analyses/who-can/access-group.js';
import type { WhoCanEntry, WhoCanResult } from '../analyses/who-can/who-can.js';
import { decidingHop } from '../analyses/access-graph/blocking.js';
import { chainDecisionText, chainNoteLines, hopVerdict } from './access-hops.js';

/**
 * `trustmap who-can` as text: the principals grouped by where they stand (same account, other
 * accounts of the organization, outside it, organization not known, public, AWS services), each with its decision, its
 * condition and the chain used; then the near misses with the gate that keeps each out.
 */
export function renderWhoCanText(r: WhoCanResult, label: (id: string) => string): string {
  const where = r.resourceAccount ? `, account ${r.resourceAccount}` : '';
  const lines = [`who can act on ${r.resource} (${r.type}${where})`, `asked: ${r.requests.map((q) => (q.resource === r.resource ? q.action : `${q.action} on ${q.resource}`)).join(', ')}`];
  for (const group of GROUP_ORDER) {
    const entries = r.entries.filter((e) => e.group === group);
    // "organization not known" only arises where the organization was not collected: shown when it holds someone
    if (group === 'unknown' && entries.length === 0) continue;
    lines.push('', `${GROUP_TITLES[group]}:`);
    if (entries.length === 0) lines.push('  nobody');
    for (const e of entries) lines.push(...entryLines(r, e, label));
  }
  if (r.blocked.length > 0) {
    lines.push('', 'blocked (a gate granted, another refused, or a Deny decided):');
    for (const b of r.blocked) {
      const hop = decidingHop(b.final);
      const where = hop === b.final.hops[0] ? '' : ` on the implied ${hop.action}`;
      lines.push(`  ${b.principal.label} (${GROUP_TITLES[b.group]}): ${actionOf(r, b.action, b.resource)} ${hopVerdict(hop)}${where}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function entryLines(r: WhoCanResult, e: WhoCanEntry, label: (id: string) => string): string[] {
  const how = e.chain.length === 0 ? 'directly' : `via ${chainText(e.chain, label)}`;
  const lines = [`  ${e.principal.label}: ${actionOf(r, e.action, e.resource)} ${chainDecisionText(e.decision, e.final)}, ${how}`, ...chainNoteLines(e.chain, label, '    ')];
  if (e.principal.permissionsUnknown && e.principal.kind !== 'public') lines.push('    outside the estate: its own permissions are unknown');
  return lines;
}

function actionOf(r: WhoCanResult, action: string, resource: string): string {
  return resource === r.resource ? action : `${action} on ${resource}`;
}

/** `ci-runner → legacy-admin`. */
export function chainText(chain: readonly AssumeEdge[], label: (id: string) => string): string {
  return [label(chain[0]!.from), ...chain.map((e) => label(e.to))].join(' → ');
}
