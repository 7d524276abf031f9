import { andAll } from '../condition/tri.js';
import { renderResidual } from '../condition/render-residual.js';
import type { Estate } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import { both, isDetermined, type Bounds } from './bounds.js';
import { givenContext } from './derive-context.js';
import { evaluateHopWithBounds, type HopInput } from './evaluate-hop.js';
import { tables } from './engine-cache.js';
import { deriveImpliedHops } from './implied-actions.js';
import type { AuthorizationRequest } from './request.js';
import { assumption, uniqueAssumptions, type Assumption, type Decision, type DecisionKind, type HopDecision } from './result.js';

export interface EvaluateOptions {
  readonly catalog?: ServiceCatalog;
}

/**
 * Can `request.principal` do `request.action` on `request.resource`? Evaluates the request and
 * every implied request (KMS for encrypted data, sts:TagSession for session tags, and those the
 * request lists), and combines them as results.md says: ExplicitDeny, then ImplicitDeny, then
 * Unknown, then Conditional, then Allow.
 */
export function evaluateRequest(estate: Estate, request: AuthorizationRequest, options: EvaluateOptions = {}): Decision {
  const plan = planFor(estate, request, options.catalog);
  const results: Array<{ hop: HopDecision; allowed: Bounds }> = [];
  for (const h of plan.hops) results.push(evaluateHopWithBounds(estate, h, options));
  return combineHops(results, plan.assumptions);
}

/**
 * An action the service reference data does not know (asked with `--allow-unknown-action`) is
 * answered as written: policies match it by name, and nothing the data would say of it (its
 * resource types, its condition keys, whether RCPs bind its service) is known. The answer says so.
 */
export function unknownActionAssumption(action: string, catalog: ServiceCatalog): Assumption | undefined {
  return tables.unknownActions.get(catalog, action, unknownActionNote, undefined) ?? undefined;
}

function unknownActionNote(catalog: ServiceCatalog, action: string): Assumption | null {
  const colon = action.indexOf(':');
  const known = colon > 0 && catalog.action(action.slice(0, colon), action.slice(colon + 1)) !== undefined;
  return known ? null : assumption('unknown-action', `\`${action}\` is not in the service reference data (${catalog.dataVersion}): answered as written, policies matching it by name; its resource types and condition keys are not known`);
}

export interface RequestPlan {
  readonly estate: Estate;
  readonly catalog: ServiceCatalog | undefined;
  readonly hops: readonly HopInput[];
  readonly assumptions: readonly Assumption[];
}

/** The hops of a request depend only on the request, the estate and the catalog (whether it knows the action). */
function planFor(estate: Estate, request: AuthorizationRequest, catalog: ServiceCatalog | undefined): RequestPlan {
  const plan = tables.plans.get(request, makeRequestPlan, { estate, catalog });
  return plan.estate === estate && plan.catalog === catalog ? plan : makeRequestPlan(request, { estate, catalog });
}

function makeRequestPlan(request: AuthorizationRequest, { estate, catalog }: { estate: Estate; catalog: ServiceCatalog | undefined }): RequestPlan {
  const planned = makePlan(estate, request);
  const unknown = catalog ? unknownActionAssumption(request.action, catalog) : undefined;
  return { ...planned, catalog, assumptions: unknown ? [...planned.assumptions, unknown] : planned.assumptions };
}

function makePlan(estate: Estate, request: AuthorizationRequest): Omit<RequestPlan, 'catalog'> {
  const given = givenContext(request.context);
  const common = {
    principal: request.principal,
    ...(request.sessionPolicy ? { sessionPolicy: request.sessionPolicy } : {}),
    ...(request.sessionTags ? { sessionTags: request.sessionTags } : {}),
    ...(request.sessionIssuer ? { sessionIssuer: request.sessionIssuer } : {}),
  };
  const hops: HopInput[] = [{ ...common, action: request.action, resource: request.resource, given }];
  const assumptions: Assumption[] = [];
  for (const implied of deriveImpliedHops(estate, request)) {
    hops.push({ ...common, action: implied.action, resource: implied.resource, given: merge(given, implied.context, false), impliedBy: implied.why });
    if (implied.assumption) assumptions.push(implied.assumption);
  }
  for (const implied of request.impliedActions ?? []) {
    const duplicate = hops.some((i) => i.action.toLowerCase() === implied.action.toLowerCase() && i.resource === (implied.resource ?? request.resource));
    if (duplicate) continue;
    hops.push({
      ...common,
      action: implied.action,
      resource: implied.resource ?? request.resource,
      given: merge(given, givenContext(implied.context), true),
      impliedBy: `listed as an implied action of ${request.action}`,
    });
  }
  return { estate, hops, assumptions };
}

function merge<V>(base: ReadonlyMap<string, V>, extra: ReadonlyMap<string, V>, extraWins: boolean): Map<string, V> {
  const out = new Map(base);
  for (const [k, v] of extra) if (extraWins || !out.has(k)) out.set(k, v);
  return out;
}

const ORDER: readonly DecisionKind[] = ['ExplicitDeny', 'ImplicitDeny', 'Unknown', 'Conditional', 'Allow'];

export function combineHops(results: ReadonlyArray<{ hop: HopDecision; allowed: Bounds }>, extraAssumptions: readonly Assumption[] = []): Decision {
  const hops = results.map((r) => r.hop);
  const main = hops[0]!;
  const decision = hops.length === 1 ? main.decision : combinedDecision(hops);
  const deciding = hops.length === 1 ? main : hops.find((h) => h.decision === decision) ?? main;
  let residual = main.residual;
  if (decision === 'Conditional' && hops.length > 1) {
    const allowed = results.reduce<Bounds>((acc, r) => both(acc, r.allowed), results[0]!.allowed);
    residual = isDetermined(allowed) ? renderResidual(andAll([allowed.lo])) : main.residual;
  }
  return {
    principal: main.principal,
    action: main.action,
    resource: main.resource,
    callerAccount: main.callerAccount,
    resourceAccount: main.resourceAccount,
    crossAccount: main.crossAccount,
    decision,
    decidedBy: deciding.decidedBy ?? main.decidedBy,
    side: deciding.side ?? main.side,
    gates: main.gates,
    residual: decision === 'Conditional' ? residual : [],
    missing: decision === 'Unknown' ? collectMissing(hops) : [],
    assumptions: collectAssumptions(hops, extraAssumptions),
    hops,
  };
}

function combinedDecision(hops: readonly HopDecision[]): DecisionKind {
  return ORDER.find((k) => hops.some((h) => h.decision === k)) ?? 'Unknown';
}

function collectMissing(hops: readonly HopDecision[]): readonly string[] {
  if (hops.length === 1) return hops[0]!.missing;
  const out = new Set<string>();
  for (const h of hops) for (const x of h.missing) out.add(x);
  return [...out];
}

/** Every hop's assumptions and the request's own, without repeats (same code and message). */
function collectAssumptions(hops: readonly HopDecision[], extra: readonly Assumption[]): readonly Assumption[] {
  if (hops.length === 1 && extra.length === 0) return hops[0]!.assumptions;
  const all: Assumption[] = [];
  for (const h of hops) for (const x of h.assumptions) all.push(x);
  for (const x of extra) all.push(x);
  return all.length > 1 ? uniqueAssumptions(all) : all;
}
