import { parseArn } from '../arn/arn.js';
import { isUncollected, type Estate, type Resource, type Role, type Tags, type Uncollected } from '../model/estate.js';
import type { Policy } from '../policy/policy-types.js';
import { AWS_OWNED_ACCOUNT, resourceTakesPolicy, serviceTakesResourcePolicy } from '../model/resource-policy-services.js';
import type { GateId } from './result.js';
import { tables } from './engine-cache.js';

/** The target of a request, resolved against the estate. */
export interface ResolvedResource {
  readonly arn: string;
  readonly service: string;
  readonly accountId?: string;
  readonly region?: string;
  /** The resource's own entry (for an S3 object: its object entry, when it has one). */
  readonly entry?: Resource;
  /** S3 objects: their bucket's entry. */
  readonly bucket?: Resource;
  /** IAM roles targeted by sts:AssumeRole*. */
  readonly role?: Role;
  /** The resource-based policy that applies (trust policy for roles, key policy for keys); null = none. */
  readonly policy: Policy | null | Uncollected;
  readonly policyGate: Extract<GateId, 'resource' | 'trust' | 'key-policy' | 'access-point'>;
  /**
   * A request through an S3 access point (docs/aws-authorization.md#s3-access-points): `entry` is the
   * access point, `policy` its policy; the bucket must also permit the request through its own
   * policy, for the object (or bucket) the access point ARN stands for.
   */
  readonly bucketSide?: BucketSide;
  readonly tags: Tags | Uncollected;
  /** Set when the target does not exist in a part of the estate that was collected. */
  readonly missing?: string;
  /**
   * Set when the resource cannot carry a resource-based policy for this action (its type takes
   * none, src/core/model/resource-policy-services.ts): why nothing on its side can grant access.
   */
  readonly noPolicyOfItsOwn?: string;
}

/** The bucket behind an access point, and what a request through the access point names in it. */
export interface BucketSide {
  /** The access point's own ARN (`arn:aws:s3:<region>:<account>:accesspoint/<name>`). */
  readonly accessPointArn: string;
  readonly accessPointAccount: string;
  readonly networkOrigin: 'Internet' | 'VPC';
  /** The bucket's entry; undefined where the bucket is not in the estate. */
  readonly bucket: Resource | undefined;
  readonly bucketArn: string;
  /** The bucket's owner (the access point's `BucketAccountId`, else the bucket entry's, else the access point's account). */
  readonly bucketAccountId: string;
  /** `arn:aws:s3:::<bucket>/<key>` for object requests, the bucket ARN otherwise. */
  readonly resourceArn: string;
}

const TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
  'sts:tagsession',
  'sts:setsourceidentity',
  'sts:setcontext',
]);

const SERVICES_PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html';

export function isTrustAction(action: string): boolean {
  return TRUST_ACTIONS.has(action);
}

export function resolveResource(estate: Estate, arnText: string, action: string): ResolvedResource {
  const trust = isTrustAction(action);
  return tables.resources.get(estate, trust ? `trust:${arnText}` : arnText, resolveUncached, { arnText, action });
}

