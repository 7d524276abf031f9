import { and, or, FALSE, TRUE, type Tri } from '../../../src/core/condition/tri.js';
import { REFUSED, UNDETERMINED, either, exact, type Bounds } from '../../../src/core/decision/bounds.js';
import type { MatchRequest, PolicyEvaluation } from '../../../src/core/decision/evaluate-policy.js';
import type { StatementRef } from '../../../src/core/decision/result.js';
import type { CompiledStatement, Policy } from '../../../src/core/policy/policy-types.js';
import type { CallerIdentity, PrincipalMatchKind } from '../../../src/core/policy/principal-matcher.js';

/**
 * The reference the engine's fast paths are checked against: a policy evaluated the plain way,
 * every statement of every document visited in document order, its Action, Resource, Principal
 * and Condition matched afresh on each request. No action index, no preparation per caller and
 * resource, nothing kept between calls. Its exports stand in for `evaluate-policy.ts`'s in a
 * second instance of the engine (see `reference-engine.ts`).
 */
export function evaluatePolicies(policies: readonly Policy[], req: MatchRequest): PolicyEvaluation {
  const acc = new ReferenceAccumulator();
  for (const policy of policies) evaluateInto(policy, req, acc);
  return acc;
}

export function evaluatePolicy(policy: Policy, req: MatchRequest): PolicyEvaluation {
  return evaluatePolicies([policy], req);
}

/** "Preparing" keeps the document as it is: the evaluation does everything per request. */
export interface PreparedPolicy {
  readonly policy: Policy;
}

export function preparePolicy(policy: Policy): PreparedPolicy {
  return { policy };
}

export function evaluatePreparedPolicy(prepared: PreparedPolicy, req: MatchRequest): PolicyEvaluation {
  return evaluatePolicy(prepared.policy, req);
}

export function statementsFor(policy: Policy, action: string): readonly CompiledStatement[] {
  return policy.statements.filter((st) => st.action.test(action));
}

export function statementRef(policy: Policy, st: CompiledStatement): StatementRef {
  const r: { -readonly [K in keyof StatementRef]: StatementRef[K] } = { policy: policy.name, index: st.index, effect: st.effect };
  if (st.sid !== undefined) r.sid = st.sid;
  if (st.source) {
    if (st.source.file !== undefined) r.file = st.source.file;
    r.pointer = st.source.pointer;
    if (st.source.line !== undefined) r.line = st.source.line;
  }
  return r;
}

function evaluateInto(policy: Policy, req: MatchRequest, acc: ReferenceAccumulator): void {
  if (policy.unusable !== undefined) {
    acc.addAllow('none', UNDETERMINED, undefined);
    acc.addDeny(FALSE, TRUE, { policy: policy.name, index: -1, effect: 'Deny' });
    acc.problems.push(`${policy.name} could not be read: ${policy.unusable}`);
    return;
  }
  for (const st of policy.statements) {
    if (!st.action.test(req.action)) continue;
    const name = `${policy.name} statement ${st.sid ? `${st.index} (\`${st.sid}\`)` : String(st.index)}${whereWritten(st)}`;
    let uncertain = st.broken !== undefined && st.broken.length > 0;

    let resourceIf: Tri = TRUE;
    if (st.resource) {
      const m = st.resource.match(req.resource, req.ctx);
      if (m === 'no-match') continue;
      if (m !== 'match') {
        if (m.residual) {
          if (m.residual.kind === 'false') continue;
          resourceIf = m.residual;
        } else {
          acc.problems.push(`${name}: its Resource uses \`\${${m.unknownKey}}\`, whose value is not known`);
          uncertain = true;
        }
      }
    }

    const kind = principalKind(st, req.caller, req.callerHasBoundary);
    if (kind === undefined) continue;
    // A broken statement is named wherever it applies (its readable parts do not rule the request out).
    for (const b of st.broken ?? []) acc.problems.push(`${name}: ${b}`);

    const stated: Tri = st.condition ? st.condition.evaluate(req.ctx) : TRUE;
    const cond: Tri = resourceIf === TRUE ? stated : and(resourceIf, stated);
    if (cond.kind === 'false' && !uncertain) continue;
    const ref = statementRef(policy, st);
    const effect = (st.raw as { Effect?: unknown } | null)?.Effect;
    if (uncertain && effect !== 'Allow' && effect !== 'Deny') {
      acc.addDeny(FALSE, TRUE, ref);
      acc.addAllow(kind, UNDETERMINED, undefined);
    } else if (st.effect === 'Deny') {
      acc.addDeny(uncertain ? FALSE : cond, uncertain ? TRUE : cond, ref);
    } else {
      acc.addAllow(kind, uncertain ? UNDETERMINED : exact(cond), ref);
    }
  }
}

