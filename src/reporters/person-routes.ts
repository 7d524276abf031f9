import type { AccessGraph } from '../analyses/access-graph/access-graph.js';
import type { RouteAnswer } from '../analyses/identity-center/answer-per-route.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { personLabel, routeJson, routeText, type PersonPrincipal } from '../questions/identity-center-principal.js';

/** Each route's line, then its answer in the command's own text. */
export function renderRoutesText<R>(graph: AccessGraph, person: PersonPrincipal, answers: readonly RouteAnswer<R>[], text: (r: R) => string): string {
  const out = [`${personLabel(person)} signs in through IAM Identity Center by ${answers.length} route${answers.length === 1 ? '' : 's'}:`];
  if (answers.length === 0) out.push('  none: no permission set is assigned, directly or through a group');
  for (const a of answers) {
    const head = `── ${routeText(a.route, graph.estate.accounts.get(a.route.accountId)?.name)}`;
    out.push('', a.answer === undefined ? `${head}: no provisioned role in the account (identity-center/assignment-role-missing)` : `${head}, as ${graph.node(a.route.role!.arn)?.label ?? a.route.role!.arn}:`);
    if (a.answer !== undefined) out.push(text(a.answer).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** One diagram: the first route with an answer, its routes listed as Mermaid comments (`%%`). */
export function renderRoutesMermaid<R>(graph: AccessGraph, person: PersonPrincipal, answers: readonly RouteAnswer<R>[], mermaid: (r: R) => string): string {
  const drawn = answers.find((a) => a.answer !== undefined);
  const notes = answers.map((a) => `%% ${a === drawn ? 'drawn: ' : ''}${routeText(a.route, graph.estate.accounts.get(a.route.accountId)?.name)}${a.answer === undefined ? ' (no provisioned role)' : ''}`);
  const body = drawn ? mermaid(drawn.answer!) : 'flowchart LR\n';
  const [first, ...rest] = body.split('\n');
  return [first, `%% ${personLabel(person)}`, ...notes, ...rest].join('\n');
}

/** `{ principal, routes: [{ via, group, permissionSet, account, role, answer }], diagnostics, coverage }`. */
export function renderRoutesJson<R>(person: PersonPrincipal, answers: readonly RouteAnswer<R>[], json: (r: R) => unknown, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  const principal =
    person.kind === 'identity-center-user'
      ? { kind: person.kind, identityStoreId: person.instance.identityStoreId, userName: person.user.userName, displayName: person.user.displayName ?? null, id: person.user.id }
      : { kind: person.kind, identityStoreId: person.instance.identityStoreId, group: person.group.displayName, id: person.group.id };
  const routes = answers.map((a) => ({ ...routeJson(a.route), answer: a.answer === undefined ? null : json(a.answer) }));
  return `${JSON.stringify({ principal, routes, diagnostics, ...(coverage ? { coverage } : {}) }, null, 2)}\n`;
}
