import type { Explanation } from '../analyses/explain/explanation.js';
import type { PersonExplanation } from '../analyses/explain/explain-person.js';
import type { DecisionKind } from '../core/decision/result.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { Estate } from '../core/model/estate.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import { toExplainJson, type ExplainJson } from '../reporters/explain-json.js';
import { personLabel, routeJson, routeText } from '../questions/identity-center-principal.js';

/** The routes, one line each with its answer, then the most permissive answer in full (`full`, the usual explain text). */
export function renderPersonExplanationText(p: PersonExplanation, estate: Estate, full: (e: Explanation) => string): string {
  const q = p.best?.explanation?.request;
  const lines = [`${personLabel(p.person)} signs in through IAM Identity Center by ${count(p.routes.length, 'route')}:`];
  for (const r of p.routes) {
    const answer = r.decision ? r.decision.decision : 'no provisioned role in the account (identity-center/assignment-role-missing)';
    lines.push(`  ${routeText(r.route, estate.accounts.get(r.route.accountId)?.name)}: ${answer}`);
  }
  if (p.routes.length === 0) lines.push('  none: no permission set is assigned to the user, directly or through a group');
  if (!p.best || !q) return `${lines.join('\n')}\n`;
  lines.push('', `the most permissive, as ${p.best.session}:`, '');
  return `${lines.join('\n')}\n${full(p.best.explanation!)}`;
}

export interface PersonExplainJson {
  readonly principal: { readonly kind: 'identity-center-user'; readonly identityStoreId: string; readonly userName: string; readonly displayName: string | null; readonly id: string };
  /** Each route with the engine's decision; `explanation` only on the most permissive one (`best`), null elsewhere. */
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
    routes: p.routes.map((r, i) => ({
      ...routeJson(r.route),
      session: r.session ?? null,
      decision: r.decision?.decision ?? null,
      explanation: p.best?.index === i ? toExplainJson(p.best.explanation, []) : null,
    })),
    best: p.best ? p.best.index : null,
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