/** Where the statement is written, as `missing` names it: ` at file:line, /pointer`. */
function whereWritten(st: CompiledStatement): string {
  const at = st.source;
  if (!at) return '';
  const parts: string[] = [];
  if (at.file !== undefined) parts.push(at.line !== undefined ? `${at.file}:${at.line}` : at.file);
  else if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.pointer !== '') parts.push(at.pointer);
  return parts.length > 0 ? ` at ${parts.join(', ')}` : '';
}

function principalKind(st: CompiledStatement, caller: CallerIdentity, callerHasBoundary: boolean): PrincipalMatchKind | undefined {
  if (!st.principal) return 'none';
  let kind = st.principal.match(caller);
  // NotPrincipal exempts a role session only where it lists the session's own ARN (the IAM NotPrincipal page).
  if (kind === 'none' && st.principal.negated && st.effect === 'Deny' && caller.kind === 'role-session') {
    if (!st.principal.entries.some((e) => e.type === 'AWS' && e.value === caller.arn)) kind = 'not-principal';
  }
  if (kind === 'none') {
    if (!(st.effect === 'Deny' && st.principal.negated && callerHasBoundary)) return undefined;
    kind = 'not-principal';
  }
  if (kind === 'wildcard' && st.condition?.keys.includes('aws:principalarn')) kind = 'session';
  return kind;
}

class ReferenceAccumulator implements PolicyEvaluation {
  allow: Bounds = REFUSED;
  readonly problems: string[] = [];
  private readonly byKind = new Map<PrincipalMatchKind, Bounds>();
  private denyLo: Tri = FALSE;
  private denyHi: Tri = FALSE;
  private readonly denyRefs: StatementRef[] = [];
  private readonly allowRefs: StatementRef[] = [];

  get deny(): Bounds {
    return this.denyLo === this.denyHi ? exact(this.denyLo) : { lo: this.denyLo, hi: this.denyHi };
  }

  get statements(): readonly StatementRef[] {
    return [...this.denyRefs, ...this.allowRefs];
  }

  allowOfKinds(kinds: readonly PrincipalMatchKind[]): Bounds {
    let acc: Bounds = REFUSED;
    for (const k of kinds) {
      const b = this.byKind.get(k);
      if (b) acc = either(acc, b);
    }
    return acc;
  }

  hasKind(kind: PrincipalMatchKind): boolean {
    return this.byKind.has(kind);
  }

  addAllow(kind: PrincipalMatchKind, b: Bounds, ref: StatementRef | undefined): void {
    this.allow = either(this.allow, b);
    if (kind !== 'none') {
      const prior = this.byKind.get(kind);
      this.byKind.set(kind, prior ? either(prior, b) : b);
    }
    if (ref) this.allowRefs.push(ref);
  }

  addDeny(lo: Tri, hi: Tri, ref: StatementRef): void {
    this.denyLo = or(this.denyLo, lo);
    this.denyHi = or(this.denyHi, hi);
    this.denyRefs.push(ref);
  }
}

/** Tells a test that the engine instance it holds runs on this module. */
export const REFERENCE_EVALUATION = true;
