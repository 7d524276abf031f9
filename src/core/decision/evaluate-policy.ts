import { and, or, FALSE, TRUE, type Tri } from '../condition/tri.js';
import { UNKNOWN, type RequestContext } from '../condition/request-context.js';
import type { CompiledStatement, Policy } from '../policy/policy-types.js';
import type { CallerIdentity, PrincipalMatchKind, PrincipalMatcher } from '../policy/principal-matcher.js';
import { compilePrincipalMatcher, type PrincipalElement } from '../policy/compile-principal.js';
import type { StatementRef } from './result.js';
import { REFUSED, UNDETERMINED, either, exact, type Bounds } from './bounds.js';
import { tables } from './engine-cache.js';

/** What a statement is matched against. `action` is lowercased. */
export interface MatchRequest {
  readonly caller: CallerIdentity;
  readonly action: string;
  readonly resource: string;
  readonly ctx: RequestContext;
  /** docs/aws-authorization.md#not-principal: a Deny with NotPrincipal always denies a principal that has a permissions boundary. */
  readonly callerHasBoundary: boolean;
}

/**
 * The say of one policy type (several documents combined with OR, docs/aws-authorization.md#policies-combine-with-or) on one request.
 * Allows are also kept by how the principal element matched, because the same-account rules
 * (docs/aws-authorization.md#same-account-resource-policy-principal) depend on it; policies without a principal element count under 'none'.
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
const NO_STATEMENTS: readonly CompiledStatement[] = [];

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

/** Several policies of one type are combined with OR (docs/aws-authorization.md#policies-combine-with-or). */
export function evaluatePolicies(policies: readonly Policy[], req: MatchRequest): PolicyEvaluation {
  const acc = new Accumulator();
  for (let i = 0; i < policies.length; i++) evaluateInto(policies[i]!, req, acc);
  return acc;
}

export function evaluatePolicy(policy: Policy, req: MatchRequest): PolicyEvaluation {
  const acc = new Accumulator();
  evaluateInto(policy, req, acc);
  return acc;
}

function evaluateInto(policy: Policy, req: MatchRequest, acc: Accumulator): void {
  if (policy.unusable !== undefined) {
    unusableInto(policy, acc);
    return;
  }
  const statements = statementsFor(policy, req.action);
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i]!;
    const broken = st.broken !== undefined && st.broken.length > 0;
    let uncertain = broken;

    let resourceIf: Tri = TRUE;
    if (st.resource) {
      const m = resourceCondition(policy, st, req, acc);
      if (m === undefined) continue;
      if (m === UNCERTAIN) uncertain = true;
      else resourceIf = m;
    }

    const kind = principalKind(st, req.caller, req.callerHasBoundary);
    if (kind === undefined) continue;
    if (broken) addProblems(acc, brokenProblems(policy, st));
    applyStatement(policy, st, kind, uncertain, resourceIf, req, acc);
  }
}

function unusableInto(policy: Policy, acc: Accumulator): void {
  acc.addAllow('none', UNDETERMINED, undefined);
  acc.addDeny(FALSE, TRUE, { policy: policy.name, index: -1, effect: 'Deny' });
  acc.problem(`${policy.name} could not be read: ${policy.unusable}`);
}

/** Marks a Resource element whose match hinges on a policy variable over an unknown key. */
const UNCERTAIN = Symbol('uncertain');

/**
 * Under which condition the statement's Resource element matches: a `Tri` (`TRUE` for a plain
 * match), `UNCERTAIN` (recorded as a problem), or undefined where it does not match.
 */
function resourceCondition(policy: Policy, st: CompiledStatement, req: MatchRequest, acc: Accumulator): Tri | typeof UNCERTAIN | undefined {
  const m = st.resource!.match(req.resource, req.ctx);
  if (m === 'no-match') return undefined;
  if (m === 'match') return TRUE;
  if (m.residual) return m.residual.kind === 'false' ? undefined : m.residual;
  acc.problem(`${statementName(policy, st)}: its Resource uses \`\${${m.unknownKey}}\`, whose value is not known`);
  return UNCERTAIN;
}

