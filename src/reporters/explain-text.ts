import type { AccountBoundary, Explanation, Fix, GuardrailBlock, HopSummary } from '../analyses/explain/explanation.js';
import type { ConditionBlock, DecisionKind, GateVerdict } from '../core/decision/result.js';
import { assumptionText } from './assumption-words.js';
import {
  boundaryTitle,
  foldedGates,
  gateLabel,
  gateMark,
  levelName,
  organizationWords,
  principalWords,
  resourceWords,
  statementTags,
} from './explain-words.js';

const DECISION_MARK: Record<DecisionKind, string> = { Allow: '✓', ExplicitDeny: '✗', ImplicitDeny: '✗', Conditional: '~', Unknown: '?' };
const BOX_WIDTH = 64;

/**
 * The whiteboard: the question, the decision banner, one box per account (caller | network |
 * target | key owner), every gate as a row `mark gate side account reason [policy#index Sid]`, the statements
 * that decided, the residual in AWS condition syntax, the fixes as JSON to paste, and the
 * organization guardrails no IAM change can lift.
 */
export function renderExplainText(e: Explanation): string {
  const sections = [
    question(e),
    banner(e),
    boxes(e.boundaries),
    ...e.hops.map((h) => hopRows(e, h)),
    deciding(e),
    residual(e),
    missing(e),
    fixes(e.fixes),
    blocked(e.blockedBy),
    notes(e),
  ].filter((s) => s.length > 0);
  return `${sections.join('\n\n')}\n`;
}

