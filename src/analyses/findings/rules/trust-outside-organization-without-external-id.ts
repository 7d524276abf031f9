import type { FindingRequest } from '../finding.js';
import type { StatementRef } from '../../../core/decision/result.js';
import { boundaryOf } from '../../access-map/access-boundary.js';
import { decisionWords, isReaching, requestOf } from '../engine-probes.js';
import { membershipOf } from '../../../core/decision/organization-chain.js';
import type { Role } from '../../../core/model/estate.js';
import { assumeStatements, referencesOf } from '../../access-graph/trust-references.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { accountWords, estateName, listWords } from '../finding-words.js';
import { outsideBoundary } from '../outside-boundary.js';
import { findingPolicy, statementName, statementOfRef, withCondition } from '../policy-sites.js';

/**
 * A role that a principal outside the organization can assume without `sts:ExternalId`: the
 * confused deputy of docs/aws-authorization.md#sts-external-id, #service-principal-confused-deputy. Asked of the engine: each principal of an outside
 * account that the graph finds can assume the role is asked again with the external id absent
 * from the request; if the engine still lets it in, the trust policy does not require one.
 */
/** Cheap before the engine: the trust policy names an account (or principal of one) that is not a member of the role's organization, or anyone. */
function namesAnotherOrganization(ctx: FindingContext, role: Role): boolean {
  const own = membershipOf(ctx.estate, role.accountId);
  return assumeStatements(role)
    .flatMap(referencesOf)
    .some((ref) => {
      if (ref.kind === 'wildcard') return true;
      if (ref.kind !== 'account' && ref.kind !== 'principal') return false;
      if (ref.accountId === role.accountId) return false;
      const other = membershipOf(ctx.estate, ref.accountId);
      return !(own.status === 'member' && other.status === 'member' && own.organization.id === other.organization.id);
    });
}

export const trustOutsideOrganizationWithoutExternalId: FindingRule = {
  id: 'trust-outside-organization-without-external-id',
  category: 'trust',
  severity: 'high',
  title: 'Role trusts an account outside the organization without sts:ExternalId',
  description:
    'A principal of an account outside the organization (a vendor, a partner) can assume the role with no sts:ExternalId in the request. A vendor that assumes roles for many customers can be tricked into assuming yours for another customer (the confused deputy): the external id, unique per customer and checked in the trust policy, prevents it. Known vendors are named from --known-accounts. When the organization was not collected, membership cannot be told and the finding is medium.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const account of ctx.estate.accounts.values()) {
      for (const role of account.roles.values()) {
        if (!role.trustPolicy || role.isServiceLinked || !namesAnotherOrganization(ctx, role)) continue;
        const byAccount = new Map<string, { boundary: string; labels: string[]; evidence: string[]; statement?: StatementRef; request?: FindingRequest }>();
        for (const edge of ctx.graph.edgesInto(role.arn)) {
          const node = ctx.graph.node(edge.from);
          if (!node || node.accountId === undefined || node.accountId === role.accountId) continue;
          if (node.kind !== 'user' && node.kind !== 'role' && node.kind !== 'outside') continue;
          const boundary = outsideBoundary(ctx, boundaryOf(ctx.estate, node, role.accountId), node.accountId);
          if (boundary !== 'outside' && boundary !== 'unknown') continue;
          const d = ctx.evaluate({ principal: ctx.graph.enginePrincipal(node, edge.action), action: edge.action, resource: role.arn, context: { 'sts:ExternalId': null } });
          if (!isReaching(d.decision)) continue;
          const trust = d.gates.find((g) => g.gate === 'trust' && (g.verdict === 'allow' || g.verdict === 'conditional'));
          const slot = byAccount.get(node.accountId) ?? { boundary, labels: [], evidence: [] };
          slot.labels.push(node.label);
          slot.evidence.push(`${node.label}: ${edge.action} with no sts:ExternalId in the request: ${decisionWords(d)}`);
          slot.statement ??= trust?.statements.find((s) => s.effect === 'Allow');
          slot.request ??= requestOf(d, { 'sts:ExternalId': null });
          byAccount.set(node.accountId, slot);
        }
        for (const [outside, found] of byAccount) {
          const vendor = ctx.knownAccounts.get(outside);
          const statement = found.statement ? role.trustPolicy.statements.find((s) => s.index === found.statement!.index) : undefined;
          const where = found.boundary === 'unknown' ? 'of an organization that was not collected (whether it is outside yours cannot be told)' : 'outside the organization';
          out.push({
            severity: found.boundary === 'unknown' ? 'medium' : 'high',
            key: outside,
            message: `\`${role.arn}\` can be assumed without \`sts:ExternalId\` from account ${accountWords(outside, vendor ?? estateName(ctx, outside))}, ${where}: by ${listWords(found.labels)}${found.statement ? `, through ${statementName(found.statement)} of its trust policy` : ''}`,
            subject: role.arn,
            subjectKind: 'role',
            account: role.accountId,
            policy: findingPolicy(role.trustPolicy, role.accountId),
            ...(found.statement ? { statement: statementOfRef(found.statement) } : {}),
            evidence: [...(vendor ? [`${outside} is ${vendor} (--known-accounts)`] : []), ...found.evidence],
            ...(found.request ? { request: found.request } : {}),
            fix: {
              kind: 'add-condition',
              account: role.accountId,
              policy: role.trustPolicy.name,
              summary: `in account ${role.accountId}, require the external id ${vendor ?? 'the other party'} gives you for this account: a StringEquals condition on sts:ExternalId`,
              ...(statement ? { statement: withCondition(statement, 'StringEquals', 'sts:ExternalId', `<the external id ${vendor ?? 'the other party'} assigned to you>`) } : {}),
            },
          });
        }
      }
    }
    return out;
  },
};
