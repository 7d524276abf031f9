import type { FindingRequest } from '../finding.js';
import type { Resource } from '../../../core/model/estate.js';
import { isAwsManaged } from '../aws-managed-key.js';
import type { CompiledStatement } from '../../../core/policy/policy-types.js';
import type { GraphNode } from '../../access-graph/graph-types.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { inboundPolicyOf } from '../inbound-statement.js';
import { findingPolicy, findingStatement, statementName, subjectKindOf } from '../policy-sites.js';

/**
 * A resource shared with other accounts (the access map lists principals of other accounts that
 * its policy lets in, whether the engine then allows them or the key refuses them) and encrypted
 * with an AWS managed key (`aws/s3`, `aws/sqs`, `aws/secretsmanager`…). The policy of an AWS managed
 * key allows use only by its own account through the service, and cannot be changed (docs/aws-authorization.md#kms-aws-managed-keys),
 * so the share cannot work: another account can never decrypt.
 */
export const awsManagedKeyOnSharedResource: FindingRule = {
  id: 'aws-managed-key-on-shared-resource',
  category: 'encryption',
  severity: 'medium',
  title: 'Resource shared across accounts is encrypted with an AWS managed key',
  description:
    'A bucket, queue, topic or secret is shared with principals of other accounts, and its data is encrypted with an AWS managed key (aws/s3, aws/sqs, aws/sns, aws/secretsmanager). The key policy of an AWS managed key lets only its own account use it, through the service, and nobody can edit it: the other accounts get AccessDenied on KMS whatever the resource policy says. Re-encrypt with a customer managed key whose key policy names them.',
  awsDocs: 'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-cmk',
  check(ctx) {
    const out: FindingDraft[] = [];
    const map = ctx.accessMap();
    for (const resource of ctx.estate.resources.values()) {
      const keyArn = encryptionKeyOf(resource);
      if (!keyArn || !isAwsManaged(ctx.estate, keyArn)) continue;
      const sharedWith = new Map<string, GraphNode>();
      let shown: FindingRequest | undefined;
      for (const e of [...map.entries, ...map.blocked]) {
        if (e.target !== resource.arn) continue;
        for (const p of e.principals.members) {
          if ((p.kind === 'user' || p.kind === 'role' || p.kind === 'outside') && p.accountId !== undefined && p.accountId !== resource.accountId) {
            sharedWith.set(p.id, p);
            const asked = 'actions' in e ? e.actions[0] : e;
            if (!shown && asked) shown = { principal: ctx.graph.enginePrincipal(p, asked.action), action: asked.action, resource: asked.resource };
          }
        }
      }
      if (sharedWith.size === 0) continue;
      const accounts = [...new Set([...sharedWith.values()].map((p) => p.accountId!))].sort();
      const inbound = inboundPolicyOf(ctx.estate, resource.arn);
      const statement = inbound?.policy.statements.find((s) => s.effect === 'Allow' && namesAnyOf(s, accounts));
      out.push({
        message: `\`${resource.arn}\` is shared with ${sharedWith.size > 5 ? `${sharedWith.size.toLocaleString('en-US')} principals` : listWords([...sharedWith.values()].map((p) => p.label))} (account${accounts.length > 1 ? 's' : ''} ${listWords(accounts)}) but encrypted with the AWS managed key \`${keyArn}\`, which no other account can use`,
        subject: resource.arn,
        subjectKind: subjectKindOf(resource),
        account: resource.accountId,
        ...(inbound ? { policy: findingPolicy(inbound.policy, inbound.account) } : {}),
        ...(statement ? { statement: findingStatement(statement) } : {}),
        evidence: [
          `${keyArn} is an AWS managed key: its key policy lets only account ${resource.accountId} use it, through the service (docs/aws-authorization.md#kms-aws-managed-keys)`,
          ...[...sharedWith.values()].map((p) => `${p.label} is let in by the policy of ${resource.arn}${statement ? ` (${statementName(statement)})` : ''}`),
        ],
        ...(shown ? { request: shown } : {}),
        fix: {
          kind: 'change-key',
          account: resource.accountId,
          summary: `in account ${resource.accountId}, encrypt \`${resource.arn}\` with a customer managed key whose key policy lets ${listWords(accounts)} decrypt, or stop sharing it`,
        },
      });
    }
    return out;
  },
};

function encryptionKeyOf(resource: Resource): string | undefined {
  return resource.kmsKeyArn ?? resource.s3?.defaultKmsKeyArn;
}

function namesAnyOf(statement: CompiledStatement, accounts: readonly string[]): boolean {
  return (statement.principal?.entries ?? []).some((e) => e.type === 'AWS' && (e.value === '*' || accounts.some((a) => e.value === a || e.value.includes(`::${a}:`))));
}
