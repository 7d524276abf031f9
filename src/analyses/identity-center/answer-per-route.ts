import type { AccessGraph } from '../access-graph/access-graph.js';
import type { GraphNode } from '../access-graph/graph-types.js';
import type { IdentityCenterRoute } from '../../core/model/identity-center-links.js';
import type { PersonPrincipal } from '../../questions/identity-center-principal.js';
/** One way a person (or a group's members) signs in, and the question's answer for its role; none where the role is missing. */
export interface RouteAnswer<R> {
  readonly route: IdentityCenterRoute;
  readonly answer?: R;
}

/**
 * A question about a person asked once per role they sign in as through IAM Identity Center (each
 * route's provisioned role, as a graph node): what-can and paths take `sso:` and `sso-group:`.
 */
export function answerPerRoute<R>(graph: AccessGraph, person: PersonPrincipal, ask: (start: GraphNode) => R): RouteAnswer<R>[] {
  return person.routes.map((route) => {
    const node = route.role ? graph.node(route.role.arn) : undefined;
    return node ? { route, answer: ask(node) } : { route };
  });
}

