import type { AssumeEdge, GraphNode } from '../analyses/access-graph/graph-types.js';
import { assumptionsJson, type AssumptionJson } from './assumption-words.js';
import type { ConditionBlock, Decision, DecisionKind, GateId, GateVerdict, GateVerdictKind, HopDecision, Side } from '../core/decision/result.js';

/**
 * The JSON and text pieces shared by the `paths`, `who-can` and `what-can` reporters: a node, an
 * assume hop, and the final request with its implied (KMS) hops.
 */
export interface NodeJson {
  readonly id: string;
  readonly kind: GraphNode['kind'];
  readonly label: string;
  readonly account: string | null;
  readonly permissionsUnknown: boolean;
}

export interface GateJson {
  readonly gate: GateId;
  readonly side: Side;
  readonly account: string;
  readonly verdict: GateVerdictKind;
  readonly guardrail: boolean;
  readonly residual: readonly ConditionBlock[];
  readonly reason: string;
}

export interface AssumeHopJson {
  readonly kind: 'assume';
  readonly from: string;
  readonly to: string;
  readonly action: string;
  readonly decision: DecisionKind;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  readonly chained: boolean;
  readonly notes: readonly string[];
  readonly gates: readonly GateJson[];
}

export interface RequestHopJson {
  readonly kind: 'request';
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: DecisionKind;
  readonly decidedBy: GateId | null;
  readonly side: Side | null;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  readonly assumptions: readonly AssumptionJson[];
  readonly gates: readonly GateJson[];
  /** The implied requests (KMS for encrypted data), each with its own decision and gates. */
  readonly implied: ReadonlyArray<{ readonly action: string; readonly resource: string; readonly decision: DecisionKind; readonly decidedBy: GateId | null; readonly why: string | null; readonly gates: readonly GateJson[] }>;
}

export function nodeJson(n: GraphNode): NodeJson {
  return { id: n.id, kind: n.kind, label: n.label, account: n.accountId ?? null, permissionsUnknown: n.permissionsUnknown === true };
}

function gateJson(g: GateVerdict): GateJson {
  return { gate: g.gate, side: g.side, account: g.account, verdict: g.verdict, guardrail: g.guardrail === true, residual: g.residual ?? [], reason: g.reason };
}

export function assumeHopJson(e: AssumeEdge): AssumeHopJson {
  return { kind: 'assume', from: e.from, to: e.to, action: e.action, decision: e.decision, residual: e.residual, missing: e.missing, chained: e.chained, notes: e.notes, gates: e.detail.gates.map(gateJson) };
}

export function requestHopJson(node: GraphNode, d: Decision): RequestHopJson {
  return {
    kind: 'request',
    principal: node.id,
    action: d.action,
    resource: d.resource,
    decision: d.decision,
    decidedBy: d.decidedBy ?? null,
    side: d.side ?? null,
    residual: d.residual,
    missing: d.missing,
    assumptions: assumptionsJson(d.assumptions),
    gates: d.gates.map(gateJson),
    implied: d.hops.slice(1).map((h) => ({ action: h.action, resource: h.resource, decision: h.decision, decidedBy: h.decidedBy ?? null, why: h.impliedBy ?? null, gates: h.gates.map(gateJson) })),
  };
}

/** `identity allow (caller 333333333333), scp allow (caller 333333333333 at Root), trust allow (target 444444444444)`. */
export function gatesText(gates: readonly GateVerdict[]): string {
  return gates.map((g) => `${g.gate} ${g.verdict} (${g.side} ${g.account || '-'}${levelOf(g)})`).join(', ');
}

/** SCP and RCP levels: the root, OU or account the policies are attached to. */
function levelOf(g: GateVerdict): string {
  const level = g.targetName ?? g.targetId;
  return level !== undefined && level !== g.account ? ` at ${level}` : '';
}

/** `Allow`, `Conditional if [...]`, `Unknown (missing: …)`. */
export function decisionText(decision: DecisionKind, residual: readonly ConditionBlock[], missing: readonly string[]): string {
  if (decision === 'Conditional' || (decision === 'Unknown' && residual.length > 0 && missing.length === 0)) return `${decision} if ${JSON.stringify(residual)}`;
  if (decision === 'Unknown') return `Unknown (missing: ${missing.join('; ')})${residual.length > 0 ? ` if ${JSON.stringify(residual)}` : ''}`;
  return decision;
}

/** Lines for one assume hop: the hop after `first`, then its gates and notes after `rest`. */
export function assumeHopLines(e: AssumeEdge, label: (id: string) => string, first: string, rest: string): string[] {
  const lines = [`${first}${label(e.from)} —${e.action}→ ${label(e.to)}: ${decisionText(e.decision, e.residual, e.missing)}`, `${rest}gates: ${gatesText(e.detail.gates)}`];
  for (const note of e.notes) lines.push(`${rest}note: ${note}`);
  return lines;
}

/** Lines for the final request: the request after `first`, then its gates and each implied hop after `rest`. */
export function requestHopLines(requester: string, d: Decision, first: string, rest: string): string[] {
  const lines = [`${first}${requester} ${d.action} ${d.resource}: ${decisionText(d.decision, d.residual, d.missing)}`, `${rest}gates: ${gatesText(d.gates)}`];
  for (const h of d.hops.slice(1)) lines.push(`${rest}implied ${h.action} on ${h.resource}: ${hopVerdict(h)}`, `${rest}  gates: ${gatesText(h.gates)}`);
  return lines;
}

/** `ImplicitDeny, decided by key-policy (target)`. */
export function hopVerdict(h: Pick<HopDecision, 'decision' | 'decidedBy' | 'side' | 'residual' | 'missing'>): string {
  const base = decisionText(h.decision, h.residual, h.missing);
  return h.decidedBy ? `${base}, decided by ${h.decidedBy}${h.side ? ` (${h.side})` : ''}` : base;
}

/** The decision of a chain and its final request: the final request's condition, or which hop makes it weaker. */
export function chainDecisionText(decision: DecisionKind, final: Decision): string {
  if (decision === final.decision) return decisionText(final.decision, final.residual, final.missing);
  const finalText = decisionText(final.decision, final.residual, final.missing);
  return `${decision} (a hop of the chain is ${decision}; the request itself: ${finalText})`;
}

/** Lines under a chained entry: each hop that is not a plain Allow, and the role-chaining limit. */
export function chainNoteLines(chain: readonly AssumeEdge[], label: (id: string) => string, indent: string): string[] {
  const lines: string[] = [];
  for (const edge of chain) if (edge.decision !== 'Allow') lines.push(`${indent}hop ${label(edge.from)} → ${label(edge.to)}: ${decisionText(edge.decision, edge.residual, edge.missing)}`);
  if (chain.some((edge) => edge.chained)) lines.push(`${indent}role chaining: the chained sessions last at most one hour (docs/aws-authorization.md#role-chaining-one-hour)`);
  return lines;
}
