import { isUncollected, type OrgNode } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import { ALLOWED, REFUSED, both, either, type Bounds } from './bounds.js';
import { gateVerdict } from './gate-verdict.js';
import { ouNameOf, type Membership } from './organization-chain.js';
import { evaluatePolicies, type MatchRequest } from './evaluate-policy.js';
import { assumption, ruleAssumption, type Assumption, type GateVerdict } from './result.js';
import { describe } from './caller-gates.js';
import { ReadsMemo, type MemoSlot } from './reads-memo.js';
import type { CallerIdentity } from '../policy/principal-matcher.js';

export interface GuardrailResult {
  /** For SCPs: an Allow at every level (docs/aws-authorization.md#scp-does-not-grant). RCPs never need an Allow (RCPFullAWSAccess). */
  readonly allow: Bounds;
  readonly deny: Bounds;
  readonly gates: readonly GateVerdict[];
  readonly assumptions: readonly Assumption[];
  readonly missing: readonly string[];
}

const NONE: GuardrailResult = { allow: ALLOWED, deny: REFUSED, gates: [], assumptions: [], missing: [] };

const scpMemos = new WeakMap<Membership, ReadsMemo<GuardrailResult>>();
const rcpMemos = new WeakMap<Membership, WeakMap<CallerIdentity, ReadsMemo<GuardrailResult>[]>>();

/** Callers are resolved once per estate, so the identity object itself keys the RCP memo. */
function rcpMemoOf(m: Membership, caller: CallerIdentity, hasBoundary: boolean): ReadsMemo<GuardrailResult> {
  let byCaller = rcpMemos.get(m);
  if (!byCaller) rcpMemos.set(m, (byCaller = new WeakMap()));
  let pair = byCaller.get(caller);
  if (!pair) byCaller.set(caller, (pair = [new ReadsMemo(), new ReadsMemo()]));
  return pair[hasBoundary ? 1 : 0]!;
}

const scpUnknown = new WeakMap<Membership, GuardrailResult>();
const rcpUnknown = new WeakMap<Membership, GuardrailResult>();

/** Guardrails of an organization that is not known: assumed not to restrict, and the answer says so (built once per membership). */
function unknownOrganization(
  table: WeakMap<Membership, GuardrailResult>,
  membership: Extract<Membership, { status: 'unknown' }>,
  code: 'scp-not-collected' | 'rcp-not-collected',
  kind: string,
): GuardrailResult {
  let r = table.get(membership);
  if (!r) table.set(membership, (r = { ...NONE, assumptions: [assumption(code, `${kind}: ${membership.why}; assumed not to restrict`)] }));
  return r;
}

function memoOf(table: WeakMap<Membership, ReadsMemo<GuardrailResult>>, m: Membership): ReadsMemo<GuardrailResult> {
  let memo = table.get(m);
  if (!memo) table.set(m, (memo = new ReadsMemo()));
  return memo;
}

/** SCPs bind the principal's account (docs/aws-authorization.md#scp-does-not-grant–docs/aws-authorization.md#scp-principals-only). `kept` holds a planned hop's memo slot. */
export function evaluateScps(
  membership: Membership,
  req: MatchRequest,
  serviceLinkedRole: boolean,
  kept?: { scp?: MemoSlot<GuardrailResult> },
): GuardrailResult {
  if (membership.status === 'outside') return NONE;
  if (membership.status === 'unknown') return unknownOrganization(scpUnknown, membership, 'scp-not-collected', 'SCPs');
  if (membership.isManagement || serviceLinkedRole || !membership.organization.scpsEnabled) return NONE;
  // SCP statements have no Principal: the chain's answer depends on the action, the resource and
  // the context keys its conditions read (docs/aws-authorization.md#scp-does-not-grant), so it is shared by every caller of the account.
  let slot = kept?.scp;
  if (!slot) {
    slot = memoOf(scpMemos, membership).slot(req.action, req.resource);
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

/** RCPs bind the resource's account (docs/aws-authorization.md#rcp-does-not-grant, #rcp-supported-services, #rcp-service-linked-roles). They only ever deny. `kept` holds a planned hop's memo slot. */
export function evaluateRcps(
  membership: Membership,
  req: MatchRequest,
  context: { catalog: ServiceCatalog | undefined; awsManagedKey: boolean; serviceLinkedRole: boolean; resourceAccount: string },
  kept?: { rcp?: MemoSlot<GuardrailResult> },
): GuardrailResult {
  if (membership.status === 'outside') return NONE;
  if (membership.status === 'unknown') return unknownOrganization(rcpUnknown, membership, 'rcp-not-collected', 'RCPs');
  if (membership.isManagement || !membership.organization.rcpsEnabled) return NONE;
  const catalog = context.catalog;
  const attached = rcpsAttached(membership);
  if (!rcpBinds(req.action, catalog) || context.awsManagedKey || context.serviceLinkedRole || req.action === 'kms:retiregrant') {
    if (attached.customer) return catalog ? NOT_BOUND : NOT_BOUND_NO_CATALOG;
    return catalog ? NONE : NONE_NO_CATALOG;
  }
  if (!attached.customer && !attached.uncollected) return catalog ? NONE : NONE_NO_CATALOG;
  // RCP statements name principals: the answer depends on the caller as well.
  let slot = kept?.rcp;
  if (!slot) {
    slot = rcpMemoOf(membership, req.caller, req.callerHasBoundary).slot(req.action, req.resource);
    if (kept) kept.rcp = slot;
  }
  const resourceAccount = context.resourceAccount;
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

const rcpCoverage = new WeakMap<ServiceCatalog, Map<string, boolean>>();
const launchCoverage = new Map<string, boolean>();
let lastCatalog: ServiceCatalog | undefined;
let lastCoverage: Map<string, boolean> = launchCoverage;

/** Whether RCPs bind the action's service; remembered per action name. */
function rcpBinds(action: string, catalog: ServiceCatalog | undefined): boolean {
  let table: Map<string, boolean> | undefined;
  if (catalog === lastCatalog) {
    table = lastCoverage;
  } else {
    table = catalog ? rcpCoverage.get(catalog) : launchCoverage;
    if (!table) rcpCoverage.set(catalog!, (table = new Map()));
    lastCatalog = catalog;
    lastCoverage = table;
  }
  let v = table.get(action);
  if (v === undefined) {
    const service = action.slice(0, action.indexOf(':'));
    v = catalog ? catalog.rcpSupports(service) : RCP_LAUNCH_SERVICES.has(service);
    table.set(action, v);
  }
  return v;
}

interface AttachedRcps {
  /** Some level has customer RCPs attached. */
  readonly customer: boolean;
  /** Some level's RCPs could not be read. */
  readonly uncollected: boolean;
}

const attachedRcps = new WeakMap<Membership, AttachedRcps>();

function rcpsAttached(m: Extract<Membership, { status: 'member' }>): AttachedRcps {
  let facts = attachedRcps.get(m);
  if (!facts) {
    facts = {
      customer: m.chain.some((n) => !isUncollected(n.rcps) && n.rcps.length > 0),
      uncollected: m.chain.some((n) => isUncollected(n.rcps)),
    };
    attachedRcps.set(m, facts);
  }
  return facts;
}

const labels = new WeakMap<OrgNode, string>();

function label(node: OrgNode): string {
  let l = labels.get(node);
  if (l === undefined) {
    const kind = node.kind === 'ou' ? 'OU' : node.kind;
    l = node.name ? `${kind} ${node.id} (${node.name})` : `${kind} ${node.id}`;
    labels.set(node, l);
  }
  return l;
}
