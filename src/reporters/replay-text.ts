import type { ReplayDisagreement, ReplayReport, ReplayServiceCounts } from '../analyses/replay/replay.js';
import type { Explanation } from '../analyses/explain/explanation.js';
import { renderExplainText } from './explain-text.js';

const COLUMNS: ReadonlyArray<readonly [keyof Omit<ReplayServiceCounts, 'service'>, string]> = [
  ['compared', 'compared'],
  ['agree', 'agree'],
  ['gap', 'gap'],
  ['drift', 'drift'],
  ['conditional', 'conditional'],
  ['unknown', 'unknown'],
  ['otherError', 'other error'],
  ['unresolved', 'unresolved'],
];

/** The most frequent calls that are not modelled, listed by name; the rest counted. */
const NOT_MODELLED_SHOWN = 8;

/**
 * `replay` as text: the window, agreement by service, what was not compared and why, then each
 * disagreement with the engine's explanation of its request (docs/cloudtrail.md#replay).
 */
export function renderReplayText(report: ReplayReport, logs: { readonly files: number; readonly records: number }, explain: (d: ReplayDisagreement) => Explanation): string {
  const out: string[] = [];
  const window = report.window ? `, ${report.window.from} to ${report.window.to}` : '';
  out.push(`Replayed ${count(report.records, 'call')}${window}, against the estate as of ${report.snapshotTime ?? 'an unknown time (no `collectedAt`: any later policy change counts as drift)'}`);
  out.push(`  ${count(logs.records, 'record')} read from ${count(logs.files, 'file')}${report.joined > 0 ? `; ${count(report.joined, 'cross-account call')} recorded in both accounts' logs, counted once` : ''}${report.duplicates > 0 ? `; ${count(report.duplicates, 'copy', 'copies')} delivered twice to one account (two trails), counted once` : ''}`);
  out.push('');
  out.push(table(report));
  out.push('');
  out.push(agreementLine(report));
  if (report.totals.conditional + report.totals.unknown > 0) {
    out.push(`  Conditional: the engine needs a condition key the record does not carry; Unknown: the estate lacks data the answer needs. Neither counts as agreement.`);
  }
  if (report.notModelled.length > 0) {
    const shown = report.notModelled.slice(0, NOT_MODELLED_SHOWN).map((n) => `${n.eventSource.replace('.amazonaws.com', '')} ${n.eventName} ${n.count}`);
    const rest = report.notModelled.length - shown.length;
    out.push(`Not modelled: ${count(report.totals.notModelled, 'call')} of ${count(report.notModelled.length, 'kind')} (${shown.join(', ')}${rest > 0 ? `, ${rest} more kinds` : ''}); see docs/cloudtrail.md#modelled-calls`);
  }
  for (const u of report.unresolved) out.push(`Unresolved: ${count(u.count, 'call')}: ${u.why}`);
  if (report.totals.policyChanges > 0) out.push(`Policy changes read: ${report.totals.policyChanges}`);
  const gaps = report.disagreements.filter((d) => d.kind === 'gap');
  const drifts = report.disagreements.filter((d) => d.kind === 'drift');
  if (report.disagreements.length === 0) {
    out.push('');
    out.push('No disagreement: every compared call got the answer AWS gave.');
    return `${out.join('\n')}\n`;
  }
  for (const [title, list] of [['Gaps (trustmap answers differently, and no policy change explains it)', gaps], ['Drift (a policy change falls between the call and the snapshot)', drifts]] as const) {
    if (list.length === 0) continue;
    out.push('');
    out.push(`${title}:`);
    for (const d of list) out.push(...disagreementLines(d, explain(d)));
  }
  return `${out.join('\n')}\n`;
}

function disagreementLines(d: ReplayDisagreement, explanation: Explanation): string[] {
  const aws = d.aws === 'allowed' ? 'AWS allowed' : `AWS denied (${d.errorCode ?? 'AccessDenied'})`;
  const when = d.count === 1 ? d.firstSeen : `${d.count} calls, ${d.firstSeen} to ${d.lastSeen}`;
  const lines = [
    '',
    `- ${d.kind}: ${d.eventSource.replace('.amazonaws.com', '')} ${d.eventName}: ${aws}, trustmap answers ${d.decision} (${when})`,
    `  ${d.request.principal} -> ${d.request.action} -> ${d.request.resource}`,
    `  first record: ${d.source.file}#${d.source.pointer}${d.eventId ? ` (eventID ${d.eventId})` : ''}`,
  ];
  for (const c of d.changes ?? []) lines.push(`  changed: ${c.entity} by ${c.eventName} at ${c.time}`);
  lines.push(...renderExplainText(explanation).trimEnd().split('\n').map((l) => (l === '' ? '' : `    ${l}`)));
  return lines;
}

function agreementLine(r: ReplayReport): string {
  const t = r.totals;
  const decided = t.agree + t.gap + t.drift;
  const rate = decided > 0 ? ` (${((100 * t.agree) / decided).toFixed(1)} % of the calls the engine decided)` : '';
  return `Agreement: ${t.agree} of ${t.compared} compared calls${rate}; ${t.gap} gap${t.gap === 1 ? '' : 's'}, ${t.drift} drift; ${t.conditional} Conditional and ${t.unknown} Unknown counted apart`;
}

function table(r: ReplayReport): string {
  const rows: string[][] = [['service', ...COLUMNS.map(([, h]) => h)]];
  for (const s of r.services) rows.push([s.service, ...COLUMNS.map(([k]) => String(s[k]))]);
  rows.push(['total', ...COLUMNS.map(([k]) => String(r.totals[k]))]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
