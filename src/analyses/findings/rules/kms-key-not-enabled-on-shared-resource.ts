import type { Estate, Resource } from '../../../core/model/estate.js';
import type { GraphNode } from '../../access-graph/graph-types.js';
import type { FindingRequest } from '../finding.js';
import type { FindingDraft, FindingRule } from '../finding-rule.js';
import { listWords } from '../finding-words.js';
import { subjectKindOf } from '../policy-sites.js';

/**
 * A KMS key whose recorded state is not `Enabled` (docs/aws-authorization.md#kms-key-state) that still protects a
 * resource another account or an AWS service reaches: the access map lists, for the resource (or
 * the key itself), a principal of another account or a service principal, allowed or refused; or a
 * CloudTrail trail delivers to the resource, or encrypts with the key. Every cryptographic
 * operation on the key fails, so nobody can read or write the data it protects: logs go missing,
 * and incident evidence may disappear once a key pending deletion is deleted. High where the key
 * protects a log destination.
 */
export const kmsKeyNotEnabledOnSharedResource: FindingRule = {
  id: 'kms-key-not-enabled-on-shared-resource',
  category: 'encryption',
  severity: 'medium',
  title: 'KMS key that is not enabled still protects a shared resource',
  description:
    'A KMS key is disabled, pending deletion or otherwise not Enabled, and still encrypts a bucket, queue, topic or secret that another account or an AWS service uses (or a CloudTrail trail writes to). A key that is not Enabled refuses every cryptographic operation whatever the policies say: the data cannot be read or written, deliveries fail silently, and once a key pending deletion is deleted the data it protects, incident evidence included, can never be decrypted. Enable the key, cancel its deletion, or move the resource to another key.',
  awsDocs: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html',
  check(ctx) {
    const out: FindingDraft[] = [];
    const estate = ctx.estate;
    const keys = [...estate.resources.values()].filter((r) => r.type === 'key' && r.kms?.keyState !== undefined && r.kms.keyState !== 'Enabled');
    if (keys.length === 0) return out;
    const map = ctx.accessMap();
    for (const key of keys) {
      const state = key.kms!.keyState!;
      const protectedResources = [...estate.resources.values()].filter((r) => r !== key && keyOf(estate, r) === key.arn);
      const trails = trailsUsing(estate, key, protectedResources);
      const reached = new Map<string, GraphNode>();
      let shown: FindingRequest | undefined;
      const targets = new Set([key.arn, ...protectedResources.map((r) => r.arn)]);
      for (const e of [...map.entries, ...map.blocked]) {
        if (!targets.has(e.target)) continue;
        for (const p of e.principals.members) {
          const foreign = (p.kind === 'user' || p.kind === 'role' || p.kind === 'outside') && p.accountId !== undefined && p.accountId !== e.targetAccount;
          if (!foreign && p.kind !== 'service') continue;
          reached.set(p.id, p);
          const asked = 'actions' in e ? e.actions[0] : e;
          if (!shown && asked) shown = { principal: ctx.graph.enginePrincipal(p, asked.action), action: asked.action, resource: asked.resource };
        }
      }
      if (reached.size === 0 && trails.length === 0) continue;
      const logDestination = trails.length > 0;
      const subject = protectedResources.find((r) => trails.some((t) => t.bucket === r.arn)) ?? key;
      const who = [...reached.values()].map((p) => p.label);
      const deletion = state === 'PendingDeletion' || state === 'PendingReplicaDeletion';
      out.push({
        ...(logDestination ? { severity: 'high' as const } : {}),
        message: `\`${key.arn}\` is ${state}, yet it still protects ${protectedResources.length > 0 ? listWords(protectedResources.map((r) => `\`${r.arn}\``)) : 'data'}${logDestination ? `, where ${listWords(trails.map((t) => `\`${t.trail}\``))} deliver${trails.length === 1 ? 's' : ''} logs` : ''}${who.length > 0 ? `${logDestination ? ',' : ''} reached by ${who.length > 5 ? `${who.length.toLocaleString('en-US')} principals` : listWords(who)}` : ''}: every cryptographic operation on it fails${deletion ? ', and once it is deleted the data it protects, incident evidence included, can never be decrypted' : ''}`,
        subject: key.arn,
        subjectKind: 'key',
        account: key.accountId,
        key: subject.arn,
        evidence: [
          `${key.arn} is in the key state ${state}: only an Enabled key can be used in cryptographic operations, whatever the policies say (docs/aws-authorization.md#kms-key-state)`,
          ...protectedResources.map((r) => `${r.arn} (${subjectKindOf(r)}) is encrypted with it`),
          ...trails.map((t) => `the trail ${t.trail} ${t.why}`),
          ...[...reached.values()].map((p) => `${p.label} reaches ${key.arn === subject.arn && protectedResources.length === 0 ? 'the key' : 'what it protects'}`),
        ],
        ...(shown ? { request: shown } : {}),
        fix: {
          kind: 'enable-key',
          account: key.accountId,
          summary: deletion
            ? `in account ${key.accountId}, cancel the key's deletion (\`aws kms cancel-key-deletion --key-id ${key.arn}\`), which leaves it Disabled, then enable it (\`aws kms enable-key --key-id ${key.arn}\`); or move what it protects to another key first`
            : `in account ${key.accountId}, enable the key (\`aws kms enable-key --key-id ${key.arn}\`), or move what it protects to another key`,
        },
      });
    }
    return out;
  },
};

/** The key a resource is encrypted with (its own, or its bucket's default), aliases resolved. */
function keyOf(estate: Estate, resource: Resource): string | undefined {
  const ref = resource.kmsKeyArn ?? resource.s3?.defaultKmsKeyArn;
  return ref === undefined ? undefined : estate.kmsAliases?.get(ref) ?? ref;
}

/** The trails that encrypt their logs with the key, or deliver to a bucket it protects: the key guards a log destination. */
function trailsUsing(estate: Estate, key: Resource, protectedResources: readonly Resource[]): Array<{ trail: string; bucket?: string; why: string }> {
  const buckets = new Set(protectedResources.filter((r) => r.type === 'bucket').map((r) => r.arn));
  const out: Array<{ trail: string; bucket?: string; why: string }> = [];
  for (const account of estate.accounts.values()) {
    for (const trail of account.trails) {
      const bucketArn = trail.bucket ? `arn:${estate.partition}:s3:::${trail.bucket}` : undefined;
      const trailKey = trail.kmsKeyArn ? estate.kmsAliases?.get(trail.kmsKeyArn) ?? trail.kmsKeyArn : undefined;
      if (trailKey === key.arn) out.push({ trail: trail.arn, ...(bucketArn ? { bucket: bucketArn } : {}), why: 'encrypts its log files with it' });
      else if (bucketArn && buckets.has(bucketArn)) out.push({ trail: trail.arn, bucket: bucketArn, why: `delivers its log files to ${bucketArn}, whose default key it is` });
    }
  }
  return out;
}
