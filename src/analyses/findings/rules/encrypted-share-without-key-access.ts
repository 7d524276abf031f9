import { firstPrincipal, principalSetKey } from '../../access-map/principal-set.js';
import { setWords } from '../../../reporters/access-map-words.js';
import type { HopDecision } from '../../../core/decision/result.js';
import { isUncollected } from '../../../core/model/estate.js';
import { explainRequest } from '../../explain/explain-request.js';
import { isAwsManaged } from '../aws-managed-key.js';
import { decisionWords, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { findingPolicy } from '../policy-sites.js';

const KEY_GATES = new Set(['key-policy', 'grant']);

/**
 * Encrypted data shared across accounts that the principals it is shared with cannot decrypt: the
 * data's own policy lets them in (the access map lists them as blocked), and the engine refuses
 * the implied KMS request (docs/aws-authorization.md#s3-sse-kms-permissions, #kms-implied-calls) at the key policy or grants of a customer managed
 * key (docs/aws-authorization.md#kms-iam-needs-key-policy, #kms-cross-account-both-sides). AWS managed keys are `aws-managed-key-on-shared-resource`'s. The fix is
 * `explain`'s: the smallest key-policy statement, verified by asking the engine again.
 */
export const encryptedShareWithoutKeyAccess: FindingRule = {
  id: 'encrypted-share-without-key-access',
  category: 'encryption',
  severity: 'medium',
  title: 'Encrypted data shared with principals the key does not let decrypt',
  description:
    'A bucket, queue, topic or secret in one account lets a principal of another account read or write it, but the data is encrypted with a customer managed KMS key whose key policy (and grants) do not let that principal use the key. The request fails with AccessDenied on KMS: the share looks done in the data\'s policy and does not work. Access to a KMS key always needs the key policy; an IAM policy alone is never enough across accounts.',
  awsDocs: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
  check(ctx) {
    const out: FindingDraft[] = [];
    const seen = new Set<string>();
    for (const b of ctx.accessMap().blocked) {
      if (!b.gate || !KEY_GATES.has(b.gate)) continue;
      const first = firstPrincipal(b.principals);
      const principal = ctx.graph.enginePrincipal(first, b.action);
      const d = ctx.graph.decide(first, b.action, b.resource);
      const kmsHop = d.hops.find((h, i) => i > 0 && (h.decision === 'ImplicitDeny' || h.decision === 'ExplicitDeny') && h.decidedBy !== undefined && KEY_GATES.has(h.decidedBy));
      if (!kmsHop || d.hops[0]?.decision === 'ImplicitDeny' || d.hops[0]?.decision === 'ExplicitDeny') continue;
      if (isAwsManaged(ctx.estate, kmsHop.resource)) continue;
      const setKey = principalSetKey(b.principals);
      const id = `${b.target}\u0000${setKey}\u0000${kmsHop.resource}`;
      if (seen.has(id)) continue;
      seen.add(id);
            // One finding per principal before the map grouped them: those fingerprints still match a baseline.
      const formerKeys = b.principals.count > 1 && b.principals.count <= FORMER_KEYS_LIMIT ? b.principals.members.map((m) => `${m.id}\u0000${kmsHop.resource}`) : undefined;
      out.push({
        ...draft(ctx, b.target, b.targetAccount, b.principals.count > 1 ? setWords(b.principals) : first.label, setKey, principal, b.action, b.resource, kmsHop, decisionWords(d)),
        request: requestOf(d),
        ...(formerKeys ? { formerKeys } : {}),
      });
    }
    return out;
  },
};

/** Past this many principals in a set, its per-principal fingerprints are not worked out (baselines that large were not kept). */
const FORMER_KEYS_LIMIT = 1_000;

function draft(
  ctx: FindingContext,
  target: string,
  targetAccount: string,
  label: string,
  principalId: string,
  enginePrincipal: string,
  action: string,
  resource: string,
  kmsHop: HopDecision,
  words: string,
): FindingDraft {
  const key = ctx.estate.resources.get(kmsHop.resource);
  const keyPolicy = key?.policy && !isUncollected(key.policy) ? key.policy : undefined;
  const keyAccount = kmsHop.resourceAccount ?? key?.accountId ?? targetAccount;
  const explanation = explainRequest(ctx.estate, { principal: enginePrincipal, action, resource, context: ctx.context }, { ...(ctx.catalog ? { catalog: ctx.catalog } : {}) });
  const fix = explanation.fixes.find((f) => f.verified && KEY_GATES.has(f.gate) && f.kind === 'add-statement');
  const resourceEntry = ctx.estate.resources.get(target);
  return {
    key: `${principalId}\u0000${kmsHop.resource}`,
    message: `\`${target}\` is shared with ${label}, but it is encrypted with \`${kmsHop.resource}\` and ${kmsHop.decidedBy === 'grant' ? 'no grant' : 'the key policy'} does not let ${label} ${kmsHop.action}: ${action} fails`,
    subject: target,
    subjectKind: resourceEntry ? (resourceEntry.type === 'other' ? 'resource' : resourceEntry.type) : 'resource',
    account: targetAccount,
    ...(keyPolicy ? { policy: findingPolicy(keyPolicy, keyAccount) } : {}),
    evidence: [
      `${label} ${action} on ${resource}: ${words}`,
      `implied ${kmsHop.action} on ${kmsHop.resource}: ${kmsHop.decision}, decided by ${kmsHop.decidedBy} (account ${keyAccount})`,
      ...(fix ? [`with the fix applied the engine answers ${fix.verifiedDecision}`] : []),
    ],
    fix: fix
      ? { kind: 'add-statement', account: fix.account, policy: fix.policy, summary: `in account ${fix.account}, add to the key policy of \`${kmsHop.resource}\` a statement that lets ${label} ${kmsHop.action} (checked: with it the engine answers ${fix.verifiedDecision})`, statement: fix.statement }
      : {
          kind: 'add-statement',
          account: keyAccount,
          ...(keyPolicy ? { policy: keyPolicy.name } : {}),
          summary: `in account ${keyAccount}, allow ${label} ${kmsHop.action} in the key policy of \`${kmsHop.resource}\`, or stop sharing \`${target}\` with it`,
        },
  };
}