function question(e: Explanation): string {
  const r = e.request;
  const lines = [`principal  ${r.principal}`, `action     ${r.action}`, `resource   ${r.resource}`];
  const context = Object.entries(r.context ?? {});
  if (context.length > 0) lines.push(`context    ${context.map(([k, v]) => `${k}=${v === null ? '(absent)' : Array.isArray(v) ? `[${v.join(', ')}]` : v}`).join(', ')}`);
  if (r.sessionTags && Object.keys(r.sessionTags).length > 0) lines.push(`session tags ${Object.entries(r.sessionTags).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (r.sessionPolicy) lines.push(`session policy ${r.sessionPolicy.name}`);
  return lines.join('\n');
}

function banner(e: Explanation): string {
  const d = e.decision;
  const hop = e.hops.find((h) => h.decision === d.decision) ?? e.hops[0]!;
  const head = `${DECISION_MARK[d.decision]} ${d.decision}`;
  const where = hop.hop > 0 ? ` in hop ${hop.hop} (${hop.action} on ${hop.resource})` : '';
  const by = hop.decidedBy !== undefined ? `decided by ${hop.decidedBy} on the ${hop.side ?? 'target'} side${gateAccount(e, hop) ? ` (account ${gateAccount(e, hop)})` : ''}${where}` : where.trim();
  const line = by ? `${head}: ${by}` : head;
  const bar = '═'.repeat(Math.min(line.length, 100));
  return `${bar}\n${line}\n${bar}`;
}

function gateAccount(e: Explanation, hop: HopSummary): string | undefined {
  return e.decision.hops[hop.hop]?.gates.find((g) => g.gate === hop.decidedBy && g.side === hop.side)?.account || undefined;
}

/** The accounts side by side, each a box holding its principals, resources and folded gates. */
function boxes(boundaries: readonly AccountBoundary[]): string {
  const contents = boundaries.map(boxLines);
  const drawn = boundaries.map((b, i) => box(boundaryTitle(b), contents[i]!));
  const height = Math.max(...drawn.map((d) => d.length));
  const padded = drawn.map((d) => [...d, ...Array.from({ length: height - d.length }, () => ' '.repeat(d[0]!.length))]);
  // The arrow leaves the caller's box at its principal's row.
  const arrowRow = 1 + Math.max(0, contents[0]?.findIndex((l) => l.startsWith('principal')) ?? 0);
  const rows: string[] = [];
  for (let i = 0; i < height; i++) {
    rows.push(padded.map((d, k) => (k === 0 ? d[i]! : `${(k === 1 || boundaries[k - 1]!.parts.includes('network')) && i === arrowRow ? ' ──▶ ' : '     '}${d[i]!}`)).join('').trimEnd());
  }
  return rows.join('\n');
}

function boxLines(b: AccountBoundary): string[] {
  const lines = b.account !== undefined ? [`org  ${organizationWords(b.organization)}`] : [];
  if (b.parts.includes('network')) for (const id of new Set(b.gates.flatMap((g) => (g.targetId !== undefined ? [g.targetId] : [])))) lines.push(`endpoint  ${id}`);
  for (const p of b.principals) lines.push(`principal  ${principalWords(p)}`);
  for (const r of b.resources) lines.push(`${resourceWords(r)}  (hop ${r.hops.join(', ')})`);
  const gates = foldedGates(b.gates);
  if (gates.length > 0) lines.push(gates.map((g) => `${g.mark} ${g.gate}`).join('  '));
  return lines;
}

function box(title: string, lines: readonly string[]): string[] {
  const inner = Math.min(BOX_WIDTH, Math.max(title.length + 2, ...lines.map((l) => l.length)));
  const shown = title.length <= inner - 2 ? title : `${title.slice(0, inner - 3)}…`;
  const top = `┌─ ${shown} ${'─'.repeat(Math.max(0, inner - shown.length - 1))}┐`;
  const body = lines.map((l) => `│ ${clip(l, inner).padEnd(inner)} │`);
  return [top, ...body, `└${'─'.repeat(inner + 2)}┘`];
}

/** Long ARNs keep their start and end: the account and the name are what a reader looks for. */
function clip(s: string, width: number): string {
  if (s.length <= width) return s;
  // A role session keeps its session name whole; the role's name is cut at its end (the hash of an Identity Center role).
  const session = s.lastIndexOf(' (session ');
  if (session > 0 && s.length - session <= width / 2) return `${s.slice(0, width - (s.length - session) - 1)}…${s.slice(session)}`;
  const keep = width - 1;
  const head = Math.ceil(keep * 0.6);
  return `${s.slice(0, head)}…${s.slice(s.length - (keep - head))}`;
}

function hopRows(e: Explanation, h: HopSummary): string {
  const gates = e.boundaries.flatMap((b) => b.gates.filter((g) => g.hop === h.hop));
  const title = `hop ${h.hop}${h.hop === 0 ? '' : ' (implied)'}  ${h.action} on ${h.resource}  → ${DECISION_MARK[h.decision]} ${h.decision}`;
  const lines = [title];
  if (h.impliedBy !== undefined) lines.push(`  why: ${h.impliedBy}`);
  const ordered = [...gates].sort((a, b) => order(a) - order(b));
  const width = Math.max(0, ...ordered.map((g) => gateLabel(g).length));
  for (const g of ordered) {
    const tags = statementTags(g);
    lines.push(`  ${gateMark(g)} ${gateLabel(g).padEnd(width)}  ${g.side.padEnd(6)}  ${(g.account || '-').padEnd(12)}  ${g.reason}${tags ? `  ${tags}` : ''}`);
  }
  if (ordered.length === 0) lines.push('  (no gate was evaluated)');
  return lines.join('\n');
}

/** Guardrails first, then the caller's side, the network, then the target's: the order a request crosses them. */
const GATE_ORDER: readonly GateVerdict['gate'][] = ['scp', 'identity', 'boundary', 'session', 'vpc-endpoint', 'rcp', 's3-bpa', 'access-point', 'resource', 'trust', 'key-state', 'key-policy', 'grant', 's3-acl'];

function order(g: GateVerdict): number {
  return GATE_ORDER.indexOf(g.gate);
}

/** The statements that decided, as written; a guardrail's are shown under "Blocked by" instead. */
function deciding(e: Explanation): string {
  const shownBelow = new Set(e.blockedBy.map((b) => `${b.hop}|${b.policy}|${b.statement?.index ?? ''}`));
  const statements = e.decidingStatements.filter((s) => !shownBelow.has(`${s.hop}|${s.policy}|${s.index}`));
  if (statements.length === 0) return '';
  const denied = e.decision.decision === 'ExplicitDeny';
  const lines = [denied ? 'Denied by' : 'Allowed by'];
  for (const s of statements) {
    lines.push(`  hop ${s.hop} ${s.gate} (account ${s.account || '-'}): ${s.policy}#${s.index}${s.sid !== undefined ? ` ${s.sid}` : ''}`);
    if (s.statement !== undefined) lines.push(indent(JSON.stringify(s.statement, null, 2), 4));
  }
  return lines.join('\n');
}

function residual(e: Explanation): string {
  if (e.decision.decision !== 'Conditional') return '';
  return ['Allowed if (AWS condition syntax; any one alternative suffices):', ...conditionLines(e.decision.residual, 2)].join('\n');
}

function conditionLines(blocks: readonly ConditionBlock[], pad: number): string[] {
  return blocks.map((b, i) => `${i > 0 ? `${' '.repeat(pad)}or\n` : ''}${indent(JSON.stringify({ Condition: b }, null, 2), pad)}`);
}

