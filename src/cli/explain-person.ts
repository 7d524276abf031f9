import { explainRequest } from '../analyses/explain/explain-request.js';
import type { Explanation } from '../analyses/explain/explanation.js';
import type { AuthorizationRequest } from '../core/decision/request.js';
import type { DecisionKind } from '../core/decision/result.js';
import type { Diagnostic, DiagnosticBag } from '../core/diagnostics.js';
import type { Estate } from '../core/model/estate.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import type { IdentityCenterRoute } from '../core/model/identity-center-links.js';
import { toExplainJson, type ExplainJson } from '../reporters/explain-json.js';
import { personLabel, resolvePersonPrincipal, routeJson, routeText, sessionArnOf, type PersonPrincipal } from '../questions/identity-center-principal.js';

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

/** The routes, one line each with its answer, then the most permissive answer in full (`full`, the usual explain text). */
export function renderPersonExplanationText(p: PersonExplanation, estate: Estate, full: (e: Explanation) => string): string {
  const q = p.best?.explanation?.request;
  const lines = [`${personLabel(p.person)} signs in through IAM Identity Center by ${count(p.routes.length, 'route')}:`];
  for (const r of p.routes) {
    const answer = r.explanation ? r.explanation.decision.decision : 'no provisioned role in the account (identity-center/assignment-role-missing)';
    lines.push(`  ${routeText(r.route, estate.accounts.get(r.route.accountId)?.name)}: ${answer}`);
  }
  if (p.routes.length === 0) lines.push('  none: no permission set is assigned to the user, directly or through a group');
  if (!p.best || !q) return `${lines.join('\n')}\n`;
  lines.push('', `the most permissive, as ${p.best.session}:`, '');
  return `${lines.join('\n')}\n${full(p.best.explanation!)}`;
}

export interface PersonExplainJson {
  readonly principal: { readonly kind: 'identity-center-user'; readonly identityStoreId: string; readonly userName: string; readonly displayName: string | null; readonly id: string };
  readonly routes: ReadonlyArray<ReturnType<typeof routeJson> & { readonly session: string | null; readonly decision: DecisionKind | null; readonly explanation: ExplainJson | null }>;
  /** The index in `routes` of the most permissive answer; null when no route has a role. */
  readonly best: number | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly coverage?: EstateCoverage;
}

export function renderPersonExplanationJson(p: PersonExplanation, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  const u = p.person.user;
  const json: PersonExplainJson = {
    principal: { kind: 'identity-center-user', identityStoreId: p.person.instance.identityStoreId, userName: u.userName, displayName: u.displayName ?? null, id: u.id },
    routes: p.routes.map((r) => ({
      ...routeJson(r.route),
      session: r.session ?? null,
      decision: r.explanation?.decision.decision ?? null,
      explanation: r.explanation ? toExplainJson(r.explanation, []) : null,
    })),
    best: p.best ? p.routes.indexOf(p.best) : null,
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
