import type { PathsResult } from '../analyses/paths/find-paths.js';
import { assumeHopLines, hopVerdict, requestHopLines } from './access-hops.js';
import { pathUsage } from '../analyses/usage/path-usage.js';
import { usageWords } from './usage-words.js';

/**
 * `trustmap paths` as text: each path shortest first, each hop with its gates' verdicts and
 * conditions and notes, the last hop being the request itself with its implied KMS hops.
 */
export function renderPathsText(r: PathsResult, label: (id: string) => string): string {
  const lines = [`paths from ${r.from.label} to ${r.action} on ${r.resource} (at most ${r.maxHops} role assumptions)`];
  if (r.from.permissionsUnknown) lines.push(`note: ${r.from.label} is outside the estate: its own permissions are unknown`);
  if (r.paths.length === 0) {
    lines.push(r.direct ? `no path: the direct request is ${hopVerdict(r.direct)}` : 'no path');
    if (r.direct) lines.push(...requestHopLines(r.from.label, r.direct, '  ', '    '));
  }
  r.paths.forEach((p, i) => {
    const hops = p.chain.length + 1;
    lines.push('', `${i + 1}. ${p.decision}, ${hops} hop${hops === 1 ? '' : 's'}`);
    const usage = pathUsage(p);
    const usageLine = (i: number): string[] => (usage?.[i] ? [`        usage: ${usageWords(usage[i]!)}`] : []);
    p.chain.forEach((e, j) => lines.push(...assumeHopLines(e, label, `   ${j + 1}) `, '        '), ...usageLine(j)));
    lines.push(...requestHopLines(p.requester.label, p.final, `   ${hops}) `, '        '), ...p.finalNotes.map((n) => `        note: ${n}`), ...usageLine(p.chain.length));
  });
  if (r.truncated) lines.push('', `more paths exist: only the first ${r.paths.length} are listed`);
  return `${lines.join('\n')}\n`;
}
