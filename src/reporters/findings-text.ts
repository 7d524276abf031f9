import type { SourceLocation } from '../core/diagnostics.js';
import type { Finding } from '../analyses/findings/finding.js';
import { countBySeverity, type FindingsReport } from '../analyses/findings/findings-report.js';
import { SEVERITY_ORDER } from '../analyses/findings/finding.js';

/**
 * `trustmap findings` as text: a summary line, then each finding with its subject, where the
 * policy and statement are, the fix (which account, what to change, the statement to paste) and
 * the rule's docs page. `--verbose` adds the engine's evidence.
 */
export function renderFindingsText(r: FindingsReport, options: { readonly evidence?: boolean } = {}): string {
  const lines: string[] = [summaryLine(r), `${r.rules.length} rule${r.rules.length === 1 ? '' : 's'}, ${r.evaluations} engine evaluation${r.evaluations === 1 ? '' : 's'}`];
  if (r.failOn) lines.push(r.failed ? `--fail-on ${r.failOn}: crossed` : `--fail-on ${r.failOn}: not crossed`);
  for (const f of r.findings) lines.push('', ...findingLines(f, options.evidence === true));
  if (r.suppressed.length > 0) {
    lines.push('', 'accepted by the baseline:');
    for (const { finding, entry } of r.suppressed) lines.push(`  ${finding.fingerprint}  ${finding.ruleId}  ${finding.subject}: ${entry.reason}`);
  }
  if (r.migrate.length > 0) {
    lines.push('', 'baseline entries in an earlier form (one finding per principal, before the access map grouped principals): still accepted; replace the fingerprint on the left with the one on the right (docs/access-map.md#format-version):');
    for (const { entry, fingerprint } of r.migrate) lines.push(`  ${entry.fingerprint} → ${fingerprint}${entry.ruleId ? `  ${entry.ruleId}` : ''}${entry.subject ? `  ${entry.subject}` : ''}`);
  }
  if (r.stale.length > 0) {
    lines.push('', 'baseline entries that match no finding any more (fixed?):');
    for (const e of r.stale) lines.push(`  ${e.fingerprint}${e.ruleId ? `  ${e.ruleId}` : ''}${e.subject ? `  ${e.subject}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function summaryLine(r: FindingsReport): string {
  const counts = countBySeverity(r.findings);
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const total = r.findings.length;
  return `findings: ${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}, ${r.suppressed.length} accepted by the baseline`;
}

function findingLines(f: Finding, evidence: boolean): string[] {
  const out = [`${f.severity.toUpperCase()}  ${f.ruleId}  ${f.subject} (account ${f.account})`, `  ${f.message}`];
  const where = whereText(f);
  if (where) out.push(`  at ${where}`);
  if (evidence) for (const e of f.evidence) out.push(`  - ${e}`);
  out.push(`  fix: ${f.fix.summary}`);
  if (f.fix.statement !== undefined) out.push(...JSON.stringify(f.fix.statement, null, 2).split('\n').map((l) => `    ${l}`));
  out.push(`  ${f.docs}  ·  fingerprint ${f.fingerprint}`);
  return out;
}

/** `file:line  policy name, statement Sid`: where to look. */
function whereText(f: Finding): string | undefined {
  const source: SourceLocation | undefined = f.statement?.source ?? f.policy?.source;
  const file = source?.file !== undefined ? `${source.file}${source.line !== undefined ? `:${source.line}` : ''}` : undefined;
  const statement = f.statement ? (f.statement.sid ? `statement \`${f.statement.sid}\`` : `statement ${f.statement.index}`) : undefined;
  const policy = f.policy ? `\`${f.policy.name}\`${statement ? `, ${statement}` : ''}` : undefined;
  if (!file && !policy) return undefined;
  return [file, policy].filter((x) => x !== undefined).join('  ');
}
