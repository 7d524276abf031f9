import type { ContextEntry } from '../condition/request-context.js';
import { renderResidual } from '../condition/render-residual.js';
import type { Estate } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import type { Policy } from '../policy/policy-types.js';
import { ALLOWED, REFUSED, UNDETERMINED, both, either, isDetermined, notDenied, type Bounds } from './bounds.js';
import { tables, type ReadsSlot } from './engine-cache.js';
import type { GatePart } from './gate-report.js';
import { evaluateCallerSide, type CallerSide } from './caller-gates.js';
import { DerivedContext } from './derive-context.js';
import { evaluateRcps, evaluateScps, planRcps, planScps, rcpNoResourceAssumption, type GuardrailPlan, type GuardrailResult } from './guardrail-gates.js';
import { noPermissionGate } from './no-permission.js';
import { membershipOf, type Membership } from './organization-chain.js';
import type { MatchRequest } from './evaluate-policy.js';
import { evaluateTarget, targetFactsOf, type TargetFacts } from './target-gates.js';
import { evaluateNetwork } from './vpc-endpoint-gate.js';
import { uniqueAssumptions, type Assumption, type DecisionKind, type GateId, type GateVerdict, type HopDecision, type Side, type StatementRef } from './result.js';
import { resolveCaller, type ResolvedCaller } from './resolve-caller.js';
import { resolveResource, type ResolvedResource } from './resolve-resource.js';

/**
 * One authorization to decide. What it resolves to in the estate is worked out on its first
 * evaluation and kept by the engine cache (see `resolveHop`): a hop input is not changed afterwards.
 */
export interface HopInput {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly given: ReadonlyMap<string, ContextEntry>;
  readonly sessionPolicy?: Policy;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly sessionIssuer?: string;
  readonly impliedBy?: string;
}

export interface HopOptions {
  readonly catalog?: ServiceCatalog;
}

/** The hop's decision together with its allowed-bounds, which requests with implied actions combine. */
export function evaluateHopWithBounds(estate: Estate, hop: HopInput, options: HopOptions = {}): { hop: HopDecision; allowed: Bounds } {
  const resolved = resolveHop(estate, hop, options.catalog);
  const { caller, resource } = resolved;
  if (caller.problem) {
    return { hop: hopDecisionOf(hop, resolved, { decision: 'Unknown', decidedBy: undefined, side: undefined, gates: [], residual: [], missing: [caller.problem], assumptions: [] }), allowed: UNDETERMINED };
  }
  if (resolved.noPermission) return noPermissionDecision(hop, resolved, resolved.noPermission);
  const isIam = resolved.isIam;
  const req = resolved.request;
  const callerSide: CallerSide | undefined = isIam ? evaluateCallerSide(caller, req, hop.sessionPolicy, resolved.slots) : undefined;

  // Organization guardrails: SCPs on the caller's side, RCPs on the target's (docs/aws-authorization.md#organizations-policies).
  const scp = resolved.scps ? evaluateScps(resolved.scps, req, resolved.slots) : undefined;
  const rcp = resolved.rcps ? evaluateRcps(resolved.rcps, req, resource.accountId!, options.catalog, resolved.slots) : undefined;

  const target = evaluateTarget(resolved.target, caller.identity, req, callerSide);
  // The network between them: the policy of the VPC endpoint the request is sent through (docs/aws-authorization.md#vpc-endpoint-policy).
  const network = evaluateNetwork(resolved.estate, req, resolved.callerAccount);

  // The parts in the order their gates are shown: guardrails, the caller, the network, then the target.
  const report = new HopReport();
  if (rcp) report.add(rcp);
  if (scp) report.add(scp);
  if (callerSide) report.add(callerSide);
  if (network.gates.length > 0 || network.assumptions.length > 0) report.add(network);
  if (resolved.noResourceAssumption) report.assumptions.push(resolved.noResourceAssumption);
  report.add(target);
  const { gates, missing, assumptions, deny } = report;

  const allowed = both(both(both(notDenied(deny), scp ? scp.allow : ALLOWED), network.allow), target.grant);
  const decision = decide(deny, allowed);
  const decided = decidedBy(decision, gates, target.grantingGate, resolved.targetRequired);
  const out = hopDecisionOf(hop, resolved, {
    decision,
    decidedBy: decided?.gate,
    side: decided?.side,
    gates,
    residual: decision === 'Conditional' ? renderResidual(allowed.lo) : [],
    missing: decision === 'Unknown' ? unique(missing.length > 0 ? missing : ['data the answer depends on was not collected']) : [],
    assumptions: assumptions.length > 1 ? uniqueAssumptions(assumptions) : assumptions,
  });
  return { hop: out, allowed };
}

