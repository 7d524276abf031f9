import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { DecisionKind } from '../../core/decision/result.js';
import type { DiagnosticBag } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { IdentityCenterRoute } from '../../core/model/identity-center-links.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { resolvePersonPrincipal, sessionArnOf, type PersonPrincipal } from '../../questions/identity-center-principal.js';
import { explainRequest } from './explain-request.js';
import type { Explanation } from './explanation.js';

/** One way the person signs in, and the answer for the session it gives; no answer where the role is missing. */
export interface PersonRouteAnswer {
  readonly route: IdentityCenterRoute;
  readonly session?: string;
  readonly explanation?: Explanation;
}

export interface PersonExplanation {
  readonly person: Extract<PersonPrincipal, { kind: 'identity-center-user' }>;
  readonly routes: readonly PersonRouteAnswer[];
  /** The route whose answer is the most permissive (the one drawn in full); undefined when no route has a role. */
  readonly best?: PersonRouteAnswer;
}

const STRENGTH: Readonly<Record<DecisionKind, number>> = { Allow: 0, Conditional: 1, Unknown: 2, ImplicitDeny: 3, ExplicitDeny: 4 };

/**
 * `explain --principal sso:<user>`: the request asked once for each session the person can sign in
 * as through IAM Identity Center, as `assumed-role/<provisioned role>/<user name>`. The person can
 * do it if any of them can; the most permissive answer is drawn in full.
 */
export function explainPerson(estate: Estate, text: string, question: AuthorizationRequest, catalog: ServiceCatalog | undefined, bag: DiagnosticBag): PersonExplanation | undefined {
  const person = resolvePersonPrincipal(estate, text, 'explain/unknown-principal', bag);
  if (!person) return undefined;
  if (person.kind !== 'identity-center-user') {
    bag.add({ code: 'explain/invalid-principal', severity: 'error', message: `\`${text}\` is a group: explain asks about one person`, help: 'give a member, `sso:<user name>`; who-can and what-can take groups' });
    return undefined;
  }
  const routes = person.routes.map((route): PersonRouteAnswer => {
    const session = sessionArnOf(route);
    if (session === undefined) return { route };
    return { route, session, explanation: explainRequest(estate, { ...question, principal: session }, catalog ? { catalog } : {}) };
  });
  let best: PersonRouteAnswer | undefined;
  for (const r of routes) if (r.explanation && (!best || STRENGTH[r.explanation.decision.decision] < STRENGTH[best.explanation!.decision.decision])) best = r;
  return { person, routes, ...(best ? { best } : {}) };
}
