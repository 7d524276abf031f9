import { BOUNDARY_ORDER, BOUNDARY_TITLES } from '../analyses/access-map/access-boundary.js';
import type { AccessMap, AccessMapEntry } from '../analyses/access-map/access-map.js';
import { countsText } from './access-map-text.js';
import { accessWords, actionGroups, mapNotes, permissionsUnknown, sourceWords } from './access-map-words.js';

/** `trustmap access-map --format markdown`: one table per boundary, then the blocked accesses. */
export function renderAccessMapMarkdown(m: AccessMap, accountLabel: (id: string) => string, title = 'Cross-account access'): string {
  const out = [
    `# ${title}`,
    '',
    `${m.entries.length} entr${m.entries.length === 1 ? 'y' : 'ies'} (${countsText(m)}); ${m.blocked.length} blocked. ` +
      `${m.targetsAsked} of ${m.targetsTotal} roles and resources name a principal outside their account; ${m.evaluations} engine evaluations.`,
  ];
  for (const boundary of BOUNDARY_ORDER) {
    const entries = m.entries.filter((e) => e.boundary === boundary);
    if (entries.length === 0) continue;
    out.push('', `## ${capitalize(BOUNDARY_TITLES[boundary])}`, '', '| Principal | Target | Target account | Access | Decision |', '|---|---|---|---|---|');
    for (const e of entries) out.push(`| ${cell(sourceWords(e))} | ${code(e.target)} | ${cell(accountLabel(e.targetAccount))} | ${cell(accessWords(e))} | ${decisionCell(e)} |`);
  }
  if (m.blocked.length > 0) {
    out.push('', '## Blocked', '', 'The target side names these principals, and a gate still refuses.', '', '| Principal | Request | Decision | Refused by | Why |', '|---|---|---|---|---|');
    for (const b of m.blocked) {
      const by = b.gate ? `${b.gate} (${[b.side, b.account].filter(Boolean).join(' ')})` : '';
      out.push(`| ${cell(sourceWords(b))} | ${code(`${b.action} ${b.resource}`)} | ${b.decision} | ${cell(by)} | ${cell(b.reason)} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

function decisionCell(e: AccessMapEntry): string {
  const lines = actionGroups(e.actions, e.target).map((g) => `${g.actions.map(code).join(', ')}: ${cell(g.text)}`);
  for (const note of mapNotes(e)) lines.push(`note: ${cell(note)}`);
  if (permissionsUnknown(e)) lines.push('outside the estate: its own permissions are unknown');
  return lines.join('<br>');
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
