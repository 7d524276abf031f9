import { BOUNDARY_TITLES } from '../analyses/access-map/access-boundary.js';
import type { AccessMapAction, AccessMapEntry } from '../analyses/access-map/access-map.js';
import type { AccessDiff } from '../analyses/diff/diff-access-maps.js';
import type { FindingsDiff } from '../analyses/diff/diff-findings.js';
import { decisionText } from './access-hops.js';
import { accessWords, actionGroups, mapNotes, sourceWords } from './access-map-words.js';

/** What the diff reporters show of a finding. */
export interface DiffFinding {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly subject: string;
  readonly message: string;
}

export interface DiffResult {
  readonly access: AccessDiff;
  readonly findings?: FindingsDiff<DiffFinding>;
  /** The `--fail-on-new` kinds that something new crossed. */
  readonly failedOn: readonly string[];
}

/**
 * `trustmap diff` as text: `+` new access, `-` removed, `~` changed (what it gained and lost),
 * then new and fixed findings, and which `--fail-on-new` thresholds were crossed.
 */
export function renderDiffText(d: DiffResult, accountLabel: (id: string) => string, options: { readonly expand?: boolean } = {}): string {
  const a = d.access;
  const limit = options.expand ? Infinity : SHOWN;
  const lines = [`cross-account access: ${a.added.length} new, ${a.removed.length} removed, ${a.changed.length} changed`];
  if (a.added.length > 0) lines.push('', 'new:', ...a.added.flatMap((e) => [...entryLines('+', e, accountLabel), ...memberLines('members', e, e.principals.members.map((m) => m.id), limit)]));
  if (a.removed.length > 0) lines.push('', 'removed:', ...a.removed.flatMap((e) => [...entryLines('-', e, accountLabel), ...memberLines('members', e, e.principals.members.map((m) => m.id), limit)]));
  if (a.changed.length > 0) {
    lines.push('', 'changed:');
    for (const c of a.changed) {
      lines.push(`  ~ [${BOUNDARY_TITLES[c.after.boundary]}] ${sourceWords(c.after)} → ${c.after.target} (${accountLabel(c.after.targetAccount)})`);
      if (c.before.boundary !== c.after.boundary) lines.push(`      boundary: ${BOUNDARY_TITLES[c.before.boundary]} → ${BOUNDARY_TITLES[c.after.boundary]}`);
      for (const x of c.widened) lines.push(`      gained ${actionText(x, c.after.target)} (was ${previous(c.before, x)})`);
      for (const x of c.narrowed) lines.push(`      lost ${actionText(x, c.before.target)} (now ${previous(c.after, x)})`);
      if (c.joined.length > 0 || c.left.length > 0) lines.push(`      principals: ${c.before.principals.count.toLocaleString('en-US')} → ${c.after.principals.count.toLocaleString('en-US')}`);
      lines.push(...memberLines('joined', c.after, c.joined, limit), ...memberLines('left', c.before, c.left, limit));
    }
  }
  if (d.findings) {
    const f = d.findings;
    lines.push('', `findings: ${f.added.length} new, ${f.fixed.length} fixed`);
    for (const x of f.added) lines.push(`  + ${x.severity} ${x.ruleId} ${x.subject}: ${x.message}`);
    for (const x of f.fixed) lines.push(`  - ${x.severity} ${x.ruleId} ${x.subject}: ${x.message}`);
  }
  if (d.failedOn.length > 0) lines.push('', `fail: new ${d.failedOn.join(', ')} (--fail-on-new)`);
  return `${lines.join('\n')}\n`;
}

function entryLines(mark: string, e: AccessMapEntry, accountLabel: (id: string) => string): string[] {
  const lines = [`  ${mark} [${BOUNDARY_TITLES[e.boundary]}] ${sourceWords(e)} → ${e.target} (${accountLabel(e.targetAccount)}): ${accessWords(e)}`];
  for (const g of actionGroups(e.actions, e.target)) lines.push(`      ${g.actions.join(', ')}: ${g.text}`);
  for (const n of mapNotes(e)) lines.push(`      note: ${n}`);
  return lines;
}

/** How many members of a set the text lists without `--expand`. */
const SHOWN = 5;

/** The members of a set of more than one, by label: a few, or all with `--expand`. */
function memberLines(what: string, e: AccessMapEntry, ids: readonly string[], limit: number): string[] {
  if (ids.length === 0 || (what === 'members' && e.principals.count <= 1)) return [];
  const labels = new Map(e.principals.members.map((m) => [m.id, m.label]));
  const shown = [...ids].sort().slice(0, limit).map((id) => labels.get(id) ?? id);
  const more = ids.length - shown.length;
  return [`      ${what} (${ids.length.toLocaleString('en-US')}): ${shown.join(', ')}${more > 0 ? `, … ${more.toLocaleString('en-US')} more (--expand lists them)` : ''}`];
}

function actionText(a: AccessMapAction, target: string): string {
  const name = a.resource === target ? a.action : `${a.action} on ${a.resource}`;
  return `${name}: ${decisionText(a.decision, a.conditions, a.missing)}`;
}

function previous(e: AccessMapEntry, a: AccessMapAction): string {
  const p = e.actions.find((x) => x.action === a.action && x.resource === a.resource);
  return p ? decisionText(p.decision, p.conditions, p.missing) : 'not allowed';
}
