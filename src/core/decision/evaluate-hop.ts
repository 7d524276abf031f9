import type { ContextEntry } from '../condition/request-context.js';
import { renderResidual } from '../condition/render-residual.js';
import type { Estate } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import type { Policy } from '../policy/policy-types.js';
import { ALLOWED, REFUSED, UNDETERMINED, both, either, isDetermined, notDenied, type Bounds } from './bounds.js';
import { evaluateCallerSide, type CallerSide } from './caller-gates.js';
import { DerivedContext } from './derive-context.js';
import { evaluateRcps, evaluateScps, rcpNoResourceAssumption, type GuardrailResult } from './guardrail-gates.js';
import { noPermissionGate } from './no-permission.js';
import { membershipOf, type Membership } from './organization-chain.js';
import type { MatchRequest } from './evaluate-policy.js';
import type { MemoSlot } from './reads-memo.js';
import { evaluateTarget, targetFactsOf, type TargetFacts } from './target-gates.js';
import { uniqueAssumptions, type Assumption, type DecisionKind, type GateId, type GateVerdict, type HopDecision, type Side, type StatementRef } from './result.js';
import { resolveCaller, type ResolvedCaller } from './resolve-caller.js';
import { resolveResource, type ResolvedResource } from './resolve-resource.js';

/**
 * One authorization to decide. What it resolves to in the estate is worked out on its first
 * evaluation and kept with the object (see `resolveHop`): a hop input is not changed afterwards.
 */
export interface HopInput {
  readonly principal: string;
  readonly action: string;
  /** The action lowercased, when the caller has it already (requests are planned once). */
  readonly actionLower?: string;
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
  const action = hop.actionLower ?? hop.action.toLowerCase();
  const resolved = resolveHop(estate, hop, action);
  const { caller, resource } = resolved;
  if (caller.problem) {
    const hopDecision: HopDecision = {
      principal: hop.principal,
      action: hop.action,
      resource: hop.resource,
      callerAccount: resolved.callerAccount,
      resourceAccount: resolved.resourceAccount,
      crossAccount: resolved.crossAccount,
      impliedBy: hop.impliedBy,
      decision: 'Unknown',
      decidedBy: undefined,
      side: undefined,
      gates: [],
      residual: [],
      missing: [caller.problem],
      assumptions: [],
    };
    return { hop: hopDecision, allowed: UNDETERMINED };
  }
  if (resolved.noPermission) return noPermissionDecision(hop, resolved, resolved.noPermission);
  const isIam = resolved.isIam;
  const req = resolved.request;
  const callerSide: CallerSide | undefined = isIam ? evaluateCallerSide(caller, req, hop.sessionPolicy, resolved.slots) : undefined;

  // Organization guardrails: SCPs on the caller's side, RCPs on the target's (docs/aws-authorization.md#organizations-policies).
  const scp = isIam ? evaluateScps(resolved.callerMembership, req, resolved.serviceLinkedRole, resolved.slots) : undefined;
  const rcp = resource.accountId
    ? evaluateRcps(
        resolved.resourceMembership,
        req,
        {
          catalog: options.catalog,
          awsManagedKey: resolved.awsManagedKey,
          serviceLinkedRole: resolved.serviceLinkedRole,
          resourceAccount: resource.accountId,
        },
        resolved.slots,
      )
    : undefined;

  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  const assumptions: Assumption[] = [];
  let deny: Bounds = REFUSED;
  // Each part's fields are read at its own call site: the parts have different shapes.
  if (rcp) {
    append(gates, rcp.gates, missing, rcp.missing, assumptions, rcp.assumptions);
    deny = either(deny, rcp.deny);
  }
  if (scp) {
    append(gates, scp.gates, missing, scp.missing, assumptions, scp.assumptions);
    deny = either(deny, scp.deny);
  }
  if (callerSide) {
    append(gates, callerSide.gates, missing, callerSide.missing, assumptions, callerSide.assumptions);
    deny = either(deny, callerSide.deny);
  }
  if (resolved.target.accountless && isIam) {
    const note = rcpNoResourceAssumption(resolved.callerMembership, action, options.catalog);
    if (note !== undefined) assumptions.push(note);
  }
  const target = evaluateTarget(resolved.target, caller.identity, req, callerSide, gates, missing, assumptions);
  deny = either(deny, target.deny);

  const allowed = both(both(notDenied(deny), scp ? scp.allow : ALLOWED), target.grant);
  const decision = decide(deny, allowed);
  const decided = decidedBy(decision, gates, target.grantingGate, resolved.targetRequired);
  const out: HopDecision = {
    principal: hop.principal,
    action: hop.action,
    resource: hop.resource,
    callerAccount: resolved.callerAccount,
    resourceAccount: resolved.resourceAccount,
    crossAccount: resolved.crossAccount,
    impliedBy: hop.impliedBy,
    decision,
    decidedBy: decided?.gate,
    side: decided?.side,
    gates,
    residual: decision === 'Conditional' ? renderResidual(allowed.lo) : [],
    missing: decision === 'Unknown' ? unique(missing.length > 0 ? missing : ['data the answer depends on was not collected']) : [],
    assumptions: assumptions.length > 1 ? uniqueAssumptions(assumptions) : assumptions,
  };
  return { hop: out, allowed };
}

