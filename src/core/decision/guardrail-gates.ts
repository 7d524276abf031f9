import { isUncollected, type OrgNode } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import { ALLOWED, REFUSED, both, either, type Bounds } from './bounds.js';
import { gateVerdict } from './gate-verdict.js';
import { ouNameOf, type Membership } from './organization-chain.js';
import { evaluatePolicies, type MatchRequest } from './evaluate-policy.js';
import { assumption, ruleAssumption, type Assumption, type GateVerdict } from './result.js';
import { describe } from './caller-gates.js';
import { tables, type ReadsSlot } from './engine-cache.js';
import type { GatePart } from './gate-report.js';

export interface GuardrailResult extends GatePart {
  /** For SCPs: an Allow at every level (docs/aws-authorization.md#scp-does-not-grant). RCPs never need an Allow (RCPFullAWSAccess). */
  readonly allow: Bounds;
}

const NONE: GuardrailResult = { allow: ALLOWED, deny: REFUSED, gates: [], assumptions: [], missing: [] };

/** Guardrails of an organization that is not known: assumed not to restrict, and the answer says so. */
function unknownOrganization(membership: Extract<Membership, { status: 'unknown' }>): { readonly scp: GuardrailResult; readonly rcp: GuardrailResult } {
  const why = membership.why;
  return {
    scp: { ...NONE, assumptions: [assumption('scp-not-collected', `SCPs: ${why}; assumed not to restrict`)] },
    rcp: { ...NONE, assumptions: [assumption('rcp-not-collected', `RCPs: ${why}; assumed not to restrict`)] },
  };
}

type Member = Extract<Membership, { status: 'member' }>;

/**
 * A hop's guardrails before its context is known: an answer that holds whatever the context
 * (`fixed`), or the chain of policies to evaluate per request.
 */
export type GuardrailPlan = { readonly fixed: GuardrailResult; readonly chain?: undefined } | { readonly fixed?: undefined; readonly chain: Member };

/** SCPs bind the principal's account (docs/aws-authorization.md#scp-does-not-grant–docs/aws-authorization.md#scp-principals-only). */
export function planScps(membership: Membership, serviceLinkedRole: boolean): GuardrailPlan {
  if (membership.status === 'outside') return { fixed: NONE };
  if (membership.status === 'unknown') return { fixed: unknownOrganization(membership).scp };
  if (membership.isManagement || serviceLinkedRole || !membership.organization.scpsEnabled) return { fixed: NONE };
  return { chain: membership };
}

/** The SCPs' say on one request. `kept` holds a planned hop's slot of the engine cache. */
export function evaluateScps(plan: GuardrailPlan, req: MatchRequest, kept?: { scp?: ReadsSlot<GuardrailResult> }): GuardrailResult {
  if (plan.fixed) return plan.fixed;
  const membership = plan.chain;
  // SCP statements have no Principal: the chain's answer depends on the action, the resource and
  // the context keys its conditions read (docs/aws-authorization.md#scp-does-not-grant), so it is shared by every caller of the account.
  let slot = kept?.scp;
  if (!slot) {
    slot = tables.scpChains.slot(membership, `${req.action}\u0000${req.resource}`);
    if (kept) kept.scp = slot;
  }
  return slot.get(req.ctx, (ctx) => scpChain(membership, { ...req, ctx }));
}

function scpChain(membership: Extract<Membership, { status: 'member' }>, req: MatchRequest): GuardrailResult {
  const gates: GateVerdict[] = [];
  const assumptions: Assumption[] = [];
  const missing: string[] = [];
  let allow: Bounds = ALLOWED;
  let deny: Bounds = REFUSED;
  const account = req.caller.accountId ?? '';
  for (const node of membership.chain) {
    if (isUncollected(node.scps)) {
      assumptions.push(assumption('scp-unreadable', `the SCPs attached to ${label(node)} could not be read; assumed not to restrict`));
      continue;
    }
    const e = evaluatePolicies(node.scps, req);
    const levelAllow = node.scps.length === 0 ? REFUSED : e.allow;
    allow = both(allow, levelAllow);
    deny = either(deny, e.deny);
    missing.push(...e.problems);
    gates.push(
      gateVerdict({
        gate: 'scp',
        side: 'caller',
        account,
        guardrail: true,
        allow: levelAllow,
        deny: e.deny,
        statements: e.statements,
        reason: node.scps.length === 0 ? `no SCP is attached to ${label(node)}, so nothing is allowed there` : describe(levelAllow, e.deny, `the SCPs at ${label(node)}`, true),
        targetId: node.id,
        targetName: node.name,
        ou: ouNameOf(membership, node),
        missing: e.problems,
      }),
    );
  }
  return { allow, deny, gates, assumptions, missing };
}

const RCP_LAUNCH_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager']);

const NO_CATALOG = assumption('rcp-no-catalog', 'no service catalog was given: RCP coverage taken as the launch services (S3, STS, KMS, SQS, Secrets Manager)');
const RCP_SUPPORTED_SERVICES = ruleAssumption('rcp-supported-services');
/** The answers that rest on assumptions only, built once. */
const NOT_BOUND: GuardrailResult = { ...NONE, assumptions: [RCP_SUPPORTED_SERVICES] };
const NOT_BOUND_NO_CATALOG: GuardrailResult = { ...NONE, assumptions: [NO_CATALOG, RCP_SUPPORTED_SERVICES] };
const NONE_NO_CATALOG: GuardrailResult = { ...NONE, assumptions: [NO_CATALOG] };

