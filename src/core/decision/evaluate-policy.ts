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
 * The say of one policy type (several documents combined with OR, spec §2.1) on one request.
 * Allows are also kept by how the principal element matched, because the same-account rules
 * (spec §3.2) depend on it; policies without a principal element count under 'none'.
 */
export interface PolicyEvaluation {
  /** All allows, whatever principal kind matched. */
  readonly allow: Bounds;
  /** The deny side: `lo` = certainly denied (as a residual where conditional), `hi` = possibly denied. */
  readonly deny: Bounds;
  /** Matching statements, denies first. */
  readonly statements: readonly StatementRef[];
  /** Why parts could not be evaluated (broken statements, variables over unknown keys, unusable document). */
  readonly problems: readonly string[];
  allowOfKinds(kinds: readonly PrincipalMatchKind[]): Bounds;
  hasKind(kind: PrincipalMatchKind): boolean;
}

const NO_STRINGS: readonly string[] = [];
const NO_REFS: readonly StatementRef[] = [];

class Accumulator implements PolicyEvaluation {
  allow: Bounds = REFUSED;
  private byKind: Map<PrincipalMatchKind, Bounds> | undefined;
  private denyLo: Tri = FALSE;
  private denyHi: Tri = FALSE;
  private denyRefs: StatementRef[] | undefined;
  private allowRefs: StatementRef[] | undefined;
  private problemList: string[] | undefined;

  get deny(): Bounds {
    return this.denyLo === this.denyHi ? exact(this.denyLo) : { lo: this.denyLo, hi: this.denyHi };
  }

  get statements(): readonly StatementRef[] {
    if (!this.denyRefs) return this.allowRefs ?? NO_REFS;
    if (!this.allowRefs) return this.denyRefs;
    return [...this.denyRefs, ...this.allowRefs];
  }

  get problems(): readonly string[] {
    return this.problemList ?? NO_STRINGS;
  }

  allowOfKinds(kinds: readonly PrincipalMatchKind[]): Bounds {
    if (!this.byKind) return REFUSED;
    let acc: Bounds = REFUSED;
    for (const k of kinds) {
      const b = this.byKind.get(k);
      if (b) acc = either(acc, b);
    }
    return acc;
  }

  hasKind(kind: PrincipalMatchKind): boolean {
    return this.byKind?.has(kind) ?? false;
  }

  addAllow(kind: PrincipalMatchKind, b: Bounds, ref: StatementRef | undefined): void {
    this.allow = either(this.allow, b);
    if (kind !== 'none') {
      this.byKind ??= new Map();
      const prior = this.byKind.get(kind);
      this.byKind.set(kind, prior ? either(prior, b) : b);
    }
    if (ref) (this.allowRefs ??= []).push(ref);
  }

  addDeny(lo: Tri, hi: Tri, ref: StatementRef): void {
    this.denyLo = or(this.denyLo, lo);
    this.denyHi = or(this.denyHi, hi);
    (this.denyRefs ??= []).push(ref);
  }

  problem(text: string): void {
    (this.problemList ??= []).push(text);
  }
}

/** Several policies of one type are combined with OR (spec §2.1). */
export function evaluatePolicies(policies: readonly Policy[], req: MatchRequest): PolicyEvaluation {
  const acc = new Accumulator();
  for (let i = 0; i < policies.length; i++) evaluateInto(policies[i]!, req, acc);
  return acc;
}

export function evaluatePolicy(policy: Policy, req: MatchRequest): PolicyEvaluation {
  return evaluatePolicies([policy], req);
}

function evaluateInto(policy: Policy, req: MatchRequest, acc: Accumulator): void {
  if (policy.unusable !== undefined) {
    acc.addAllow('none', UNDETERMINED, undefined);
    acc.addDeny(FALSE, TRUE, { policy: policy.name, index: -1, effect: 'Deny' });
    acc.problem(`${policy.name} could not be read: ${policy.unusable}`);
    return;
  }
  const statements = policy.statements;
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i]!;
    if (!st.action.test(req.action)) continue;
    let uncertain = st.broken !== undefined && st.broken.length > 0;
    if (uncertain) for (const b of st.broken!) acc.problem(`${policy.name} statement ${label(st)}: ${b}`);

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
          acc.problem(`${policy.name} statement ${label(st)}: its Resource uses \`\${${m.unknownKey}}\`, whose value is not known`);
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
      acc.addDeny(FALSE, TRUE, ref);
      acc.addAllow(kind, UNDETERMINED, undefined);
    } else if (st.effect === 'Deny') {
      acc.addDeny(uncertain ? FALSE : cond, uncertain ? TRUE : cond, ref);
    } else {
      acc.addAllow(kind, uncertain ? UNDETERMINED : exact(cond), ref);
    }
  }
}

const refs = new WeakMap<CompiledStatement, StatementRef>();

/** Statement references are immutable: made once per statement. */
export function statementRef(policy: Policy, st: CompiledStatement): StatementRef {
  let ref = refs.get(st);
  if (ref) return ref;
  const r: { -readonly [K in keyof StatementRef]: StatementRef[K] } = { policy: policy.name, index: st.index, effect: st.effect };
  if (st.sid !== undefined) r.sid = st.sid;
  if (st.source) {
    if (st.source.file !== undefined) r.file = st.source.file;
    r.pointer = st.source.pointer;
    if (st.source.line !== undefined) r.line = st.source.line;
  }
  ref = r;
  refs.set(st, ref);
  return ref;
}

function hasValidEffect(st: CompiledStatement): boolean {
  const effect = (st.raw as { Effect?: unknown } | null)?.Effect;
  return effect === 'Allow' || effect === 'Deny';
}

function label(st: CompiledStatement): string {
  return st.sid ? `${st.index} (\`${st.sid}\`)` : String(st.index);
}