/** How the statement's principal element names the caller (docs/aws-authorization.md#principal-element-forms); undefined where the statement does not apply to it. */
function principalKind(st: CompiledStatement, caller: CallerIdentity, callerHasBoundary: boolean): PrincipalMatchKind | undefined {
  if (!st.principal) return 'none';
  let kind = st.principal.match(caller);
  if (kind === 'none' && st.principal.negated && st.effect === 'Deny' && caller.kind === 'role-session' && !namesSessionItself(st.principal, caller)) {
    kind = 'not-principal';
  }
  if (kind === 'none') {
    if (!(st.effect === 'Deny' && st.principal.negated && callerHasBoundary)) return undefined;
    kind = 'not-principal';
  }
  if (kind === 'wildcard' && st.condition?.keys.includes('aws:principalarn')) kind = 'session';
  return kind;
}

/**
 * A NotPrincipal exempts a role session only where it lists the session's own ARN: the IAM
 * NotPrincipal page exempts `assumed-role/cross-account-read-only-role/cross-account-audit-app` by
 * listing the session ARN, the role ARN and the account ARN, and says "all principals *except* the
 * assumed-role user named cross-account-audit-app … are explicitly denied": the role ARN in the
 * list does not exempt the role's other sessions
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
function namesSessionItself(negated: PrincipalMatcher, caller: CallerIdentity): boolean {
  return tables.listedAsIs.get(negated, listAsIs, undefined).match(caller) === 'session';
}

function listAsIs(negated: PrincipalMatcher): PrincipalMatcher {
  const element: Record<string, string[]> = {};
  for (const e of negated.entries) (element[e.type] ??= []).push(e.value);
  return compilePrincipalMatcher(element as PrincipalElement, false);
}

/** A statement whose action, resource and principal apply: its condition decides what it adds. */
function applyStatement(policy: Policy, st: CompiledStatement, kind: PrincipalMatchKind, uncertain: boolean, resourceIf: Tri, req: MatchRequest, acc: Accumulator): void {
  const stated: Tri = st.condition ? st.condition.evaluate(req.ctx) : TRUE;
  const cond: Tri = resourceIf === TRUE ? stated : and(resourceIf, stated);
  if (cond.kind === 'false' && !uncertain) return;

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

/**
 * A policy specialized to one caller, action and resource (a planned hop): the statements whose
 * Action matches, with what their context-free Resource and their Principal say worked out once.
 * Only conditions and Resource patterns with policy variables are left to each request.
 */
export interface PreparedPolicy {
  readonly policy: Policy;
  readonly statements: readonly PreparedStatement[];
}

interface PreparedStatement {
  readonly st: CompiledStatement;
  /** The statement is broken: these problems are recorded wherever it applies. */
  readonly problems?: readonly string[];
  /** Its Resource has policy variables: matched per request. */
  readonly resourceByContext: boolean;
  /** Undefined where the statement cannot apply (after recording its problems and matching a variable Resource). */
  readonly kind: PrincipalMatchKind | undefined;
}

export function preparePolicy(policy: Policy, caller: CallerIdentity, action: string, resource: string, callerHasBoundary: boolean): PreparedPolicy {
  if (policy.unusable !== undefined) return { policy, statements: [] };
  const out: PreparedStatement[] = [];
  for (const st of statementsFor(policy, action)) {
    const problems = st.broken && st.broken.length > 0 ? brokenProblems(policy, st) : undefined;
    const resourceByContext = st.resource !== undefined && !st.resource.contextFree;
    // A context-free Resource is matched here (its match is a plain match or no match).
    const resourceMisses = st.resource !== undefined && !resourceByContext && st.resource.match(resource, NO_CONTEXT) === 'no-match';
    const kind = resourceMisses ? undefined : principalKind(st, caller, callerHasBoundary);
    if (kind === undefined && !resourceByContext) continue;
    out.push({ st, ...(problems ? { problems } : {}), resourceByContext, kind });
  }
  return { policy, statements: out };
}

export function evaluatePreparedPolicy(prepared: PreparedPolicy, req: MatchRequest): PolicyEvaluation {
  const acc = new Accumulator();
  const policy = prepared.policy;
  if (policy.unusable !== undefined) {
    unusableInto(policy, acc);
    return acc;
  }
  const statements = prepared.statements;
  for (let i = 0; i < statements.length; i++) {
    const p = statements[i]!;
    let uncertain = p.problems !== undefined;
    let resourceIf: Tri = TRUE;
    if (p.resourceByContext) {
      const m = resourceCondition(policy, p.st, req, acc);
      if (m === undefined) continue;
      if (m === UNCERTAIN) uncertain = true;
      else resourceIf = m;
    }
    if (p.kind === undefined) continue;
    if (p.problems) addProblems(acc, p.problems);
    applyStatement(policy, p.st, p.kind, uncertain, resourceIf, req, acc);
  }
  return acc;
}

/** Context-free matchers never look: any context would do. */
const NO_CONTEXT: RequestContext = { lookup: () => UNKNOWN };

/**
 * The statements of `policy` that can apply to `action` (lowercased), in document order. Whether
 * a statement's action element matches depends on the action alone, so it is worked out once per
 * policy and action; an evaluation then only visits statements that can apply.
 */
export function statementsFor(policy: Policy, action: string): readonly CompiledStatement[] {
  return tables.statementsByAction.get(policy, action, matchingStatements, undefined);
}

function matchingStatements(policy: Policy, action: string): readonly CompiledStatement[] {
  const matching: CompiledStatement[] = [];
  for (const st of policy.statements) if (st.action.test(action)) matching.push(st);
  return matching.length === 0 ? NO_STATEMENTS : matching.length === policy.statements.length ? policy.statements : matching;
}

/** The reference to a statement that answers name it by. */
export function statementRef(policy: Policy, st: CompiledStatement): StatementRef {
  return tables.statementRefs.get(st, makeStatementRef, policy);
}

function makeStatementRef(st: CompiledStatement, policy: Policy): StatementRef {
  const r: { -readonly [K in keyof StatementRef]: StatementRef[K] } = { policy: policy.name, index: st.index, effect: st.effect };
  if (st.sid !== undefined) r.sid = st.sid;
  if (st.source) {
    if (st.source.file !== undefined) r.file = st.source.file;
    r.pointer = st.source.pointer;
    if (st.source.line !== undefined) r.line = st.source.line;
  }
  return r;
}

function hasValidEffect(st: CompiledStatement): boolean {
  const effect = (st.raw as { Effect?: unknown } | null)?.Effect;
  return effect === 'Allow' || effect === 'Deny';
}

function addProblems(acc: Accumulator, problems: readonly string[]): void {
  for (let i = 0; i < problems.length; i++) acc.problem(problems[i]!);
}

/**
 * Why a broken statement could not be evaluated, one line per problem, each naming the statement
 * (policy, index, Sid) and where it is written (file, line, pointer).
 */
function brokenProblems(policy: Policy, st: CompiledStatement): readonly string[] {
  const known = tables.brokenTexts.get(st, brokenTextsOf, policy);
  return known.policy === policy.name ? known.texts : brokenTextsOf(st, policy).texts;
}

function brokenTextsOf(st: CompiledStatement, policy: Policy): { readonly policy: string; readonly texts: readonly string[] } {
  const name = statementName(policy, st);
  return { policy: policy.name, texts: (st.broken ?? []).map((b) => `${name}: ${b}`) };
}

/**
 * A statement as the `missing` of a decision names it: `<policy> statement 0 (`Sid`) at
 * file.yaml:12, /pointer/of/the/statement` (the file, line and pointer that are known).
 */
export function statementName(policy: Policy, st: CompiledStatement): string {
  const label = st.sid ? `${st.index} (\`${st.sid}\`)` : String(st.index);
  return `${policy.name} statement ${label}${whereWritten(st)}`;
}

function whereWritten(st: CompiledStatement): string {
  const at = st.source;
  if (!at) return '';
  const parts: string[] = [];
  if (at.file !== undefined) parts.push(at.line !== undefined ? `${at.file}:${at.line}` : at.file);
  else if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.pointer !== '') parts.push(at.pointer);
  return parts.length > 0 ? ` at ${parts.join(', ')}` : '';
}
