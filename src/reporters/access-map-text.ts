import { BOUNDARY_ORDER, BOUNDARY_TITLES, type AccessBoundary } from '../analyses/access-map/access-boundary.js';
import type { AccessMap } from '../analyses/access-map/access-map.js';
import { peopleWords } from './people-json.js';
import { usageWords } from './usage-words.js';
import { accessWords, actionGroups, mapNotes, memberWords, permissionsUnknown, sourceWords } from './access-map-words.js';

/**
 * `trustmap access-map` as text: every cross-account access grouped by where it comes from
 * (public, outside the organization, AWS services, inside it), each principal → target with its
 * action classes and what the engine answered per action; then what the target names and still refuses.
 */
export function renderAccessMapText(m: AccessMap, accountLabel: (id: string) => string): string {
  const lines = [
    `cross-account access: ${m.entries.length} entr${m.entries.length === 1 ? 'y' : 'ies'} (${countsText(m)}), ${m.blocked.length} blocked${principalsText(m)}`,
    `asked ${m.targetsAsked} of ${m.targetsTotal} roles and resources (the others name nobody outside their account); ${m.evaluations} engine evaluations`,
  ];
  for (const boundary of BOUNDARY_ORDER) {
    const entries = m.entries.filter((e) => e.boundary === boundary);
    if (entries.length === 0) continue;
    lines.push('', `${BOUNDARY_TITLES[boundary]}:`);
    for (const e of entries) {
      lines.push(`  ${sourceWords(e)} → ${e.target} (${accountLabel(e.targetAccount)}): ${accessWords(e)}`);
      for (const g of actionGroups(e.actions, e.target)) lines.push(`    ${g.actions.join(', ')}: ${g.text}`);
      if (e.principals.count > 1) lines.push(`    principals: ${memberWords(e.principals)}`);
      for (const p of e.people ?? []) lines.push(`    people: ${peopleWords(p)}`);
      if (e.usage) lines.push(`    usage: ${usageWords(e.usage)}`);
      for (const note of mapNotes(e)) lines.push(`    note: ${note}`);
      if (permissionsUnknown(e)) lines.push('    outside the estate: its own permissions are unknown');
    }
  }
  if (m.blocked.length > 0) {
    lines.push('', 'blocked (the target side names the principal, and a gate refuses):');
    for (const b of m.blocked) {
      const gate = b.gate ? `${b.gate} (${[b.side, b.account].filter(Boolean).join(' ')})` : 'no gate';
      lines.push(`  ${sourceWords(b)} → ${b.action} on ${b.resource}: ${b.decision} by ${gate}: ${b.reason}`);
      if (b.principals.count > 1) lines.push(`    principals: ${memberWords(b.principals)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `; 44,812 principals in all` when some entry is a set of more than one. */
export function principalsText(m: AccessMap): string {
  if (!m.entries.some((e) => e.principals.count > 1) && !m.blocked.some((b) => b.principals.count > 1)) return '';
  const reach = m.entries.reduce((n, e) => n + e.principals.count, 0);
  const refused = m.blocked.reduce((n, b) => n + b.principals.count, 0);
  return `; ${reach.toLocaleString('en-US')} principal-target pairs reach, ${refused.toLocaleString('en-US')} are refused`;
}

export function countsText(m: AccessMap): string {
  const counts = new Map<AccessBoundary, number>();
  for (const e of m.entries) counts.set(e.boundary, (counts.get(e.boundary) ?? 0) + 1);
  const parts = BOUNDARY_ORDER.filter((b) => counts.has(b)).map((b) => `${counts.get(b)} ${BOUNDARY_TITLES[b]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
