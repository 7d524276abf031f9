import type { AuthorizationRequest, GivenValue } from '../decision/request.js';
import type { Estate } from '../model/estate.js';
import { requestParameter, type CloudTrailRecord } from './cloudtrail-record.js';
import { modelledCall, type ModelledCall, type ResourceRule } from './modelled-calls.js';
import { globalContextOfRecord } from './record-context.js';
import { principalOfRecord, type RecordPrincipal } from './record-principal.js';

export type RecordRequest =
  | {
      readonly kind: 'request';
      readonly call: ModelledCall;
      readonly request: AuthorizationRequest;
      readonly principal: Extract<RecordPrincipal, { kind: 'principal' }>;
      /** The resource the usage counts against: an object's bucket scope (`bucket/*`), else the resource. */
      readonly usageResource: string;
    }
  | { readonly kind: 'not-modelled' }
  /** A modelled call whose principal or resource the record does not tell. */
  | { readonly kind: 'unresolved'; readonly call: ModelledCall; readonly why: string };

/**
 * The request a recorded call made, as the engine is asked it: the principal from `userIdentity`,
 * the action from the modelled call, the resource from `resources[]` or `requestParameters`, and the
 * context the record supplies (docs/cloudtrail.md#from-api-calls-to-requests).
 */
export function requestOfRecord(record: CloudTrailRecord, estate: Estate, options: { readonly context?: boolean } = {}): RecordRequest {
  const call = modelledCall(record.eventSource, record.eventName);
  if (!call) return { kind: 'not-modelled' };
  const principal = principalOfRecord(record);
  if (principal.kind === 'unidentified') return { kind: 'unresolved', call, why: principal.why };
  const resource = resourceOfRecord(record, call.resource, estate);
  if (typeof resource !== 'string') return { kind: 'unresolved', call, why: resource.why };
  // Usage counts who called what: it needs no context, and skips building it.
  const context: Record<string, GivenValue> = options.context === false ? {} : { ...globalContextOfRecord(record), ...callContext(record, call) };
  const sessionTags = call.resource === 'role-arn' ? tagsOf(record) : undefined;
  const request: AuthorizationRequest = {
    principal: principal.principal,
    action: call.action,
    resource,
    context,
    ...(sessionTags ? { sessionTags } : {}),
    ...(principal.sessionIssuer ? { sessionIssuer: principal.sessionIssuer } : {}),
  };
  return { kind: 'request', call, request, principal, usageResource: call.resource === 's3-object' ? bucketScope(resource) : resource };
}

function callContext(record: CloudTrailRecord, call: ModelledCall): Record<string, GivenValue> {
  const out: Record<string, GivenValue> = {};
  for (const k of call.keys) {
    const value = requestParameter(record, k.parameter);
    if (value !== undefined) out[k.key] = value;
    else if (k.absentWhenMissing) out[k.key] = null;
  }
  if (call.resource === 'role-arn' && requestParameter(record, 'serialNumber')) out['aws:MultiFactorAuthPresent'] = 'true';
  if (call.resource === 'kms-key') Object.assign(out, kmsContext(record));
  return out;
}