/** RCPs bind the resource's account (docs/aws-authorization.md#rcp-does-not-grant, #rcp-supported-services, #rcp-service-linked-roles). They only ever deny. */
export function planRcps(
  membership: Membership,
  action: string,
  context: { catalog: ServiceCatalog | undefined; awsManagedKey: boolean; serviceLinkedRole: boolean },
): GuardrailPlan {
  if (membership.status === 'outside') return { fixed: NONE };
  if (membership.status === 'unknown') return { fixed: unknownOrganization(membership).rcp };
  if (membership.isManagement || !membership.organization.rcpsEnabled) return { fixed: NONE };
  const catalog = context.catalog;
  const attached = rcpsAttached(membership);
  if (!rcpBinds(action, catalog) || context.awsManagedKey || context.serviceLinkedRole || action === 'kms:retiregrant') {
    if (attached.customer) return { fixed: catalog ? NOT_BOUND : NOT_BOUND_NO_CATALOG };
    return { fixed: catalog ? NONE : NONE_NO_CATALOG };
  }
  if (!attached.customer && !attached.uncollected) return { fixed: catalog ? NONE : NONE_NO_CATALOG };
  return { chain: membership };
}

/** The RCPs' say on one request. `kept` holds a planned hop's slot of the engine cache. */
export function evaluateRcps(
  plan: GuardrailPlan,
  req: MatchRequest,
  resourceAccount: string,
  catalog: ServiceCatalog | undefined,
  kept?: { rcp?: ReadsSlot<GuardrailResult> },
): GuardrailResult {
  if (plan.fixed) return plan.fixed;
  const membership = plan.chain;
  // RCP statements name principals: the answer depends on the caller as well. The resource names its account, so its membership.
  let slot = kept?.rcp;
  if (!slot) {
    slot = tables.rcpChains.slot(req.caller, `${req.action}\u0000${req.resource}`);
    if (kept) kept.rcp = slot;
  }
  const result = slot.get(req.ctx, (ctx) => rcpChain(membership, { ...req, ctx }, resourceAccount));
  return catalog ? result : { ...result, assumptions: [NO_CATALOG, ...result.assumptions] };
}

/**
 * The working assumption an RCP rests on where the action names no resource (`s3:ListAllMyBuckets`
 * on `*`): "RCPs restrict access to resources in member accounts"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html), and
 * such a request reaches no resource of any account, so no RCP applies to it, not even the
 * caller's own account's.
 */
export const RCP_NO_RESOURCE: Assumption = assumption(
  'rcp-no-resource',
  'working assumption: RCPs restrict access to resources in member accounts; this request names no resource, so no RCP applies to it, not even one attached to the caller\'s own account',
);

/**
 * For a request that names no resource: the RCP working assumption, where RCPs could otherwise
 * have bound it (the caller's account is a member with RCPs of its own attached, and RCPs cover
 * the action's service); undefined elsewhere.
 */
export function rcpNoResourceAssumption(callerMembership: Membership, action: string, catalog: ServiceCatalog | undefined): Assumption | undefined {
  if (callerMembership.status !== 'member' || callerMembership.isManagement || !callerMembership.organization.rcpsEnabled) return undefined;
  const attached = rcpsAttached(callerMembership);
  if (!attached.customer && !attached.uncollected) return undefined;
  return rcpBinds(action, catalog) ? RCP_NO_RESOURCE : undefined;
}

function rcpChain(membership: Extract<Membership, { status: 'member' }>, req: MatchRequest, resourceAccount: string): GuardrailResult {
  const assumptions: Assumption[] = [];
  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  let deny: Bounds = REFUSED;
  for (const node of membership.chain) {
    if (isUncollected(node.rcps)) {
      assumptions.push(assumption('rcp-unreadable', `the RCPs attached to ${label(node)} could not be read; assumed not to restrict`));
      continue;
    }
    if (node.rcps.length === 0) continue;
    const e = evaluatePolicies(node.rcps, req);
    deny = either(deny, e.deny);
    missing.push(...e.problems);
    gates.push(
      gateVerdict({
        gate: 'rcp',
        side: 'target',
        account: resourceAccount,
        guardrail: true,
        allow: ALLOWED,
        deny: e.deny,
        statements: e.statements,
        reason: e.deny.lo.kind === 'true' ? `an RCP at ${label(node)} denies it` : `no RCP at ${label(node)} denies it (RCPFullAWSAccess is implied)`,
        targetId: node.id,
        targetName: node.name,
        ou: ouNameOf(membership, node),
        missing: e.problems,
      }),
    );
  }
  return { allow: ALLOWED, deny, gates, assumptions, missing };
}

/** Stands for "no catalog" where the RCP coverage table needs an object. */
const LAUNCH_SERVICES_ONLY = {};

/** Whether RCPs bind the action's service. */
function rcpBinds(action: string, catalog: ServiceCatalog | undefined): boolean {
  return tables.rcpCoverage.get(catalog ?? LAUNCH_SERVICES_ONLY, action, rcpCovers, undefined);
}

function rcpCovers(catalog: object, action: string): boolean {
  const service = action.slice(0, action.indexOf(':'));
  return catalog === LAUNCH_SERVICES_ONLY ? RCP_LAUNCH_SERVICES.has(service) : (catalog as ServiceCatalog).rcpSupports(service);
}

interface AttachedRcps {
  /** Some level has customer RCPs attached. */
  readonly customer: boolean;
  /** Some level's RCPs could not be read. */
  readonly uncollected: boolean;
}

function rcpsAttached(m: Member): AttachedRcps {
  return { customer: m.chain.some((n) => !isUncollected(n.rcps) && n.rcps.length > 0), uncollected: m.chain.some((n) => isUncollected(n.rcps)) };
}

function label(node: OrgNode): string {
  const kind = node.kind === 'ou' ? 'OU' : node.kind;
  return node.name ? `${kind} ${node.id} (${node.name})` : `${kind} ${node.id}`;
}
