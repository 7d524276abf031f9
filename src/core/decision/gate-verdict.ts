import { and, not } from '../condition/tri.js';
import { renderResidual } from '../condition/render-residual.js';
import type { GateId, GateVerdict, GateVerdictKind, Side, StatementRef } from './result.js';
import { REFUSED, isDetermined, type Bounds } from './bounds.js';

export interface GateInput {
  readonly gate: GateId;
  readonly side: Side;
  readonly account: string;
  readonly allow: Bounds;
  readonly deny?: Bounds;
  readonly statements?: readonly StatementRef[];
  readonly reason: string;
  readonly missing?: readonly string[];
  readonly guardrail?: boolean;
  readonly targetId?: string | undefined;
  readonly targetName?: string | undefined;
  readonly ou?: string | undefined;
}

/** Turns a gate's bounds into the verdict reported for it (results.md "Sides and gates"). */
export function gateVerdict(input: GateInput): GateVerdict {
  const deny = input.deny ?? REFUSED;
  const verdict = verdictKind(input.allow, deny);
  const v: { -readonly [K in keyof GateVerdict]: GateVerdict[K] } = {
    gate: input.gate,
    side: input.side,
    account: input.account,
    verdict,
    statements: input.statements ?? [],
    reason: input.reason,
  };
  if (input.guardrail) v.guardrail = true;
  if (input.targetId !== undefined) v.targetId = input.targetId;
  if (input.targetName !== undefined) v.targetName = input.targetName;
  if (input.ou !== undefined) v.ou = input.ou;
  if (input.missing && input.missing.length > 0) v.missing = input.missing;
  if (verdict === 'conditional') v.residual = renderResidual(and(input.allow.lo, not(deny.lo)));
  return v;
}

export function verdictKind(allow: Bounds, deny: Bounds): GateVerdictKind {
  if (deny.lo.kind === 'true') return 'deny';
  if (!isDetermined(deny) || !isDetermined(allow)) {
    if (allow.hi.kind === 'false' && deny.lo.kind === 'false') return 'no-match';
    return 'unknown';
  }
  if (allow.lo.kind === 'false') return deny.lo.kind === 'false' ? 'no-match' : 'conditional';
  if (allow.lo.kind === 'true' && deny.lo.kind === 'false') return 'allow';
  return 'conditional';
}