/** `kms:EncryptionContext:<key>` and `kms:EncryptionContextKeys` from the call's encryption context; `kms:ViaService` when a service called on the principal's behalf. */
function kmsContext(record: CloudTrailRecord): Record<string, GivenValue> {
  const out: Record<string, GivenValue> = {};
  const ec = record.requestParameters?.['encryptionContext'];
  if (ec && typeof ec === 'object' && !Array.isArray(ec)) {
    const entries = Object.entries(ec as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    for (const [k, v] of entries) out[`kms:EncryptionContext:${k}`] = v;
    out['kms:EncryptionContextKeys'] = entries.map(([k]) => k);
  } else out['kms:EncryptionContextKeys'] = null;
  const via = record.userIdentity.invokedBy;
  if (via && via.endsWith('.amazonaws.com') && record.userIdentity.type !== 'AWSService' && record.awsRegion) {
    out['kms:ViaService'] = `${via.slice(0, -'.amazonaws.com'.length)}.${record.awsRegion}.amazonaws.com`;
  } else if (!via) out['kms:ViaService'] = null;
  return out;
}

/** Session tags passed to AssumeRole: `requestParameters.tags`, a list of `{ key, value }`. */
function tagsOf(record: CloudTrailRecord): Record<string, string> | undefined {
  const tags = record.requestParameters?.['tags'];
  if (!Array.isArray(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const t of tags) {
    if (t && typeof t === 'object' && typeof (t as { key?: unknown }).key === 'string' && typeof (t as { value?: unknown }).value === 'string') {
      out[(t as { key: string }).key] = (t as { value: string }).value;
    }
  }
  return out;
}

function bucketScope(objectArn: string): string {
  const slash = objectArn.indexOf('/');
  return slash < 0 ? objectArn : `${objectArn.slice(0, slash)}/*`;
}

type Resolved = string | { readonly why: string };

function resourceOfRecord(record: CloudTrailRecord, rule: ResourceRule, estate: Estate): Resolved {
  const partition = estate.partition;
  switch (rule) {
    case 'role-arn':
      return requestParameter(record, 'roleArn') ?? { why: 'the record has no `requestParameters.roleArn`' };
    case 's3-object': {
      const listed = listedResource(record, 'AWS::S3::Object');
      if (listed) return listed;
      const bucket = requestParameter(record, 'bucketName');
      const key = requestParameter(record, 'key');
      return bucket && key ? `arn:${partition}:s3:::${bucket}/${key}` : { why: 'the record names no object (`resources[]` or `bucketName` and `key`)' };
    }
    case 's3-bucket': {
      const listed = listedResource(record, 'AWS::S3::Bucket');
      if (listed) return listed;
      const bucket = requestParameter(record, 'bucketName');
      return bucket ? `arn:${partition}:s3:::${bucket}` : { why: 'the record names no bucket' };
    }
    case 'kms-key': {
      const listed = listedResource(record, 'AWS::KMS::Key');
      if (listed) return listed;
      const keyId = requestParameter(record, 'keyId');
      if (keyId?.startsWith('arn:')) return keyId;
      if (keyId && record.recipientAccountId && record.awsRegion) return `arn:${partition}:kms:${record.awsRegion}:${record.recipientAccountId}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
      return { why: 'the record names no key (`resources[]` or `keyId`)' };
    }
    case 'sqs-queue': {
      const listed = listedResource(record, 'AWS::SQS::Queue');
      if (listed) return listed;
      const url = requestParameter(record, 'queueUrl');
      const m = url ? /^https?:\/\/(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)/.exec(url) : null;
      return m ? `arn:${partition}:sqs:${m[1]}:${m[2]}:${m[3]}` : { why: url ? `the queue URL \`${url}\` is not one trustmap can read` : 'the record has no `queueUrl`' };
    }
    case 'sns-topic':
      return requestParameter(record, 'topicArn') ?? { why: 'the record has no `topicArn` (a direct publish to an endpoint or phone number is not a topic)' };
    case 'secret':
      return secretOf(record, estate);
    case 'lambda-function': {
      const listed = listedResource(record, 'AWS::Lambda::Function');
      if (listed) return listed;
      const name = requestParameter(record, 'functionName');
      if (!name) return { why: 'the record has no `functionName`' };
      if (name.startsWith('arn:')) return name;
      const partial = /^(\d{12}):function:(.+)$/.exec(name);
      if (partial && record.awsRegion) return `arn:${partition}:lambda:${record.awsRegion}:${partial[1]}:function:${partial[2]}`;
      if (record.recipientAccountId && record.awsRegion) return `arn:${partition}:lambda:${record.awsRegion}:${record.recipientAccountId}:function:${name}`;
      return { why: `the function \`${name}\` is named without its account or region` };
    }
  }
}

function listedResource(record: CloudTrailRecord, type: string): string | undefined {
  for (const r of record.resources ?? []) if (r.type === type && typeof r.ARN === 'string' && r.ARN.startsWith('arn:')) return r.ARN;
  return undefined;
}

/**
 * Secrets Manager takes a secret's full ARN, its ARN without the six random characters AWS appends,
 * or its name (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
 * Only a full ARN, or one the estate knows, names a resource the policies can be matched against.
 */
function secretOf(record: CloudTrailRecord, estate: Estate): Resolved {
  const id = requestParameter(record, 'secretId');
  if (!id) return { why: 'the record has no `secretId`' };
  if (estate.resources.has(id)) return id;
  const account = id.startsWith('arn:') ? id.split(':')[4] : record.recipientAccountId;
  const region = id.startsWith('arn:') ? id.split(':')[3] : record.awsRegion;
  const name = id.startsWith('arn:') ? id.split(':').slice(6).join(':') : id;
  for (const r of estate.resources.values()) {
    if (r.type !== 'secret' || r.accountId !== account || (region && r.region && r.region !== region)) continue;
    const full = r.arn.split(':').slice(6).join(':');
    if (full === name || (full.length === name.length + 7 && full.startsWith(`${name}-`))) return r.arn;
  }
  if (/^arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/.test(id)) return id;
  return { why: `the secret \`${id}\` is not in the estate, and is not named by its full ARN` };
}
