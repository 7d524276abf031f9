import { parseArn } from '../../core/arn/arn.js';
import type { Estate, ResourceType } from '../../core/model/estate.js';
import { isPolicy, resolveResource } from '../../core/decision/resolve-resource.js';
import type { Policy } from '../../core/policy/policy-types.js';

/** The kinds of target `who-can` and `what-can` know a default action set for. */
export type TargetType = ResourceType | 'role';

/**
 * The actions asked by default, per type (docs/paths-and-who-can.md): reading and writing data,
 * sending and receiving, invoking, decrypting and encrypting, and assuming roles. Buckets are asked
 * s3:ListBucket on the bucket and the object actions on their object scopes.
 */
export const DEFAULT_ACTIONS: Readonly<Record<TargetType, readonly string[]>> = {
  bucket: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
  object: ['s3:GetObject', 's3:PutObject'],
  // Access points: the object actions are asked on `<ap>/object/*` (docs/aws-authorization.md#s3-access-points).
  'access-point': ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
  queue: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
  topic: ['sns:Publish'],
  function: ['lambda:InvokeFunction'],
  key: ['kms:Decrypt', 'kms:Encrypt'],
  secret: ['secretsmanager:GetSecretValue'],
  role: ['sts:AssumeRole'],
  other: [],
};

/** The type of the thing an ARN names, from the estate where it is listed, else from the ARN. */
export function targetTypeOf(estate: Estate, arnText: string): TargetType {
  const listed = estate.resources.get(arnText);
  if (listed) return listed.type;
  const arn = parseArn(arnText);
  if (!arn) return 'other';
  switch (arn.service) {
    case 'iam':
      return arn.resource.startsWith('role/') ? 'role' : 'other';
    case 's3':
      if (arn.resource.startsWith('accesspoint/')) return 'access-point';
      return arn.resource.includes('/') ? 'object' : 'bucket';
    case 'sqs':
      return 'queue';
    case 'sns':
      return 'topic';
    case 'lambda':
      return arn.resource.startsWith('function:') ? 'function' : 'other';
    case 'kms':
      return arn.resource.startsWith('key/') ? 'key' : 'other';
    case 'secretsmanager':
      return arn.resource.startsWith('secret:') ? 'secret' : 'other';
    default:
      return 'other';
  }
}

const OBJECT_ACTIONS = new Set(['s3:getobject', 's3:putobject', 's3:getobjectversion', 's3:deleteobject']);

/** Object actions asked about a bucket go to its object scopes, not to the bucket ARN. */
export function isObjectAction(action: string): boolean {
  return OBJECT_ACTIONS.has(action.toLowerCase());
}

/**
 * The object scopes of a bucket: `bucket/*` and every object pattern the bucket policy or the given
 * identity policies name (`bucket/reports/*`). An object ARN written with `*` stands for "objects
 * under this prefix": a statement naming a wider pattern matches it, a narrower one does not.
 */
export function objectScopes(estate: Estate, bucketArn: string, identityPolicies: readonly Policy[] = []): string[] {
  return scopesUnder(estate, bucketArn, `${bucketArn}/`, identityPolicies);
}

/** The object scopes of an access point: `<ap>/object/*` and the narrower ones its policy or the identity policies name (docs/aws-authorization.md#s3-access-points). */
export function accessPointObjectScopes(estate: Estate, accessPointArn: string, identityPolicies: readonly Policy[] = []): string[] {
  return scopesUnder(estate, accessPointArn, `${accessPointArn}/object/`, identityPolicies);
}

function scopesUnder(estate: Estate, arn: string, prefix: string, identityPolicies: readonly Policy[]): string[] {
  const out = new Set<string>([`${prefix}*`]);
  const resolved = resolveResource(estate, arn, 's3:listbucket');
  const policies = isPolicy(resolved.policy) ? [resolved.policy, ...identityPolicies] : identityPolicies;
  for (const policy of policies) {
    for (const s of policy.statements) {
      for (const pattern of resourcePatterns(s.raw)) if (pattern.startsWith(prefix) && !pattern.includes('${')) out.add(pattern);
    }
  }
  return [...out].sort((a, b) => a.length - b.length || a.localeCompare(b));
}

function resourcePatterns(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const r = (raw as { Resource?: unknown }).Resource;
  if (typeof r === 'string') return [r];
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}

/** The (action, resource ARN) pairs asked about a target: buckets expand to their object scopes. */
export function requestsFor(estate: Estate, arn: string, actions: readonly string[], identityPolicies: readonly Policy[] = []): Array<{ action: string; resource: string }> {
  const type = targetTypeOf(estate, arn);
  const out: Array<{ action: string; resource: string }> = [];
  for (const action of actions) {
    if (type === 'bucket' && isObjectAction(action)) {
      for (const scope of objectScopes(estate, arn, identityPolicies)) out.push({ action, resource: scope });
    } else if (type === 'access-point' && isObjectAction(action)) {
      // Objects are named through the access point as `<ap>/object/<key>` (docs/aws-authorization.md#s3-access-points).
      for (const scope of accessPointObjectScopes(estate, arn, identityPolicies)) out.push({ action, resource: scope });
    } else out.push({ action, resource: arn });
  }
  return out;
}
