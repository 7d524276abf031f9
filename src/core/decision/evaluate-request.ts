import { andAll } from '../condition/tri.js';
import { renderResidual } from '../condition/render-residual.js';
import type { Estate } from '../model/estate.js';
import type { ServiceCatalog } from '../model/service-catalog.js';
import { both, isDetermined, type Bounds } from './bounds.js';
import { givenContext } from './derive-context.js';
import { evaluateHopWithBounds, type HopInput } from './evaluate-hop.js';
import { deriveImpliedHops } from './implied-actions.js';
import type { AuthorizationRequest } from './request.js';
import type { Decision, DecisionKind, HopDecision } from './result.js';

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
  const given = givenContext(request.context);
  const common = {
    principal: request.principal,
    ...(request.sessionPolicy ? { sessionPolicy: request.sessionPolicy } : {}),
    ...(request.sessionTags ? { sessionTags: request.sessionTags } : {}),
    ...(request.sessionIssuer ? { sessionIssuer: request.sessionIssuer } : {}),
  };
  const inputs: HopInput[] = [{ ...common, action: request.action, resource: request.resource, given }];
  const extraAssumptions: string[] = [];
  for (const implied of deriveImpliedHops(estate, request)) {
    inputs.push({ ...common, action: implied.action, resource: implied.resource, given: merge(given, implied.context, false), impliedBy: implied.why });
    if (implied.assumption) extraAssumptions.push(implied.assumption);
  }
  for (const implied of request.impliedActions ?? []) {
    const duplicate = inputs.some((i) => i.action.toLowerCase() === implied.action.toLowerCase() && i.resource === (implied.resource ?? request.resource));
    if (duplicate) continue;
    inputs.push({
      ...common,
      action: implied.action,
      resource: implied.resource ?? request.resource,
      given: merge(given, givenContext(implied.context), true),
      impliedBy: `listed as an implied action of ${request.action}`,
    });
  }
  const results = inputs.map((h) => evaluateHopWithBounds(estate, h, options));
  return combineHops(results, extraAssumptions);
}

function merge<V>(base: ReadonlyMap<string, V>, extra: ReadonlyMap<string, V>, extraWins: boolean): Map<string, V> {
  const out = new Map(base);
  for (const [k, v] of extra) if (extraWins || !out.has(k)) out.set(k, v);
  return out;
}

const ORDER: readonly DecisionKind[] = ['ExplicitDeny', 'ImplicitDeny', 'Unknown', 'Conditional', 'Allow'];

export function combineHops(results: ReadonlyArray<{ hop: HopDecision; allowed: Bounds }>, extraAssumptions: readonly string[] = []): Decision {
  const hops = results.map((r) => r.hop);
  const main = hops[0]!;
  const decision = ORDER.find((k) => hops.some((h) => h.decision === k)) ?? 'Unknown';
  const deciding = hops.find((h) => h.decision === decision) ?? main;
  let residual = main.residual;
  if (decision === 'Conditional' && hops.length > 1) {
    const allowed = results.reduce<Bounds>((acc, r) => both(acc, r.allowed), results[0]!.allowed);
    residual = isDetermined(allowed) ? renderResidual(andAll([allowed.lo])) : main.residual;
  }
  const { impliedBy: _ignored, ...mainFields } = main;
  return {
    ...mainFields,
    decision,
    ...(deciding.decidedBy ? { decidedBy: deciding.decidedBy } : {}),
    ...(deciding.side ? { side: deciding.side } : {}),
    residual: decision === 'Conditional' ? residual : [],
    missing: decision === 'Unknown' ? [...new Set(hops.flatMap((h) => h.missing))] : [],
    assumptions: [...new Set([...hops.flatMap((h) => h.assumptions), ...extraAssumptions])],
    hops,
  };
}