function resolveUncached(estate: Estate, _key: string, { arnText, action }: { arnText: string; action: string }): ResolvedResource {
  const arn = parseArn(arnText);
  if (!arn) {
    return { arn: arnText, service: action.split(':')[0] ?? '', policy: null, policyGate: 'resource', tags: {} };
  }
  const service = arn.service;
  const region = arn.region || undefined;

  if (service === 'iam' && arn.resource.startsWith('role/')) {
    const account = estate.accounts.get(arn.account);
    const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
    const role = account?.roles.get(name);
    const trust = isTrustAction(action);
    // A role's only resource-based policy is its trust policy, which governs assuming it alone.
    const base = { arn: arnText, service, accountId: arn.account, ...(trust ? {} : { noPolicyOfItsOwn: ROLE_NO_POLICY }) };
    if (!account?.iamCollected) {
      const what: Uncollected = { uncollected: true, what: `the trust policy of ${arnText} (account ${arn.account} is not in the estate)` };
      return { ...base, policy: trust ? what : null, policyGate: trust ? 'trust' : 'resource', tags: what };
    }
    if (!role) {
      return { ...base, policy: null, policyGate: trust ? 'trust' : 'resource', tags: {}, missing: `no role \`${name}\` exists in account ${arn.account}` };
    }
    return {
      ...base,
      role,
      policy: isTrustAction(action) ? role.trustPolicy ?? null : null,
      policyGate: isTrustAction(action) ? 'trust' : 'resource',
      tags: role.tags,
    };
  }

  if (service === 's3' && arn.resource.startsWith('accesspoint/')) return resolveAccessPoint(estate, arnText, arn);

  if (service === 's3') {
    const slash = arn.resource.indexOf('/');
    const bucketArn = slash >= 0 ? `arn:${arn.partition}:s3:::${arn.resource.slice(0, slash)}` : arnText;
    const bucket = estate.resources.get(bucketArn);
    const entry = slash >= 0 ? estate.resources.get(arnText) : bucket;
    if (!bucket) {
      const what: Uncollected = { uncollected: true, what: `the bucket ${bucketArn} (its owner and policy are not in the estate)` };
      return { arn: arnText, service, policy: what, policyGate: 'resource', tags: what };
    }
    const r: ResolvedResource = {
      arn: arnText,
      service,
      accountId: bucket.accountId,
      ...(bucket.region ? { region: bucket.region } : {}),
      bucket,
      ...(entry ? { entry } : {}),
      policy: bucket.policy,
      policyGate: 'resource',
      tags: slash >= 0 ? entry?.tags ?? {} : bucket.tags,
    };
    return r;
  }

  const accountId = /^\d{12}$/.test(arn.account) ? arn.account : undefined;
  const entry = estate.resources.get(arnText) ?? (service === 'kms' ? findKey(estate, arnText) : undefined);
  const gate = service === 'kms' ? 'key-policy' : 'resource';
  if (entry) {
    return {
      arn: arnText,
      service,
      accountId: entry.accountId,
      ...(region ? { region } : {}),
      entry,
      policy: entry.policy,
      policyGate: gate,
      tags: entry.tags,
    };
  }
  // A resource whose type takes no resource-based policy (an IAM user, group, managed policy or
  // instance profile, an EC2 instance...) has no target-side policy to collect: it is never Unknown
  // for want of one. AWS-owned resources (`arn:aws:iam::aws:policy/…`) belong to no account of the
  // estate and, like a resource of no account, are answered from the caller's side alone; across
  // accounts nothing on the target's side can grant access
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html,
  // its "Resource-based policies" column).
  if (arn.account === AWS_OWNED_ACCOUNT || !resourceTakesPolicy(service, arn.resource)) {
    const none = noPolicyWords(arnText, service, arn.account);
    const base = { arn: arnText, service, ...(region ? { region } : {}), policy: null, policyGate: 'resource' as const, noPolicyOfItsOwn: none };
    if (arn.account === AWS_OWNED_ACCOUNT || !accountId) return { ...base, tags: {} };
    const known = estate.accounts.get(accountId);
    const tags: Tags | Uncollected = known ? {} : { uncollected: true, what: `the tags of ${arnText} (account ${accountId} is not in the estate)` };
    return { ...base, accountId, tags };
  }
  const account = accountId ? estate.accounts.get(accountId) : undefined;
  if (service === 'kms' && arn.resource.startsWith('key/')) {
    // A key that is referenced but not listed has an unknown key policy (scenario-format.md).
    const what: Uncollected = { uncollected: true, what: `the key policy of ${arnText}` };
    return { arn: arnText, service, ...(accountId ? { accountId } : {}), ...(region ? { region } : {}), policy: what, policyGate: gate, tags: what };
  }
  if (!account) {
    const what: Uncollected = { uncollected: true, what: `the resource policy of ${arnText} (account ${arn.account || 'unknown'} is not in the estate)` };
    return { arn: arnText, service, ...(accountId ? { accountId } : {}), ...(region ? { region } : {}), policy: what, policyGate: gate, tags: what };
  }
  // A resource of a listed account that is not listed has no resource policy (scenario-format.md),
  // unless that account's resources of this service were never collected (snapshot-layout.md:
  // absent is not unknown).
  if (account.collectedServices && !account.collectedServices.includes(service) && serviceTakesResourcePolicy(service)) {
    const what: Uncollected = { uncollected: true, what: `the resource policy of ${arnText} (${service} resources of account ${account.id} were not collected)` };
    return { arn: arnText, service, ...(accountId ? { accountId } : {}), ...(region ? { region } : {}), policy: what, policyGate: gate, tags: what };
  }
  return { arn: arnText, service, ...(accountId ? { accountId } : {}), ...(region ? { region } : {}), policy: null, policyGate: gate, tags: {} };
}

