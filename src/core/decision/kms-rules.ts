import { FALSE, TRUE, and, residual, type Tri } from '../condition/tri.js';
import type { RequestContext } from '../condition/request-context.js';
import type { KmsGrant } from '../model/estate.js';
import type { CallerIdentity } from '../policy/principal-matcher.js';

/**
 * The cryptographic operations, which only an `Enabled` key performs (docs/aws-authorization.md#kms-key-state):
 * `DescribeKey`, the key policy, grant, tag and alias operations work in other states.
 */
const CRYPTOGRAPHIC_OPERATIONS = new Set([
  'kms:encrypt',
  'kms:decrypt',
  'kms:reencryptfrom',
  'kms:reencryptto',
  'kms:generatedatakey',
  'kms:generatedatakeypair',
  'kms:generatedatakeypairwithoutplaintext',
  'kms:generatedatakeywithoutplaintext',
  'kms:generatemac',
  'kms:verifymac',
  'kms:sign',
  'kms:verify',
  'kms:getpublickey',
  'kms:derivesharedsecret',
]);

/**
 * Operations for which cross-account permission can be effective (docs/aws-authorization.md#kms-cross-account-both-sides, [K5]):
 * the cryptographic ones and a few on the key's grants and metadata. Any other KMS operation on a
 * key of another account fails whatever the policies say.
 */
const CROSS_ACCOUNT_OPERATIONS = new Set([
  ...CRYPTOGRAPHIC_OPERATIONS,
  'kms:creategrant',
  'kms:describekey',
  'kms:getkeyrotationstatus',
  'kms:listgrants',
  'kms:retiregrant',
  'kms:revokegrant',
]);

export function isCrossAccountKmsOperation(action: string): boolean {
  return CROSS_ACCOUNT_OPERATIONS.has(action);
}

/** Every key state `describe-key` reports (docs/aws-authorization.md#kms-key-state). */
export const KMS_KEY_STATES = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable', 'PendingReplicaDeletion', 'Creating', 'Updating'] as const;

/** Whether a key in `keyState` refuses `action` whatever the policies say; `keyState` undefined: not collected, never refused. */
export function keyStateRefuses(keyState: string | undefined, action: string): boolean {
  return keyState !== undefined && keyState !== 'Enabled' && CRYPTOGRAPHIC_OPERATIONS.has(action);
}

/**
 * Whether a grant lets the caller perform the action (docs/aws-authorization.md#kms-grants): the grantee is the caller's
 * user or role (or its account), the operation is listed, and the encryption-context constraints
 * hold. Constraints over an encryption context the request does not give become residuals.
 */
export function grantAllows(grant: KmsGrant, caller: CallerIdentity, action: string, ctx: RequestContext): { matches: Tri; viaAccount: boolean } {
  const grantee = grant.granteePrincipal;
  const direct = grantee === caller.arn || grantee === caller.roleArn || grantee === caller.roleArnNoPath;
  const viaAccount = !direct && caller.accountId !== undefined && (grantee === caller.accountId || grantee === `arn:${caller.partition}:iam::${caller.accountId}:root`);
  if (!direct && !viaAccount) return { matches: FALSE, viaAccount: false };
  const op = action.slice(4);
  if (!grant.operations.some((o) => o.toLowerCase() === op)) return { matches: FALSE, viaAccount };
  let t: Tri = TRUE;
  const eq = grant.constraints?.encryptionContextEquals;
  const sub = grant.constraints?.encryptionContextSubset;
  for (const [k, v] of Object.entries({ ...(sub ?? {}), ...(eq ?? {}) })) {
    t = and(t, contextEquals(ctx, k, v));
  }
  return { matches: t, viaAccount };
}

function contextEquals(ctx: RequestContext, key: string, value: string): Tri {
  const fullKey = `kms:EncryptionContext:${key}`;
  const e = ctx.lookup(fullKey.toLowerCase());
  if (e.state === 'absent') return FALSE;
  if (e.state === 'unknown') return residual({ operator: 'StringEquals', key: fullKey, values: [value], negated: false });
  return e.values.includes(value) ? TRUE : FALSE;
}
