import type { ContextEntry } from '../condition/request-context.js';
import { renderResidual } from '../condition/render-residual.js';
import { isUncollected, type Estate, type Resource } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import type { Policy } from '../policy/policy-types.js';
import type { PrincipalMatchKind } from '../policy/principal-matcher.js';
import { isPublicPolicy } from '../policy/public-policy.js';
import { ALLOWED, REFUSED, UNDETERMINED, both, either, eitherAll, exact, isDetermined, notDenied, type Bounds } from './bounds.js';
import { evaluateCallerSide, type CallerSide } from './caller-gates.js';
import { DerivedContext } from './derive-context.js';
import { gateVerdict } from './gate-verdict.js';
import { evaluateRcps, evaluateScps } from './guardrail-gates.js';
import { grantAllows, isCrossAccountKmsOperation } from './kms-rules.js';
import { membershipOf, type Membership } from './organization-chain.js';
import { evaluatePolicies, type MatchRequest, type PolicyEvaluation } from './evaluate-policy.js';
import type { DecisionKind, GateId, GateVerdict, HopDecision, Side } from './result.js';
import { resolveCaller, type ResolvedCaller } from './resolve-caller.js';
import { isPolicy, resolveResource, type ResolvedResource } from './resolve-resource.js';
import { aclAllows, aclsInForce, effectiveBlockPublicAccess, isBucketAclAction, isObjectAction } from './s3-rules.js';

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

type HopBase = Pick<HopDecision, 'principal' | 'action' | 'resource' | 'callerAccount' | 'resourceAccount' | 'crossAccount' | 'impliedBy'>;

export interface HopOptions {
  readonly catalog?: ServiceCatalog;
}

/** One authorization decision (spec §13 `decide_one`), with every gate's verdict. */
export function evaluateHop(estate: Estate, hop: HopInput, options: HopOptions = {}): HopDecision {
  return evaluateHopWithBounds(estate, hop, options).hop;
}