/**
 * `arn:aws:s3:<region>:<account>:accesspoint/<name>[/object/<key>]` (docs/aws-authorization.md#s3-access-points):
 * the access point is the resource whose policy is evaluated as the resource policy; the bucket
 * behind it must permit the request too (`bucketSide`).
 */
function resolveAccessPoint(estate: Estate, arnText: string, arn: NonNullable<ReturnType<typeof parseArn>>): ResolvedResource {
  const rest = arn.resource.slice('accesspoint/'.length);
  const slash = rest.indexOf('/');
  const name = slash >= 0 ? rest.slice(0, slash) : rest;
  const key = slash >= 0 && rest.slice(slash + 1).startsWith('object/') ? rest.slice(slash + 1 + 'object/'.length) : undefined;
  const apArn = `arn:${arn.partition}:s3:${arn.region}:${arn.account}:accesspoint/${name}`;
  const region = arn.region || undefined;
  const ap = estate.resources.get(apArn);
  const base = { arn: arnText, service: 's3', accountId: arn.account, ...(region ? { region } : {}), policyGate: 'access-point' as const };
  if (!ap?.accessPoint) {
    const account = estate.accounts.get(arn.account);
    if (account && (!account.collectedServices || account.collectedServices.includes('s3'))) {
      return { ...base, policy: null, tags: {}, missing: `no access point \`${name}\` exists in account ${arn.account}` };
    }
    const what: Uncollected = { uncollected: true, what: `the access point ${apArn} (its bucket and policy are not in the estate)` };
    return { ...base, policy: what, tags: what };
  }
  const facts = ap.accessPoint;
  const bucketArn = `arn:${arn.partition}:s3:::${facts.bucket}`;
  const bucket = estate.resources.get(bucketArn);
  const bucketAccountId = facts.bucketAccountId ?? bucket?.accountId ?? ap.accountId;
  return {
    ...base,
    accountId: ap.accountId,
    entry: ap,
    policy: ap.policy,
    tags: ap.tags,
    bucketSide: {
      accessPointArn: apArn,
      accessPointAccount: ap.accountId,
      networkOrigin: facts.networkOrigin,
      bucket,
      bucketArn,
      bucketAccountId,
      resourceArn: key !== undefined ? `${bucketArn}/${key}` : bucketArn,
    },
  };
}

const ROLE_NO_POLICY = `an IAM role's only resource-based policy is its trust policy, which governs assuming the role alone (${SERVICES_PAGE})`;

function noPolicyWords(arnText: string, service: string, account: string): string {
  if (account === AWS_OWNED_ACCOUNT) return `${arnText} is owned by AWS and takes no resource-based policy: only the caller's own policies decide (${SERVICES_PAGE})`;
  return `${arnText} cannot carry a resource-based policy (${service} resources of this type take none): nothing on its side can grant access (${SERVICES_PAGE})`;
}

/** Keys may be named by alias ARN or key ARN; the estate indexes them by key ARN. */
function findKey(estate: Estate, arnText: string): Resource | undefined {
  const r = estate.resources.get(arnText);
  if (r) return r;
  const target = estate.kmsAliases?.get(arnText);
  return target !== undefined ? estate.resources.get(target) : undefined;
}

export function isPolicy(p: Policy | null | Uncollected): p is Policy {
  return p !== null && !isUncollected(p);
}
