import type { AuthorizationRequest } from '../../core/decision/request.js';
import { evaluateRequest } from '../../core/decision/evaluate-request.js';
import type { Decision, DecisionKind } from '../../core/decision/result.js';
import type { DiagnosticBag } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { IdentityCenterRoute } from '../../core/model/identity-center-links.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { resolvePersonPrincipal, sessionArnOf, type PersonPrincipal } from '../../questions/identity-center-principal.js';
import { explainRequest } from './explain-request.js';
import type { Explanation } from './explanation.js';

/** One way the person signs in, and the engine's decision for the session it gives; none where the role is missing. */
export interface PersonRouteAnswer {
  readonly route: IdentityCenterRoute;
  readonly session?: string;
  readonly decision?: Decision;
}

export interface PersonExplanation {
  readonly person: Extract<PersonPrincipal, { kind: 'identity-center-user' }>;
  readonly routes: readonly PersonRouteAnswer[];
  /** The route whose answer is the most permissive, explained in full; undefined when no route has a role. */
  readonly best?: PersonRouteAnswer & { readonly index: number; readonly explanation: Explanation };
}

const STRENGTH: Readonly<Record<DecisionKind, number>> = { Allow: 0, Conditional: 1, Unknown: 2, ImplicitDeny: 3, ExplicitDeny: 4 };

/**
 * `explain --principal sso:<user>`: the request asked once for each session the person can sign in
 * as through IAM Identity Center, as `assumed-role/<provisioned role>/<user name>`. The person can
 * do it if any of them can. Each route is decided; only the most permissive is explained in full
 * (boundaries, fixes), so a person with hundreds of routes costs hundreds of decisions, not of
 * explanations.
 */
export function explainPerson(estate: Estate, text: string, question: AuthorizationRequest, catalog: ServiceCatalog | undefined, bag: DiagnosticBag): PersonExplanation | undefined {
  const person = resolvePersonPrincipal(estate, text, 'explain/unknown-principal', bag);
  if (!person) return undefined;
  if (person.kind !== 'identity-center-user') {
    bag.add({ code: 'explain/invalid-principal', severity: 'error', message: `\`${text}\` is a group: explain asks about one person`, help: 'give a member, `sso:<user name>`; who-can and what-can take groups' });
    return undefined;
  }
  const options = catalog ? { catalog } : {};
  const routes = person.routes.map((route): PersonRouteAnswer => {
    const session = sessionArnOf(route);
    if (session === undefined) return { route };
    return { route, session, decision: evaluateRequest(estate, { ...question, principal: session }, options) };
  });
  let best: PersonRouteAnswer | undefined;
  for (const r of routes) if (r.decision && (!best || STRENGTH[r.decision.decision] < STRENGTH[best.decision!.decision])) best = r;
  if (!best) return { person, routes };
  return { person, routes, best: { ...best, index: routes.indexOf(best), explanation: explainRequest(estate, { ...question, principal: best.session! }, options) } };
}