function missing(e: Explanation): string {
  if (e.decision.decision !== 'Unknown') return '';
  return ['Not known: the answer needs data the estate does not hold', ...e.decision.missing.map((m) => `  - ${m}`)].join('\n');
}

function fixes(list: readonly Fix[]): string {
  if (list.length === 0) return '';
  const alternatives = [...new Set(list.map((f) => f.alternative))];
  const lines = ['How to allow it'];
  for (const n of alternatives) {
    const group = list.filter((f) => f.alternative === n);
    const first = group[0]!;
    const status = first.verified
      ? `verified: with ${group.length === 1 ? 'this change' : `these ${group.length} changes`} applied, trustmap allows the request${first.verifiedDecision === 'Conditional' ? ' if the condition below holds' : ''}`
      : `not verified: with ${group.length === 1 ? 'this change' : 'these changes'} applied the request is still ${first.verifiedDecision}`;
    lines.push(`  ${n > 1 ? 'or ' : ''}alternative ${n} — ${status}`);
    if (group.length > 1) lines.push(`    apply ${group.length === 2 ? 'both' : `all ${group.length}`} together: one alone does not allow the request`);
    if (first.verifiedResidual) lines.push(...conditionLines(first.verifiedResidual, 4));
    group.forEach((f, i) => lines.push(...fixLines(f, i + 1)));
  }
  return lines.join('\n');
}

function fixLines(f: Fix, n: number): string[] {
  if (f.kind === 'enable-key') {
    return [`    ${n}. ${f.kind} · account ${f.account || '-'} · ${f.side} side · ${f.gate}`, `       key ${f.attachedTo}`, `       why: ${f.reason}`, '       run:', ...(f.commands ?? []).map((c) => `         ${c}`)];
  }
  const where = f.newPolicy ? `a new ${f.policyKind === 'identity' ? 'inline policy' : `${f.policyKind} policy`} \`${f.policy}\` on ${f.attachedTo}` : `\`${f.policy}\`${f.attachedTo !== 'session' ? ` on ${f.attachedTo}` : ''}`;
  const lines = [`    ${n}. ${f.kind} · account ${f.account || '-'} · ${f.side} side · ${f.gate}`, `       in ${where}`, `       why: ${f.reason}`];
  if (f.current) {
    lines.push(`       ${f.kind === 'remove-statement' ? 'remove' : 'replace'} statement ${f.current.index}${f.current.sid !== undefined ? ` (Sid ${f.current.sid})` : ''}, now:`);
    lines.push(indent(JSON.stringify(f.current.statement, null, 2), 7));
  }
  if (f.statement !== undefined) {
    lines.push(`       ${f.kind === 'replace-statement' ? 'with' : 'paste'}:`);
    lines.push(indent(JSON.stringify(f.statement, null, 2), 7));
  }
  return lines;
}

/** One entry per guardrail statement (or SCP level), with the hops it blocks. */
function blocked(blocks: readonly GuardrailBlock[]): string {
  if (blocks.length === 0) return '';
  const lines = [
    'Blocked by the organization — unfixable: no IAM change in either account can fix it',
    "  (only the organization's management account can change an SCP or RCP)",
  ];
  const groups = new Map<string, GuardrailBlock[]>();
  for (const b of blocks) {
    const key = `${b.guardrail}|${b.targetId ?? ''}|${b.policy}|${b.statement?.index ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const group of groups.values()) {
    const b = group[0]!;
    const level = levelName(b) ?? '?';
    const hops = group.map((g) => g.hop).join(', ');
    const statement = b.statement ? `#${b.statement.index}${b.statement.sid !== undefined ? ` ${b.statement.sid}` : ''}` : '';
    lines.push(`  ✗ ${b.guardrail} @ ${level}${b.ou !== undefined && b.ou !== level ? ` (OU ${b.ou})` : ''} · binds account ${b.account} · hop ${hops} · ${b.policy}${statement}`);
    for (const g of group) lines.push(`    ${g.reason}`);
    if (b.statement?.statement !== undefined) lines.push(indent(JSON.stringify(b.statement.statement, null, 2), 4));
  }
  return lines.join('\n');
}

function notes(e: Explanation): string {
  const assumptions = e.decision.assumptions;
  if (e.notes.length === 0 && assumptions.length === 0) return '';
  const sections = [...(e.notes.length > 0 ? [['Notes', ...e.notes.map((n) => `  - ${n}`)]] : []), ...(assumptions.length > 0 ? [['Assumptions', ...assumptions.map((a) => `  - ${assumptionText(a)}`)]] : [])];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