/** The hop as asked and where it stands, with its answer. */
function hopDecisionOf(hop: HopInput, resolved: ResolvedHop, answer: Pick<HopDecision, 'decision' | 'decidedBy' | 'side' | 'gates' | 'residual' | 'missing' | 'assumptions'>): HopDecision {
  return {
    principal: hop.principal,
    action: hop.action,
    resource: hop.resource,
    callerAccount: resolved.callerAccount,
    resourceAccount: resolved.resourceAccount,
    crossAccount: resolved.crossAccount,
    impliedBy: hop.impliedBy,
    decision: answer.decision,
    decidedBy: answer.decidedBy,
    side: answer.side,
    gates: answer.gates,
    residual: answer.residual,
    missing: answer.missing,
    assumptions: answer.assumptions,
  };
}

/** The hop's report, its parts' joined in order, and what any of them denies. */
class HopReport {
  readonly gates: GateVerdict[] = [];
  readonly missing: string[] = [];
  readonly assumptions: Assumption[] = [];
  deny: Bounds = REFUSED;

  add(part: GatePart): void {
    appendAll(this.gates, part.gates);
    appendAll(this.missing, part.missing);
    appendAll(this.assumptions, part.assumptions);
    this.deny = either(this.deny, part.deny);
  }
}

function appendAll<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}

/**
 * A call that needs no permission (no-permission.ts): its one gate decides, whatever the policies
 * (an explicit Deny included), the guardrails and the target say.
 */
function noPermissionDecision(hop: HopInput, resolved: ResolvedHop, gate: GateVerdict): { hop: HopDecision; allowed: Bounds } {
  const allows = gate.verdict === 'allow';
  const out = hopDecisionOf(hop, resolved, { decision: allows ? 'Allow' : 'ImplicitDeny', decidedBy: 'no-permission-needed', side: 'caller', gates: [gate], residual: [], missing: [], assumptions: [] });
  return { hop: out, allowed: allows ? ALLOWED : REFUSED };
}

/** What a planned hop resolves to in the estate; nothing here depends on the request context. */
export interface ResolvedHop {
  readonly estate: Estate;
  readonly catalog: ServiceCatalog | undefined;
  readonly caller: ResolvedCaller;
  readonly resource: ResolvedResource;
  readonly callerMembership: Membership;
  readonly resourceMembership: Membership;
  readonly callerAccount: string | undefined;
  readonly resourceAccount: string | undefined;
  readonly crossAccount: boolean;
  /** Callers with IAM policies of their own (users, role sessions, federated users, roots). */
  readonly isIam: boolean;
  readonly callerHasBoundary: boolean;
  readonly serviceLinkedRole: boolean;
  /** Where an implicit denial is blamed on the target's gates first (see `decidedBy`). */
  readonly targetRequired: boolean;
  /** A call that needs no permission (no-permission.ts): the gate that decides it alone. */
  readonly noPermission: GateVerdict | undefined;
  readonly target: TargetFacts;
  /** The guardrails on each side, as far as they are known before the request context (undefined: not bound at all). */
  readonly scps: GuardrailPlan | undefined;
  readonly rcps: GuardrailPlan | undefined;
  /** A request that names no resource: the RCP working assumption, where RCPs could otherwise have bound it. */
  readonly noResourceAssumption: Assumption | undefined;
  /**
   * What the hop's statements are matched against. Its context derives keys from the estate and
   * the hop alone, so what it derives holds for every evaluation of the hop; given keys are read
   * from the hop's `given` as they are.
   */
  readonly request: MatchRequest;
  /** The engine cache's slots of the caller side and the guardrails for this hop, kept once found. */
  readonly slots: { caller?: ReadsSlot<CallerSide>; scp?: ReadsSlot<GuardrailResult>; rcp?: ReadsSlot<GuardrailResult> };
}

/** Who calls, on what, and where both sit in the organization. */
function resolveHop(estate: Estate, hop: HopInput, catalog: ServiceCatalog | undefined): ResolvedHop {
  const resolved = tables.resolvedHops.get(hop, resolveHopIn, { estate, catalog });
  return resolved.estate === estate && resolved.catalog === catalog ? resolved : resolveHopIn(hop, { estate, catalog });
}

