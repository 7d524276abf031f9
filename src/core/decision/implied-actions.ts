import { present, type ContextEntry } from '../condition/request-context.js';
import type { Estate } from '../model/estate.js';
import type { AuthorizationRequest } from './request.js';
import { resolveResource } from './resolve-resource.js';
import { assumption, type Assumption } from './result.js';

/** A further authorization the same API call needs (scenario-format.md "Implied actions"). */
export interface ImpliedHop {
  readonly action: string;
  readonly resource: string;
  readonly context: ReadonlyMap<string, ContextEntry>;
  readonly why: string;
  readonly assumption?: Assumption;
}

/** KMS operations an encrypted resource implies (docs/aws-authorization.md#s3-sse-kms-permissions, #kms-implied-calls). */
const KMS_FOR: Record<string, readonly string[]> = {
  's3:getobject': ['kms:Decrypt'],
  's3:getobjectversion': ['kms:Decrypt'],
  's3:putobject': ['kms:GenerateDataKey'],
  'sqs:sendmessage': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'sqs:receivemessage': ['kms:Decrypt'],
  'sns:publish': ['kms:GenerateDataKey', 'kms:Decrypt'],
  'secretsmanager:getsecretvalue': ['kms:Decrypt'],
};

const TAGGABLE_ASSUME = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);

/** The implied authorizations the engine derives from the estate itself. */
export function deriveImpliedHops(estate: Estate, request: AuthorizationRequest): ImpliedHop[] {
  const action = request.action.toLowerCase();
  const out: ImpliedHop[] = [];
  const kmsActions = KMS_FOR[action];
  if (kmsActions) {
    const named = resolveResource(estate, request.resource, action);
    // Through an access point, the object is the bucket's: its key is the bucket's (docs/aws-authorization.md#s3-access-points).
    const resource = named.bucketSide ? resolveResource(estate, named.bucketSide.resourceArn, action) : named;
    const service = action.slice(0, action.indexOf(':'));
    let keyArn = resource.entry?.kmsKeyArn;
    let assumed: Assumption | undefined;
    if (!keyArn && service === 's3' && resource.bucket?.s3?.defaultKmsKeyArn) {
      keyArn = resource.bucket.s3.defaultKmsKeyArn;
      if (resource.entry === resource.bucket || !resource.entry) {
        assumed = assumption('bucket-default-key', `${request.resource} has no entry of its own: taken to be encrypted with its bucket's default key ${keyArn}`);
      }
    }
    if (keyArn) {
      const region = resource.region ?? regionOf(keyArn);
      const via = `${service}.${region ?? '*'}.amazonaws.com`;
      for (const kmsAction of kmsActions) {
        out.push({
          action: kmsAction,
          resource: keyArn,
          context: new Map([['kms:viaservice', present(via)]]),
          why: `${request.resource} is encrypted with ${keyArn}: ${request.action} also needs ${kmsAction} on the key (docs/aws-authorization.md#s3-sse-kms-permissions, #kms-implied-calls)`,
          ...(assumed ? { assumption: assumed } : {}),
        });
      }
    }
  }
  if (TAGGABLE_ASSUME.has(action) && request.sessionTags && Object.keys(request.sessionTags).length > 0) {
    out.push({
      action: 'sts:TagSession',
      resource: request.resource,
      context: new Map(),
      why: 'passing session tags also needs sts:TagSession (docs/aws-authorization.md#session-tags-require-tag-session)',
    });
  }
  return out;
}

function regionOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[3] || undefined;
}
