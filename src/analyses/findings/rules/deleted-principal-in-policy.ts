import type { Estate } from '../../../core/model/estate.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { findingPolicy, findingStatement, inboundPolicies, statementName } from '../policy-sites.js';

/** `AIDA…` (users) and `AROA…` (roles) unique ids (docs/aws-authorization.md#principal-unique-id, #principal-element-forms). */
const UNIQUE_ID = /^(AIDA|AROA)[A-Z0-9]{8,}$/;

/**
 * A trust or resource policy that names a principal by unique id (`AROA…`, `AIDA…`) that no
 * principal of the estate has. AWS stores the principal's id when the policy is saved and shows
 * the id instead of the ARN once the principal is deleted; the statement then matches nobody, even
 * a new principal of the same name (docs/aws-authorization.md#principal-unique-id).
 */
export const deletedPrincipalInPolicy: FindingRule = {
  id: 'deleted-principal-in-policy',
  category: 'trust',
  severity: 'low',
  title: 'Policy names a deleted principal by its unique id',
  description:
    'A trust, resource or key policy holds an AROA… or AIDA… unique id that matches no user or role of the estate. AWS shows the id in place of the ARN when the principal it named was deleted: the statement grants nothing any more, and recreating a principal with the same name does not restore it. It is dead access that hides what the policy was meant to do, and a sign that the policy was not reviewed when the principal went away.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
  check(ctx) {
    const known = uniqueIds(ctx.estate);
    const out: FindingDraft[] = [];
    for (const site of inboundPolicies(ctx.estate)) {
      for (const statement of site.policy.statements) {
        for (const { type, value } of statement.principal?.entries ?? []) {
          if (type !== 'AWS' || !UNIQUE_ID.test(value) || known.has(value)) continue;
          const raw = statement.raw as Record<string, unknown>;
          const remaining = statement.principal!.entries.filter((e) => e.value !== value);
          out.push({
            key: value,
            message: `${statementName(statement)} of the ${site.role ? 'trust' : site.policy.kind === 'key' ? 'key' : 'resource'} policy of \`${site.subject}\` names \`${value}\`, the unique id of a ${value.startsWith('AROA') ? 'role' : 'user'} that no longer exists: it matches nobody`,
            subject: site.subject,
            subjectKind: site.subjectKind,
            account: site.account,
            policy: findingPolicy(site.policy, site.account),
            statement: findingStatement(statement),
            evidence: [`no user or role of the estate has the unique id ${value}`],
            fix:
              remaining.length === 0
                ? { kind: 'remove-statement', account: site.account, policy: site.policy.name, summary: `in account ${site.account}, remove ${statementName(statement)}: its only principal was deleted` }
                : {
                    kind: 'remove-principal',
                    account: site.account,
                    policy: site.policy.name,
                    summary: `in account ${site.account}, remove \`${value}\` from ${statementName(statement)}`,
                    statement: { ...raw, Principal: principalElement(remaining) },
                  },
          });
        }
      }
    }
    return out;
  },
};

function uniqueIds(estate: Estate): Set<string> {
  const out = new Set<string>();
  for (const account of estate.accounts.values()) {
    for (const p of [...account.users.values(), ...account.roles.values()]) if (p.id) out.add(p.id);
  }
  return out;
}

function principalElement(entries: ReadonlyArray<{ type: string; value: string }>): Record<string, string | string[]> {
  const out: Record<string, string[]> = {};
  for (const { type, value } of entries) (out[type] ??= []).push(value);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}
