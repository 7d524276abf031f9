import { and, or, FALSE, TRUE, type Tri } from '../condition/tri.js';
import type { RequestContext } from '../condition/request-context.js';
import type { CompiledStatement, Policy } from '../policy/policy-types.js';
import type { CallerIdentity, PrincipalMatchKind } from '../policy/principal-matcher.js';
import type { StatementRef } from './result.js';
import { REFUSED, UNDETERMINED, either, exact, type Bounds } from './bounds.js';

/** What a statement is matched against. `action` is lowercased. */
export interface MatchRequest {
  readonly caller: CallerIdentity;
  readonly action: string;
  readonly resource: string;
  readonly ctx: RequestContext;
  /** Spec §9.12: a Deny with NotPrincipal always denies a principal that has a permissions boundary. */
  readonly callerHasBoundary: boolean;
}

/**
 * One policy's say on one request. Allows are grouped by how the principal element matched,
 * because the same-account rules (spec §3.2) depend on it; identity-type policies, which have no
 * principal element, put everything under 'none'.
 */
export interface PolicyEvaluation {
  readonly allows: ReadonlyMap<PrincipalMatchKind, Bounds>;
  /** The deny side: `lo` = certainly denied (as a residual where conditional), `hi` = possibly denied. */
  readonly deny: Bounds;
  readonly allowStatements: readonly StatementRef[];
  readonly denyStatements: readonly StatementRef[];
  /** Why parts could not be evaluated (broken statements, variables over unknown keys, unusable document). */
  readonly problems: readonly string[];
}

const EMPTY_MAP: ReadonlyMap<PrincipalMatchKind, Bounds> = new Map();

export function evaluatePolicy(policy: Policy, req: MatchRequest): PolicyEvaluation {
  if (policy.unusable !== undefined) {
    return {
      allows: new Map([['none', UNDETERMINED]]),
      deny: UNDETERMINED,
      allowStatements: [],
      denyStatements: [],
      problems: [`${policy.name} could not be read: ${policy.unusable}`],
    };
  }
  let allows: Map<PrincipalMatchKind, Bounds> | undefined;
  let denyLo: Tri = FALSE;
  let denyHi: Tri = FALSE;
  let allowStatements: StatementRef[] | undefined;
  let denyStatements: StatementRef[] | undefined;
  let problems: string[] | undefined;

  for (const st of policy.statements) {
    if (!st.action.test(req.action)) continue;
    let uncertain = st.broken !== undefined && st.broken.length > 0;
    if (uncertain) (problems ??= []).push(...st.broken!.map((b) => `${policy.name} statement ${label(st)}: ${b}`));

    let resourceIf: Tri = TRUE;
    if (st.resource) {
      const m = st.resource.match(req.resource, req.ctx);
      if (m === 'no-match') continue;
      if (m !== 'match') {
        if (m.residual) {
          if (m.residual.kind === 'false') continue;
          resourceIf = m.residual;
        } else {
          uncertain = true;
          (problems ??= []).push(`${policy.name} statement ${label(st)}: its Resource uses \`\${${m.unknownKey}}\`, whose value is not known`);
        }
      }
    }

    let kind: PrincipalMatchKind = 'none';
    if (st.principal) {
      kind = st.principal.match(req.caller);
      if (kind === 'none') {
        if (!(st.effect === 'Deny' && st.principal.negated && req.callerHasBoundary)) continue;
        kind = 'not-principal';
      }
      if (kind === 'wildcard' && st.condition?.keys.includes('aws:principalarn')) kind = 'session';
    }

    const stated: Tri = st.condition ? st.condition.evaluate(req.ctx) : TRUE;
    const cond: Tri = resourceIf === TRUE ? stated : and(resourceIf, stated);
    if (cond.kind === 'false' && !uncertain) continue;

    const ref = statementRef(policy, st);
    if (uncertain && !hasValidEffect(st)) {
      // An Effect we cannot read could be either: it may deny and it may allow (never guess).
      denyHi = TRUE;
      allows ??= new Map();
      allows.set(kind, UNDETERMINED);
      continue;
    }
    if (st.effect === 'Deny') {
      if (!uncertain) denyLo = or(denyLo, cond);
      denyHi = uncertain ? TRUE : or(denyHi, cond);
      (denyStatements ??= []).push(ref);
    } else {
      const b: Bounds = uncertain ? UNDETERMINED : exact(cond);
      allows ??= new Map();
      const prior = allows.get(kind);
      allows.set(kind, prior ? either(prior, b) : b);
      (allowStatements ??= []).push(ref);
    }
  }
  return {
    allows: allows ?? EMPTY_MAP,
    deny: denyLo === denyHi ? exact(denyLo) : { lo: denyLo, hi: denyHi },
    allowStatements: allowStatements ?? [],
    denyStatements: denyStatements ?? [],
    problems: problems ?? [],
  };
}

/** All allows of a policy, whatever principal kind matched. */
export function anyAllow(e: PolicyEvaluation): Bounds {
  let acc: Bounds = REFUSED;
  for (const b of e.allows.values()) acc = either(acc, b);
  return acc;
}

export function allowOfKinds(e: PolicyEvaluation, kinds: readonly PrincipalMatchKind[]): Bounds {
  let acc: Bounds = REFUSED;
  for (const k of kinds) {
    const b = e.allows.get(k);
    if (b) acc = either(acc, b);
  }
  return acc;
}

export function statementRef(policy: Policy, st: CompiledStatement): StatementRef {
  const ref: { -readonly [K in keyof StatementRef]: StatementRef[K] } = { policy: policy.name, index: st.index, effect: st.effect };
  if (st.sid !== undefined) ref.sid = st.sid;
  if (st.source) {
    if (st.source.file !== undefined) ref.file = st.source.file;
    ref.pointer = st.source.pointer;
    if (st.source.line !== undefined) ref.line = st.source.line;
  }
  return ref;
}

function hasValidEffect(st: CompiledStatement): boolean {
  const effect = (st.raw as { Effect?: unknown } | null)?.Effect;
  return effect === 'Allow' || effect === 'Deny';
}

function label(st: CompiledStatement): string {
  return st.sid ? `${st.index} (\`${st.sid}\`)` : String(st.index);
}