/**
 * A call that needs no permission (no-permission.ts): its one gate decides, whatever the policies
 * (an explicit Deny included), the guardrails and the target say.
 */
function noPermissionDecision(hop: HopInput, resolved: ResolvedHop, gate: GateVerdict): { hop: HopDecision; allowed: Bounds } {
  const allows = gate.verdict === 'allow';
  const out: HopDecision = {
    principal: hop.principal,
    action: hop.action,
    resource: hop.resource,
    callerAccount: resolved.callerAccount,
    resourceAccount: resolved.resourceAccount,
    crossAccount: resolved.crossAccount,
    impliedBy: hop.impliedBy,
    decision: allows ? 'Allow' : 'ImplicitDeny',
    decidedBy: 'no-permission-needed',
    side: 'caller',
    gates: [gate],
    residual: [],
    missing: [],
    assumptions: [],
  };
  return { hop: out, allowed: allows ? ALLOWED : REFUSED };
}

/** Appends one part's gates, missing data and assumptions to the hop's. */
function append(
  gates: GateVerdict[],
  partGates: readonly GateVerdict[],
  missing: string[],
  partMissing: readonly string[],
  assumptions: Assumption[],
  partAssumptions: readonly Assumption[],
): void {
  for (let i = 0; i < partGates.length; i++) gates.push(partGates[i]!);
  for (let i = 0; i < partMissing.length; i++) missing.push(partMissing[i]!);
  for (let i = 0; i < partAssumptions.length; i++) assumptions.push(partAssumptions[i]!);
}

/** What a planned hop resolves to in the estate; nothing here depends on the request context. */
interface ResolvedHop {
  readonly estate: Estate;
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
  readonly awsManagedKey: boolean;
  /** Where an implicit denial is blamed on the target's gates first (see `decidedBy`). */
  readonly targetRequired: boolean;
  /** A call that needs no permission (no-permission.ts): the gate that decides it alone. */
  readonly noPermission: GateVerdict | undefined;
  readonly target: TargetFacts;
  /**
   * What the hop's statements are matched against. Its context derives keys from the estate and
   * the hop alone, so what it derives holds for every evaluation of the hop; given keys are read
   * from the hop's `given` as they are.
   */
  readonly request: MatchRequest;
  /** The memo slots of the caller side and the guardrails for this hop, kept once found. */
  readonly slots: { caller?: MemoSlot<CallerSide>; scp?: MemoSlot<GuardrailResult>; rcp?: MemoSlot<GuardrailResult> };
}

const resolvedHops = new WeakMap<HopInput, ResolvedHop>();

/** Who calls, on what, and where both sit in the organization: resolved once per planned hop. */
function resolveHop(estate: Estate, hop: HopInput, action: string): ResolvedHop {
  const cached = resolvedHops.get(hop);
  if (cached && cached.estate === estate) return cached;
  const caller = resolveCaller(estate, hop.principal, hop.sessionIssuer);
  const resource = resolveResource(estate, hop.resource, action);
  const kind = caller.identity.kind;
  const isIam = kind === 'user' || kind === 'role-session' || kind === 'federated-user' || kind === 'root';
  const callerAccount = caller.identity.accountId;
  const resourceAccount = resource.accountId;
  const crossAccount = callerAccount !== undefined && resourceAccount !== undefined && callerAccount !== resourceAccount;
  const callerHasBoundary = (caller.user ?? caller.role ?? caller.issuer)?.boundary !== undefined;
  const callerMembership = isIam ? membershipOf(estate, callerAccount) : OUTSIDE;
  const resolved: ResolvedHop = {
    estate,
    caller,
    resource,
    callerMembership,
    resourceMembership: membershipOf(estate, resourceAccount),
    callerAccount,
    resourceAccount,
    crossAccount,
    isIam,
    callerHasBoundary,
    serviceLinkedRole: caller.role?.isServiceLinked ?? false,
    awsManagedKey: resource.entry?.kms?.keyManager === 'AWS',
    targetRequired: crossAccount || resource.policyGate !== 'resource',
    noPermission: isIam ? noPermissionGate(caller.identity, action) : undefined,
    target: targetFactsOf(estate, caller, resource, action, isIam, callerHasBoundary),
    request: {
      caller: caller.identity,
      action,
      resource: hop.resource,
      ctx: new DerivedContext(estate, caller, callerMembership, resource, action, hop.given, hop.sessionTags),
      callerHasBoundary,
    },
    slots: { caller: undefined, scp: undefined, rcp: undefined },
  };
  resolvedHops.set(hop, resolved);
  return resolved;
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
const CALLER_FIRST = rankOf(['protected-role', 'scp', 'rcp', 's3-bpa', 'trust', 'key-policy', 'identity', 'boundary', 'session', 'resource', 's3-acl', 'grant', 'no-permission-needed']);
const TARGET_FIRST = rankOf(['protected-role', 'scp', 'rcp', 's3-bpa', 'trust', 'key-policy', 'resource', 's3-acl', 'grant', 'identity', 'boundary', 'session', 'no-permission-needed']);

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
