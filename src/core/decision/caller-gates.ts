import { isUncollected, type Group } from '../model/estate.js';
import type { Policy } from '../policy/policy-types.js';
import { ALLOWED, REFUSED, UNDETERMINED, both, either, type Bounds } from './bounds.js';
import { gateVerdict } from './gate-verdict.js';
import { evaluatePolicies, type MatchRequest } from './evaluate-policy.js';
import { assumption, type Assumption, type GateVerdict } from './result.js';
import type { ResolvedCaller } from './resolve-caller.js';
import { tables, type ReadsSlot } from './engine-cache.js';
import type { GatePart } from './gate-report.js';

/** The caller side's say (docs/aws-authorization.md#identity-policy-evaluation-step, #cross-account-two-evaluations): identity policies, boundary, session policy. */
export interface CallerSide extends GatePart {
  /** identity ∧ boundary ∧ session: what the caller's own account grants it ("idOK" of docs/aws-authorization.md#engine-algorithm). */
  readonly granted: Bounds;
  /** boundary ∧ session only: what still limits grants a resource policy makes to a role ARN (docs/aws-authorization.md#same-account-resource-policy-principal). */
  readonly limits: Bounds;
}

/**
 * The caller's side depends on the caller, its session policy, the action, the resource and the
 * context keys its policies read (kept by the engine cache's `callerSides` when there is no
 * session policy). `kept` holds the slot of a planned hop, which asks for the same one every time.
 */
export function evaluateCallerSide(caller: ResolvedCaller, req: MatchRequest, sessionPolicy: Policy | undefined, kept?: { caller?: ReadsSlot<CallerSide> }): CallerSide {
  if (sessionPolicy) return callerSideOf(caller, req, sessionPolicy);
  let slot = kept?.caller;
  if (!slot) {
    slot = tables.callerSides.slot(caller, `${req.action}\u0000${req.resource}`);
    if (kept) kept.caller = slot;
  }
  return slot.get(req.ctx, (ctx) => callerSideOf(caller, { ...req, ctx }, undefined));
}

function callerSideOf(caller: ResolvedCaller, req: MatchRequest, sessionPolicy: Policy | undefined): CallerSide {
  const id = caller.identity;
  const account = id.accountId ?? '';
  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  const assumptions: Assumption[] = [];
  let deny: Bounds = REFUSED;

  // Identity policies.
  let identity: Bounds;
  const entity = caller.user ?? caller.role ?? caller.issuer;
  if (id.kind === 'root') {
    identity = ALLOWED; // docs/aws-authorization.md#same-account-either-side, #s3-user-context: the root user has no identity policies and is not limited by them
  } else if (!caller.account?.iamCollected || !entity) {
    identity = UNDETERMINED;
    const what = `the identity policies of ${id.arn} (account ${account} is not in the estate)`;
    missing.push(what);
    gates.push(gateVerdict({ gate: 'identity', side: 'caller', account, allow: UNDETERMINED, reason: 'identity policies not collected', missing: [what] }));
  } else {
    const policies = identityPoliciesOf(caller);
    const g = policyGate('identity', account, policies, req, policies.length === 0 ? `${entity.arn} has no identity policies` : 'an identity policy');
    identity = g.allow;
    deny = g.deny;
    missing.push(...g.problems);
    gates.push(g.verdict);
  }

  // Permissions boundary (docs/aws-authorization.md#permissions-boundary-intersection): limits, never grants.
  let boundary: Bounds = ALLOWED;
  const boundaryPolicy = entity?.boundary;
  if (boundaryPolicy && isUncollected(boundaryPolicy)) {
    assumptions.push(assumption('boundary-unreadable', `the permissions boundary of ${entity!.arn} could not be read; assumed not to restrict`));
  } else if (boundaryPolicy) {
    const g = policyGate('boundary', account, [boundaryPolicy], req, 'the permissions boundary');
    boundary = g.allow;
    deny = either(deny, g.deny);
    missing.push(...g.problems);
    gates.push(g.verdict);
  }

  // Session policy (docs/aws-authorization.md#session-policy-evaluation-step, #session-policy-limits-only).
  let session: Bounds = ALLOWED;
  if (sessionPolicy && (id.kind === 'role-session' || id.kind === 'federated-user')) {
    const g = policyGate('session', account, [sessionPolicy], req, 'the session policy');
    session = g.allow;
    deny = either(deny, g.deny);
    missing.push(...g.problems);
    gates.push(g.verdict);
  } else if (id.kind === 'federated-user') {
    session = REFUSED;
    gates.push(
      gateVerdict({
        gate: 'session',
        side: 'caller',
        account,
        allow: REFUSED,
        reason: 'a federated-user session without a session policy has no permissions of its own (docs/aws-authorization.md#session-policy-evaluation-step)',
      }),
    );
  }

  const limits = both(boundary, session);
  return {
    granted: both(identity, limits),
    limits,
    deny,
    gates,
    missing,
    assumptions,
  };
}

/** A user's policies include its groups' (docs/aws-authorization.md#group-policies-apply-to-members). */
function identityPoliciesOf(caller: ResolvedCaller): readonly Policy[] {
  return tables.identityPolicies.get(caller, identityAndGroupPolicies, undefined);
}

function identityAndGroupPolicies(caller: ResolvedCaller): readonly Policy[] {
  const entity = caller.user ?? caller.role ?? caller.issuer;
  return entity ? [...entity.policies, ...groupPolicies(caller)] : [];
}

function groupPolicies(caller: ResolvedCaller): Policy[] {
  const user = caller.user ?? caller.issuer;
  if (!user || !caller.account) return [];
  const out: Policy[] = [];
  for (const name of user.groups) {
    const g: Group | undefined = caller.account.groups.get(name);
    if (g) out.push(...g.policies);
  }
  return out;
}

/** One caller-side policy type evaluated, with its gate verdict; `what` names it in the reason. */
function policyGate(
  gate: 'identity' | 'boundary' | 'session',
  account: string,
  policies: readonly Policy[],
  req: MatchRequest,
  what: string,
): { allow: Bounds; deny: Bounds; problems: readonly string[]; verdict: GateVerdict } {
  const e = evaluatePolicies(policies, req);
  const reason = policies.length === 0 ? what : describe(e.allow, e.deny, what);
  const verdict = gateVerdict({ gate, side: 'caller', account, allow: e.allow, deny: e.deny, statements: e.statements, reason, missing: e.problems });
  return { allow: e.allow, deny: e.deny, problems: e.problems, verdict };
}

/** `what` names the policies: `the SCPs at …` takes the plural verb, `an identity policy` the singular. */
export function describe(allow: Bounds, deny: Bounds, what: string, plural = false): string {
  const [denies, allows] = plural ? ['deny', 'allow'] : ['denies', 'allows'];
  if (deny.lo.kind === 'true') return `${what} ${denies} it`;
  if (allow.lo.kind === 'true') return `${what} ${allows} it`;
  if (allow.hi.kind === 'false') return `no statement in ${what} allows it`;
  if (allow.lo.kind === 'false' && allow.hi.kind === 'true') return `${what} could not be fully evaluated`;
  return `${what} ${allows} it only under a condition`;
}