/** The hop's decision together with its allowed-bounds, which requests with implied actions combine. */
export function evaluateHopWithBounds(estate: Estate, hop: HopInput, options: HopOptions = {}): { hop: HopDecision; allowed: Bounds } {
  const action = hop.actionLower ?? hop.action.toLowerCase();
  const { caller, resource, callerMembership, resourceMembership } = resolveHop(estate, hop, action);
  const callerAccount = caller.identity.accountId;
  const resourceAccount = resource.accountId;
  const base: HopBase = {
    principal: hop.principal,
    action: hop.action,
    resource: hop.resource,
    callerAccount,
    resourceAccount,
    crossAccount: callerAccount !== undefined && resourceAccount !== undefined && callerAccount !== resourceAccount,
    impliedBy: hop.impliedBy,
  };
  if (caller.problem) {
    const hopDecision: HopDecision = {
      ...base,
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
  const kind = caller.identity.kind;
  const isIam = kind === 'user' || kind === 'role-session' || kind === 'federated-user' || kind === 'root';
  const ctx = new DerivedContext({
    estate,
    caller,
    callerMembership,
    resource,
    action,
    given: hop.given,
    ...(hop.sessionTags ? { sessionTags: hop.sessionTags } : {}),
  });
  const callerHasBoundary = (caller.user ?? caller.role ?? caller.issuer)?.boundary !== undefined;
  const req: MatchRequest = { caller: caller.identity, action, resource: hop.resource, ctx, callerHasBoundary };
  const callerSide: CallerSide | undefined = isIam ? evaluateCallerSide(caller, req, hop.sessionPolicy) : undefined;

  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  const assumptions: string[] = [];
  const denies: Bounds[] = [];

  // Organization guardrails: SCPs on the caller's side, RCPs on the target's (spec §7).
  const scp = isIam ? evaluateScps(callerMembership, req, caller.role?.isServiceLinked ?? false) : undefined;
  const awsManagedKey = resource.entry?.kms?.keyManager === 'AWS';
  const rcp = resource.accountId
    ? evaluateRcps(resourceMembership, req, {
        catalog: options.catalog,
        awsManagedKey,
        serviceLinkedRole: caller.role?.isServiceLinked ?? false,
        resourceAccount: resource.accountId,
      })
    : undefined;
  if (rcp) absorb(rcp, gates, missing, assumptions, denies);
  if (scp) absorb(scp, gates, missing, assumptions, denies);
  if (callerSide) absorb(callerSide, gates, missing, assumptions, denies);
  const target = evaluateTarget(estate, caller, resource, req, callerSide, options);
  absorb(target, gates, missing, assumptions, denies);

  const deny = eitherAll(denies);
  const allowed = both(both(notDenied(deny), scp?.allow ?? ALLOWED), target.grant);
  const decision = decide(deny, allowed);
  const decided = decidedBy(decision, gates, target.grantingGate, base.crossAccount || resource.policyGate !== 'resource');
  const out: HopDecision = {
    principal: base.principal,
    action: base.action,
    resource: base.resource,
    callerAccount: base.callerAccount,
    resourceAccount: base.resourceAccount,
    crossAccount: base.crossAccount,
    impliedBy: base.impliedBy,
    decision,
    decidedBy: decided?.gate,
    side: decided?.side,
    gates,
    residual: decision === 'Conditional' ? renderResidual(allowed.lo) : [],
    missing: decision === 'Unknown' ? unique(missing.length > 0 ? missing : ['data the answer depends on was not collected']) : [],
    assumptions: assumptions.length > 1 ? unique(assumptions) : assumptions,
  };
  return { hop: out, allowed };
}

const bucketBpa = new WeakMap<Resource, ReturnType<typeof effectiveBlockPublicAccess>>();

function blockPublicAccessOf(estate: Estate, bucket: Resource): ReturnType<typeof effectiveBlockPublicAccess> {
  let v = bucketBpa.get(bucket);
  if (!v) {
    v = effectiveBlockPublicAccess(bucket.s3?.blockPublicAccess, estate.accounts.get(bucket.accountId)?.s3BlockPublicAccess);
    bucketBpa.set(bucket, v);
  }
  return v;
}

const publicPolicies = new WeakMap<Policy, boolean>();

function isPublicPolicyCached(policy: Policy): boolean {
  let v = publicPolicies.get(policy);
  if (v === undefined) {
    v = isPublicPolicy(policy);
    publicPolicies.set(policy, v);
  }
  return v;
}

interface GatePart {
  readonly gates: readonly GateVerdict[];
  readonly missing: readonly string[];
  readonly assumptions: readonly string[];
  readonly deny: Bounds;
}

function absorb(part: GatePart, gates: GateVerdict[], missing: string[], assumptions: string[], denies: Bounds[]): void {
  for (let i = 0; i < part.gates.length; i++) gates.push(part.gates[i]!);
  for (let i = 0; i < part.missing.length; i++) missing.push(part.missing[i]!);
  for (let i = 0; i < part.assumptions.length; i++) assumptions.push(part.assumptions[i]!);
  denies.push(part.deny);
}

interface ResolvedHop {
  readonly estate: Estate;
  readonly caller: ResolvedCaller;
  readonly resource: ResolvedResource;
  readonly callerMembership: Membership;
  readonly resourceMembership: Membership;
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
  const resolved: ResolvedHop = {
    estate,
    caller,
    resource,
    callerMembership: isIam ? membershipOf(estate, caller.identity.accountId) : OUTSIDE,
    resourceMembership: membershipOf(estate, resource.accountId),
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

interface TargetSide {
  readonly grant: Bounds;
  readonly deny: Bounds;
  readonly gates: readonly GateVerdict[];
  readonly missing: readonly string[];
  readonly assumptions: readonly string[];
  /** The target-side gate that grants, for `decidedBy` of an Allow. */
  readonly grantingGate?: GateId;
}

/**
 * The resource's side and how it combines with the caller's (spec §13 steps 4–5): the resource,
 * trust or key policy, S3 ACLs and Block Public Access, KMS grants, and the same-account and
 * cross-account rules.
 */
function evaluateTarget(
  estate: Estate,
  caller: ResolvedCaller,
  resource: ResolvedResource,
  req: MatchRequest,
  callerSide: CallerSide | undefined,
  options: HopOptions,
): TargetSide {
  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  const assumptions: string[] = [];
  const id = caller.identity;
  const account = resource.accountId ?? '';
  const gateId = resource.policyGate;
  const action = req.action;
  const isIam = callerSide !== undefined;
  // An action on `*` (ListAllMyBuckets, DescribeInstances...) names no resource of another account:
  // only the caller's own policies can allow it (spec §4.3: identity policies grant with `*`).
  const accountless = resource.accountId === undefined && resource.policy === null;
  const sameAccount = isIam && (accountless || id.accountId === resource.accountId);
  const isKms = resource.service === 'kms' && action.startsWith('kms:');
  const isTrust = gateId === 'trust';
  const mustAllowExplicitly = isTrust || isKms; // spec §3.1: trust and key policies must allow explicitly

  if (accountless && isIam) {
    return { grant: callerSide!.granted, deny: REFUSED, gates, missing, assumptions, grantingGate: 'identity' };
  }

  if (resource.missing) {
    gates.push(gateVerdict({ gate: gateId, side: 'target', account, allow: REFUSED, reason: resource.missing }));
    return { grant: REFUSED, deny: REFUSED, gates, missing, assumptions };
  }

  // The resource-based policy.
  let e: PolicyEvaluation | undefined;
  let policyUnknown = false;
  if (isPolicy(resource.policy)) {
    e = evaluatePolicies([resource.policy], req);
    missing.push(...e.problems);
  } else if (resource.policy && isUncollected(resource.policy)) {
    policyUnknown = true;
  }
  let deny: Bounds = e?.deny ?? REFUSED;
  let policyAllows = (kinds?: readonly PrincipalMatchKind[]): Bounds =>
    policyUnknown ? UNDETERMINED : e ? (kinds ? e.allowOfKinds(kinds) : e.allow) : REFUSED;

  // S3: Block Public Access and ACLs (spec §8).
  const bucket = resource.bucket;
  let aclGrant: Bounds = REFUSED;
  let aclViaAccount = false;
  let objectForeignOwner: string | undefined;
  if (bucket && resource.service === 's3') {
    const bpa = blockPublicAccessOf(estate, bucket);
    assumptions.push(...bpa.uncollected);
    const onObject = resource.arn !== bucket.arn;
    const objectOwner = resource.entry?.object?.owner;
    if (onObject && objectOwner && objectOwner !== bucket.accountId && aclsInForce(bucket) && isObjectAction(action)) {
      objectForeignOwner = objectOwner;
    }
    const publicPolicy = isPolicy(bucket.policy) && isPublicPolicyCached(bucket.policy);
    const trustedByRestrict = id.kind === 'service' || id.accountId === bucket.accountId;
    if (bpa.settings.RestrictPublicBuckets && publicPolicy && !trustedByRestrict) {
      policyAllows = () => REFUSED;
      gates.push(
        gateVerdict({
          gate: 's3-bpa',
          side: 'target',
          account,
          allow: REFUSED,
          reason: 'RestrictPublicBuckets is on and the bucket policy is public: only AWS service principals and principals of the bucket owner\'s account keep access (spec §8.4)',
        }),
      );
    }
    if (aclsInForce(bucket)) {
      // Object writes are bucket permissions (WRITE on the bucket, spec §8.3); reads of an object are the object ACL's.
      const useObjectAcl = onObject && !isBucketAclAction(action);
      const acl = useObjectAcl ? resource.entry?.object?.acl : bucket.s3?.acl;
      if (acl && isUncollected(acl)) {
        aclGrant = UNDETERMINED;
        missing.push(`the ACL of ${bucket.arn}`);
      } else if (acl) {
        const r = aclAllows(acl, id, action, useObjectAcl, bpa.settings.IgnorePublicAcls);
        if (r.allows) {
          aclGrant = ALLOWED;
          aclViaAccount = r.viaAccount;
          if (bpa.settings.BlockPublicAcls && !bpa.settings.IgnorePublicAcls && !r.viaAccount) assumptions.push('spec §14.5');
        }
        gates.push(
          gateVerdict({
            gate: 's3-acl',
            side: 'target',
            account: onObject && objectOwner ? objectOwner : account,
            allow: aclGrant,
            reason: r.allows ? `the ${onObject ? 'object' : 'bucket'} ACL grants ${r.grant?.permission} to ${r.grant?.grantee}` : `the ${onObject ? 'object' : 'bucket'} ACL grants nothing that covers it`,
          }),
        );
      }
    }
  }

  // KMS grants (spec §6.5, §14.9).
  let grantAllow: Bounds = REFUSED;
  let grantViaAccount = false;
  const kmsFacts = resource.entry?.kms;
  if (isKms && kmsFacts && isIam) {
    if (isUncollected(kmsFacts.grants)) {
      missing.push(`the grants of ${resource.arn}`);
      grantAllow = UNDETERMINED;
    } else {
      for (const g of kmsFacts.grants) {
        const r = grantAllows(g, id, action, req.ctx);
        if (r.matches.kind === 'false') continue;
        grantAllow = either(grantAllow, exact(r.matches));
        grantViaAccount ||= r.viaAccount;
      }
      if (kmsFacts.grants.length > 0) {
        gates.push(gateVerdict({ gate: 'grant', side: 'target', account, allow: grantAllow, reason: grantAllow === REFUSED ? 'no grant covers it' : 'a grant covers it' }));
      }
    }
  }

  // The resource policy gate's own verdict.
  const resourceAllow = policyAllows();
  gates.push(
    gateVerdict({
      gate: gateId,
      side: 'target',
      account,
      allow: resourceAllow,
      deny,
      statements: e ? e.statements : [],
      reason: policyReason(resource, e, resourceAllow, deny, gateId),
      ...(policyUnknown && isUncollected(resource.policy) ? { missing: [resource.policy.what] } : {}),
    }),
  );
  if (policyUnknown && isUncollected(resource.policy)) missing.push(resource.policy.what);

  // Bucket-policy grants do not reach an object another account owns: only its ACL does (spec §8.1, §8.2).
  if (objectForeignOwner !== undefined) {
    const ownerSide = id.accountId === objectForeignOwner;
    const granted = callerSide ? callerSide.granted : ALLOWED;
    const grant = ownerSide ? either(granted, aclGrant) : both(aclGrant, callerSide && id.kind !== 'root' ? granted : ALLOWED);
    return { grant, deny, gates, missing, assumptions, grantingGate: 's3-acl' };
  }

  // Callers without an identity of their own: service principals, anonymous, SAML / OIDC (spec §13 step 5, §5.10).
  if (!isIam) {
    // A SAML or OIDC identity acts only by assuming a role with it (spec §5.10); its session then calls AWS.
    if ((id.kind === 'saml' || id.kind === 'web-identity') && !action.startsWith('sts:assumerolewith')) {
      gates.push(gateVerdict({ gate: gateId, side: 'target', account, allow: REFUSED, reason: `${id.arn} is an identity provider: it can only be used to assume a role (spec §5.10)` }));
      return { grant: REFUSED, deny, gates, missing, assumptions };
    }
    const grant = either(policyAllows(), aclGrant);
    return { grant, deny, gates, missing, assumptions, grantingGate: aclGrant === ALLOWED ? 's3-acl' : gateId };
  }

  const granted = callerSide!.granted;
  const limits = callerSide!.limits;

  // Role assumption by a root user is not possible (spec §5.4, §14.11).
  if (isTrust && id.kind === 'root' && req.action.startsWith('sts:assumerole')) {
    gates.push(gateVerdict({ gate: 'trust', side: 'target', account, allow: REFUSED, reason: 'the root user cannot assume a role (spec §5.4)' }));
    return { grant: REFUSED, deny, gates, missing, assumptions };
  }

  if (!sameAccount) {
    // Cross-account: both sides must allow (spec §4.1, §5.2, §6.4).
    if (isKms && !isCrossAccountKmsOperation(action)) {
      gates.push(gateVerdict({ gate: 'key-policy', side: 'target', account, allow: REFUSED, reason: `${req.action} is never effective across accounts, whatever the policies say (spec §6.4)` }));
      return { grant: REFUSED, deny, gates, missing, assumptions };
    }
    const callerGrants = id.kind === 'root' ? ALLOWED : granted;
    const viaPolicy = both(policyAllows(), callerGrants);
    const viaAcl = both(aclGrant, callerGrants);
    const viaGrant = grantAllow === REFUSED ? REFUSED : both(grantAllow, grantViaAccount ? callerGrants : limits);
    if (grantAllow !== REFUSED) assumptions.push('spec §14.9');
    const grant = eitherAll([viaPolicy, viaAcl, viaGrant]);
    const grantingGate = viaGrant.lo.kind === 'true' ? 'grant' : viaAcl.lo.kind === 'true' ? 's3-acl' : gateId;
    return { grant, deny, gates, missing, assumptions, grantingGate };
  }

  // Same account (spec §3.1–§3.3, §13).
  if (id.kind === 'root') {
    const grant = mustAllowExplicitly ? policyAllows() : ALLOWED;
    return { grant, deny, gates, missing, assumptions, grantingGate: mustAllowExplicitly ? gateId : 'identity' };
  }
  const callerIsRoleLike = id.kind === 'role-session' || id.kind === 'federated-user';
  const direct = policyAllows(callerIsRoleLike ? ['session', 'user'] : ['session', 'user', 'wildcard']);
  const limited = policyAllows(callerIsRoleLike ? ['role', 'issuer', 'wildcard'] : ['role', 'issuer']);
  if (callerIsRoleLike && e?.hasKind('wildcard')) assumptions.push('spec §14.14');
  const viaAccount = mustAllowExplicitly ? both(policyAllows(['account']), granted) : granted;
  const viaGrant = grantAllow === REFUSED ? REFUSED : both(grantAllow, grantViaAccount ? granted : limits);
  const viaAcl = aclViaAccount ? both(aclGrant, granted) : REFUSED;
  const grant = eitherAll([direct, both(limited, limits), viaAccount, viaGrant, viaAcl]);
  if (isTrust && (direct !== REFUSED || limited !== REFUSED)) assumptions.push('spec §14.1');
  if (!mustAllowExplicitly && e?.hasKind('account')) assumptions.push('spec §14.2');
  const targetGrants = either(direct, both(limited, limits));
  const grantingGate: GateId = targetGrants.lo.kind === 'true' ? gateId : viaGrant.lo.kind === 'true' ? 'grant' : mustAllowExplicitly ? gateId : 'identity';
  return { grant, deny, gates, missing, assumptions, grantingGate };
}

function policyReason(r: ResolvedResource, e: PolicyEvaluation | undefined, allow: Bounds, deny: Bounds, gate: GateId): string {
  const what = gate === 'trust' ? 'the trust policy' : gate === 'key-policy' ? 'the key policy' : 'the resource policy';
  if (r.policy === null) return gate === 'trust' ? `${r.arn} has no trust policy` : `${r.arn} has no ${gate === 'key-policy' ? 'key' : 'resource'} policy`;
  if (isUncollected(r.policy)) return `${what} was not collected`;
  if (deny.lo.kind === 'true') return `${what} denies it`;
  if (allow.lo.kind === 'true') return `${what} allows it`;
  if (allow.hi.kind === 'false') return `no statement in ${what} allows this principal`;
  if (e && e.problems.length > 0) return `${what} could not be fully evaluated`;
  return `${what} allows it only under a condition`;
}

function decidedBy(decision: DecisionKind, gates: readonly GateVerdict[], grantingGate: GateId | undefined, targetRequired: boolean): { gate: GateId; side: Side } | undefined {
  if (decision === 'ExplicitDeny') return pick(gates, (g) => g.verdict === 'deny' && g.statements.some((s) => s.effect === 'Deny'));
  if (decision === 'ImplicitDeny') {
    // Guardrails first; then, where the target must grant (cross-account, trust and key policies),
    // the target's gates; otherwise the caller's gates, where a same-account denial is fixed.
    const failing = gates.filter((g) => g.verdict === 'no-match' || g.verdict === 'deny');
    const callerFirst: GateId[] = ['scp', 'rcp', 's3-bpa', 'trust', 'key-policy', 'identity', 'boundary', 'session', 'resource', 's3-acl', 'grant'];
    const targetFirst: GateId[] = ['scp', 'rcp', 's3-bpa', 'trust', 'key-policy', 'resource', 's3-acl', 'grant', 'identity', 'boundary', 'session'];
    for (const id of targetRequired ? targetFirst : callerFirst) {
      const hit = failing.find((g) => g.gate === id);
      if (hit) return { gate: hit.gate, side: hit.side };
    }
    return undefined;
  }
  if (decision === 'Allow' || decision === 'Conditional') {
    if (!grantingGate) return undefined;
    const g = gates.find((x) => x.gate === grantingGate);
    return { gate: grantingGate, side: g?.side ?? (grantingGate === 'identity' ? 'caller' : 'target') };
  }
  return pick(gates, (g) => g.verdict === 'unknown');
}

function pick(gates: readonly GateVerdict[], pred: (g: GateVerdict) => boolean): { gate: GateId; side: Side } | undefined {
  const g = gates.find(pred);
  return g ? { gate: g.gate, side: g.side } : undefined;
}


function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
