import type { WhatCanResult } from '../analyses/what-can/what-can.js';
import { chainDecisionText, chainNoteLines } from './access-hops.js';
import { chainText } from './who-can-text.js';

/**
 * `trustmap what-can` as text: the role sessions the principal reaches, then every action on every
 * resource it can reach, by account, with the condition and the chain used.
 */
export function renderWhatCanText(r: WhatCanResult, label: (id: string) => string): string {
  const lines = [`what ${r.principal.label} can reach (at most ${r.maxHops} role assumptions)`];
  if (r.principal.permissionsUnknown) lines.push(`note: ${r.principal.label} is outside the estate: its own permissions are unknown`);
  lines.push('', 'sessions:');
  for (const s of r.sessions) lines.push(`  ${s.node.label}${s.chain.length === 0 ? ' (itself)' : `: via ${chainText(s.chain, label)}`}`);
  let account: string | null = null;
  for (const e of r.entries) {
    const here = e.resourceAccount ?? 'unknown';
    if (here !== account) {
      account = here;
      lines.push('', `account ${account}:`);
    }
    const how = e.chain.length === 0 ? (e.requester.id === r.principal.id ? 'directly' : `as ${e.requester.label}`) : `via ${chainText(e.chain, label)}`;
    lines.push(`  ${e.action} ${e.resource}: ${chainDecisionText(e.decision, e.final)}, ${how}`, ...chainNoteLines(e.chain, label, '    '));
  }
  if (r.entries.length === 0) lines.push('', 'nothing in the estate');
  return `${lines.join('\n')}\n`;
}
