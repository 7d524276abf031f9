import type { Decision, StatementRef } from '../../../core/decision/result.js';
import type { CompiledStatement } from '../../../core/policy/policy-types.js';
import { isPublicStatement } from '../../../core/policy/public-policy.js';
import type { AccessMapEntry } from '../../access-map/access-map.js';
import { firstPrincipal } from '../../access-map/principal-set.js';
import { decisionWords, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { inboundPolicyOf, statementOf } from '../inbound-statement.js';
import { findingPolicy, findingStatement, statementName, withCondition } from '../policy-sites.js';

const TYPES = new Set(['bucket', 'object', 'queue', 'topic', 'function', 'key', 'secret', 'role']);

/**
 * A resource anyone can use: a `*` principal (or NotPrincipal) in a resource, key or trust policy,
 * or an S3 ACL granting AllUsers / AuthenticatedUsers where ACLs are in force. Taken from the access
 * map's public entries (each decided by the engine for an anonymous caller, or for a principal of an
 * account nobody describes when the action needs a signed request), kept when the engine allows it
 * and the granting statement has no condition that keeps it non-public by S3's definition (fixed
 * values of the principal, network or source keys: docs/aws-authorization.md#s3-block-public-access). Block Public Access, RCPs and Deny
 * statements are the engine's to apply.
 */
export const publicResourcePolicy: FindingRule = {
  id: 'public-resource-policy',
  category: 'public-and-external',
  severity: 'critical',
  title: 'Resource or role open to anyone',
  description:
    'An S3 bucket, SQS queue, SNS topic, Lambda function, KMS key, Secrets Manager secret or IAM role grants to every principal (`*`) with no condition that restricts who (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, a narrow aws:SourceIp…), or an S3 ACL grants AllUsers or AuthenticatedUsers while ACLs are in force, and nothing else (Block Public Access, an RCP, a Deny) stops it: the engine allows an anonymous caller, or a principal of an account nobody in the estate knows.',
  awsDocs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const entry of ctx.accessMap().entries) {
      if (entry.boundary !== 'public' || !TYPES.has(entry.targetType)) continue;
      const open = entry.actions.flatMap((a) => {
        const d = ctx.graph.decide(firstPrincipal(entry.principals), a.action, a.resource);
        return isOpen(d) ? [{ action: a.action, resource: a.resource, d }] : [];
      });
      if (open.length === 0) continue;
      const request = requestOf(open[0]!.d);
      out.push(...drafts(ctx, entry, open).map((d) => ({ ...d, request })));
    }
    return out;
  },
};

/** Allowed; or Unknown only because the caller's own side is not in the estate while every target-side gate allows. */
function isOpen(d: Decision): boolean {
  if (d.decision === 'Allow') return true;
  if (d.decision === 'Conditional') return true;
  if (d.decision !== 'Unknown') return false;
  return d.hops.every((h) => h.gates.every((g) => g.side === 'caller' || g.verdict === 'allow'));
}

/** The operators whose fixed values pin `kms:CallerAccount`, by their AWS names (`parseOperatorName`). */
const PINNING_OPERATORS = new Set(['StringEquals', 'StringLike']);

/**
 * KMS's own way of keeping a `*` key policy statement to one account: `kms:CallerAccount` with fixed
 * values (docs/aws-authorization.md#kms-via-service, the policy of every AWS managed key); S3's definition does not list it.
 * `ForAllValues:` and `…IfExists` hold when the key is missing, so they pin nothing; nor does the
 * condition of a broken statement, whose unreadable tests the parser left out.
 */
function pinsCallerAccount(statement: CompiledStatement): boolean {
  if (statement.broken !== undefined) return false;
  return (
    statement.condition?.tests.some(
      (t) =>
        t.key === 'kms:calleraccount' &&
        PINNING_OPERATORS.has(t.definition.name) &&
        t.qualifier !== 'ForAllValues' &&
        !t.ifExists &&
        t.valuesAsWritten.length > 0 &&
        t.valuesAsWritten.every((v) => /^\d{12}$/.test(v)),
    ) ?? false
  );
}

function drafts(ctx: FindingContext, entry: AccessMapEntry, open: ReadonlyArray<{ action: string; resource: string; d: Decision }>): FindingDraft[] {
  const inbound = inboundPolicyOf(ctx.estate, entry.target);
  const evidence = open.map((o) => `anyone ${o.action} on ${o.resource}: ${decisionWords(o.d)}`);
  const actions = [...new Set(open.map((o) => o.action))];
  const byStatement = new Map<string, StatementRef>();
  for (const o of open) {
    for (const g of o.d.hops[0]?.gates ?? []) {
      if (g.side !== 'target' || (g.verdict !== 'allow' && g.verdict !== 'conditional')) continue;
      for (const s of g.statements) if (s.effect === 'Allow') byStatement.set(`${s.policy}#${s.index}`, s);
    }
  }
  const statements = inbound ? [...byStatement.values()].map((ref) => statementOf(inbound.policy, ref)).filter((s) => s !== undefined) : [];
  // A condition with fixed values of the principal or network keys keeps a statement non-public (docs/aws-authorization.md#s3-block-public-access).
  const publicStatements = statements.filter((st) => isPublicStatement(st) && !pinsCallerAccount(st));
  const what = `${listWords(actions)} on \`${entry.target}\``;
  const orgId = ctx.estate.organization?.id;
  if (statements.length > 0 && publicStatements.length === 0) return [];
  if (publicStatements.length === 0) {
    // No policy statement grants it: an ACL does.
    return [
      {
        message: `anyone can ${what}: its S3 ACL grants AllUsers or AuthenticatedUsers and ACLs are in force`,
        subject: entry.target,
        subjectKind: entry.targetType === 'role' ? 'role' : (entry.targetType as FindingDraft['subjectKind']),
        account: entry.targetAccount,
        evidence,
        fix: {
          kind: 'remove-principal',
          account: entry.targetAccount,
          summary: `in account ${entry.targetAccount}, remove the AllUsers and AuthenticatedUsers grants from the ACL, or turn on Block Public Access (BlockPublicAcls and IgnorePublicAcls), or set Object Ownership to BucketOwnerEnforced`,
        },
      },
    ];
  }
  return publicStatements.map((statement) => ({
    message: `${statementName(statement)} of the ${entry.targetType === 'role' ? 'trust' : 'resource'} policy of \`${entry.target}\` grants to every principal (\`*\`): anyone can ${what}${entry.targetType === 'role' ? '' : ', anonymous callers included where the service accepts them'}`,
    subject: entry.target,
    subjectKind: entry.targetType === 'role' ? 'role' : (entry.targetType as FindingDraft['subjectKind']),
    account: entry.targetAccount,
    policy: findingPolicy(inbound!.policy, inbound!.account),
    statement: findingStatement(statement),
    evidence,
    fix: orgId
      ? {
          kind: 'add-condition',
          account: entry.targetAccount,
          policy: inbound!.policy.name,
          summary: `in account ${entry.targetAccount}, keep the grant to the organization (aws:PrincipalOrgID ${orgId}) or name the principals that need it${entry.targetType === 'bucket' || entry.targetType === 'object' ? ', and turn Block Public Access back on' : ''}`,
          statement: withCondition(statement, 'StringEquals', 'aws:PrincipalOrgID', orgId),
        }
      : {
          kind: 'replace-principal',
          account: entry.targetAccount,
          policy: inbound!.policy.name,
          summary: `in account ${entry.targetAccount}, name the accounts or principals that need it instead of \`*\`, or add a condition on aws:PrincipalAccount`,
        },
  }));
}