function resolveHopIn(hop: HopInput, { estate, catalog }: { estate: Estate; catalog: ServiceCatalog | undefined }): ResolvedHop {
  const action = hop.action.toLowerCase();
  const caller = resolveCaller(estate, hop.principal, hop.sessionIssuer);
  const resource = resolveResource(estate, hop.resource, action);
  const kind = caller.identity.kind;
  const isIam = kind === 'user' || kind === 'role-session' || kind === 'federated-user' || kind === 'root';
  const callerAccount = caller.identity.accountId;
  const resourceAccount = resource.accountId;
  const crossAccount = callerAccount !== undefined && resourceAccount !== undefined && callerAccount !== resourceAccount;
  const callerHasBoundary = (caller.user ?? caller.role ?? caller.issuer)?.boundary !== undefined;
  const callerMembership = isIam ? membershipOf(estate, callerAccount) : OUTSIDE;
  const resourceMembership = membershipOf(estate, resourceAccount);
  const serviceLinkedRole = caller.role?.isServiceLinked ?? false;
  const target = targetFactsOf(estate, caller, resource, action, isIam, callerHasBoundary);
  return {
    estate,
    catalog,
    caller,
    resource,
    callerMembership,
    resourceMembership,
    callerAccount,
    resourceAccount,
    crossAccount,
    isIam,
    callerHasBoundary,
    serviceLinkedRole,
    targetRequired: crossAccount || (resource.policyGate !== 'resource' && resource.policyGate !== 'access-point'),
    noPermission: isIam ? noPermissionGate(caller.identity, action) : undefined,
    target,
    scps: isIam ? planScps(callerMembership, serviceLinkedRole) : undefined,
    rcps: resourceAccount ? planRcps(resourceMembership, action, { catalog, awsManagedKey: resource.entry?.kms?.keyManager === 'AWS', serviceLinkedRole }) : undefined,
    noResourceAssumption: target.accountless && isIam ? rcpNoResourceAssumption(callerMembership, action, catalog) : undefined,
    request: {
      caller: caller.identity,
      action,
      resource: hop.resource,
      ctx: new DerivedContext(estate, caller, callerMembership, resource, action, hop.given, hop.sessionTags),
      callerHasBoundary,
    },
    slots: { caller: undefined, scp: undefined, rcp: undefined },
  };
}

const OUTSIDE: Membership = { status: 'outside' };

function decide(deny: Bounds, allowed: Bounds): DecisionKind {
  if (deny.lo.kind === 'true') return 'ExplicitDeny';
  if (allowed.hi.kind === 'false') return 'ImplicitDeny';
  if (allowed.lo.kind === 'true') return 'Allow';
  if (!isDetermined(allowed)) return 'Unknown';
  return 'Conditional';
}

/**
 * Which failing gate an implicit denial is blamed on, by rank: guardrails first; then, where the
 * target must grant (cross-account, trust and key policies), the target's gates; otherwise the
 * caller's gates, where a same-account denial is fixed.
 */
const CALLER_FIRST = rankOf(['protected-role', 'key-state', 'scp', 'rcp', 'vpc-endpoint', 's3-bpa', 'trust', 'key-policy', 'identity', 'boundary', 'session', 'access-point', 'resource', 's3-acl', 'grant', 'no-permission-needed']);
const TARGET_FIRST = rankOf(['protected-role', 'key-state', 'scp', 'rcp', 'vpc-endpoint', 's3-bpa', 'trust', 'key-policy', 'access-point', 'resource', 's3-acl', 'grant', 'identity', 'boundary', 'session', 'no-permission-needed']);

function rankOf(order: readonly GateId[]): Readonly<Record<GateId, number>> {
  return Object.fromEntries(order.map((id, i) => [id, i])) as Record<GateId, number>;
}

function decidedBy(decision: DecisionKind, gates: readonly GateVerdict[], grantingGate: GateId | undefined, targetRequired: boolean): { gate: GateId; side: Side } | undefined {
  if (decision === 'ExplicitDeny') {
    for (const g of gates) if (g.verdict === 'deny' && g.statements.some(isDenyStatement)) return { gate: g.gate, side: g.side };
    return undefined;
  }
  if (decision === 'ImplicitDeny') {
    const rank = targetRequired ? TARGET_FIRST : CALLER_FIRST;
    let blamed: GateVerdict | undefined;
    for (const g of gates) {
      if (g.verdict !== 'no-match' && g.verdict !== 'deny') continue;
      if (blamed === undefined || rank[g.gate] < rank[blamed.gate]) blamed = g;
    }
    return blamed ? { gate: blamed.gate, side: blamed.side } : undefined;
  }
  if (decision === 'Allow' || decision === 'Conditional') {
    if (!grantingGate) return undefined;
    for (const g of gates) if (g.gate === grantingGate) return { gate: grantingGate, side: g.side };
    return { gate: grantingGate, side: grantingGate === 'identity' ? 'caller' : 'target' };
  }
  for (const g of gates) if (g.verdict === 'unknown') return { gate: g.gate, side: g.side };
  return undefined;
}

function isDenyStatement(s: StatementRef): boolean {
  return s.effect === 'Deny';
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
