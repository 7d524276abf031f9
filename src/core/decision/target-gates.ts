import { isUncollected, type Estate, type KmsGrant, type Resource } from '../model/estate.js';
import type { Policy } from '../policy/policy-types.js';
import { parsePolicy } from '../policy/parse-policy.js';
import { DiagnosticBag } from '../diagnostics.js';
import type { CallerIdentity, PrincipalMatchKind } from '../policy/principal-matcher.js';
import { isPublicPolicy } from '../policy/public-policy.js';
import { ALLOWED, REFUSED, UNDETERMINED, both, either, eitherAll, exact, type Bounds } from './bounds.js';
import type { CallerSide } from './caller-gates.js';
import { evaluatePreparedPolicy, preparePolicy, type MatchRequest, type PolicyEvaluation, type PreparedPolicy } from './evaluate-policy.js';
import { tables } from './engine-cache.js';
import type { GatePart } from './gate-report.js';
import { gateVerdict } from './gate-verdict.js';
import { grantAllows, isCrossAccountKmsOperation, keyStateRefuses } from './kms-rules.js';
import { ruleAssumption, type Assumption, type GateId, type GateVerdict } from './result.js';
import type { ResolvedCaller } from './resolve-caller.js';
import { isPolicy, type ResolvedResource } from './resolve-resource.js';
import { protectedRoleOf, protectedRoleRule } from './protected-roles.js';
import { aclAllows, aclsInForce, effectiveBlockPublicAccess, isBucketAclAction, isObjectAction, type BlockPublicAccessInForce } from './s3-rules.js';

/**
 * What the target side of one planned hop is made of, worked out once: everything here follows
 * from the estate, the caller, the resource and the action, never from the request context. S3
 * Block Public Access and ACLs are entirely of this kind; the resource policy and KMS grants
 * (their conditions) are evaluated per request by `evaluateTarget`.
 */
export interface TargetFacts {
  readonly account: string;
  readonly gateId: ResolvedResource['policyGate'];
  /** An action on `*` names no resource of another account (docs/aws-authorization.md#cross-account-resource-only-not-enough): only the caller's own policies allow it. */
  readonly accountless: boolean;
  readonly sameAccount: boolean;
  readonly isTrust: boolean;
  /** docs/aws-authorization.md#same-account-either-side: trust and key policies must allow explicitly. */
  readonly mustAllowExplicitly: boolean;
  /** The target does not exist in a collected part of the estate: the only gate. */
  readonly missingGate: GateVerdict | undefined;
  /** The resource-based policy to evaluate, specialized to this caller, action and resource. */
  readonly policy: PreparedPolicy | undefined;
  /** The resource policy gate's reasons, by outcome. */
  readonly words: PolicyWords;
  /** Set when the resource-based policy was not collected: what is missing. */
  readonly policyUncollected: string | undefined;
  /** The resource policy gate where there is no policy to evaluate (none, or not collected). */
  readonly fixedPolicyGate: GateVerdict | undefined;
  /** Block Public Access takes the resource policy's grants away (docs/aws-authorization.md#s3-block-public-access). */
  readonly policyRestricted: boolean;
  /** S3 Block Public Access and ACLs (docs/aws-authorization.md#amazon-s3): their gates, missing data and assumptions, in order. */
  readonly s3Gates: readonly GateVerdict[];
  readonly s3Missing: readonly string[];
  readonly s3Assumptions: readonly Assumption[];
  readonly aclGrant: Bounds;
  readonly aclViaAccount: boolean;
  /** An object another account owns: bucket-policy grants do not reach it (docs/aws-authorization.md#s3-user-context, #s3-object-ownership). */
  readonly objectForeignOwner: string | undefined;
  /** KMS grants to evaluate (docs/aws-authorization.md#kms-grants); `grantsUncollected` names them when they were not collected. */
  readonly grants: readonly KmsGrant[] | undefined;
  readonly grantsUncollected: string | undefined;
  /** The gate that refuses whatever the policies say (a protected role, an identity provider, a root user, a key that is not Enabled, a same-account-only KMS operation). */
  readonly refusalGate: GateVerdict | undefined;
  /** A working assumption the target's facts rest on (protected roles), added to every answer. */
  readonly factsAssumption: Assumption | undefined;
  /** Requests through an S3 access point: the bucket's side (docs/aws-authorization.md#s3-access-points). */
  readonly bucketSide: BucketSideFacts | undefined;
  /** A `VPC` access point: the statement that refuses requests from any other VPC (docs/aws-authorization.md#s3-access-point-network-origin). */
  readonly networkOrigin: PreparedPolicy | undefined;
}

/** The bucket behind an access point: its policy must explicitly allow the request and not deny it. */
export interface BucketSideFacts {
  readonly account: string;
  /** The object (or bucket) in the bucket the request names. */
  readonly resourceArn: string;
  readonly policy: PreparedPolicy | undefined;
  /** The gate where there is no policy to evaluate (none, not collected, bucket not in the estate). */
  readonly fixedGate: GateVerdict | undefined;
  readonly uncollected: string | undefined;
  /** The bucket's Block Public Access takes a public bucket policy's grants away. */
  readonly restricted: boolean;
}

/** Every field is always set, so that all facts objects share one shape (they are read on every request). */
export function targetFactsOf(
  estate: Estate,
  caller: ResolvedCaller,
  resource: ResolvedResource,
  action: string,
  isIam: boolean,
  callerHasBoundary: boolean,
): TargetFacts {
  const id = caller.identity;
  const account = resource.accountId ?? '';
  const gateId = resource.policyGate;
  const accountless = resource.accountId === undefined && resource.policy === null;
  const sameAccount = isIam && (accountless || id.accountId === resource.accountId);
  const isKms = resource.service === 'kms' && action.startsWith('kms:');
  const isTrust = gateId === 'trust';
  const s3 = resource.bucketSide ? accessPointS3FactsOf(estate, id, resource) : s3FactsOf(estate, id, resource, action, account);
  const policy = isPolicy(resource.policy) ? preparePolicy(resource.policy, id, action, resource.arn, callerHasBoundary) : undefined;
  const policyUncollected = resource.policy && isUncollected(resource.policy) ? resource.policy.what : undefined;
  const fixedPolicyGate = policy
    ? undefined
    : gateVerdict({
        gate: gateId,
        side: 'target',
        account,
        allow: policyAllows(undefined, policyUncollected !== undefined, s3.policyRestricted),
        reason: resource.policy === null ? resource.noPolicyOfItsOwn ?? noPolicyReason(resource.arn, gateId) : `${POLICY_WORDS[gateId].what} was not collected`,
        ...(policyUncollected !== undefined ? { missing: [policyUncollected] } : {}),
      });
  const kms = resource.entry?.kms;
  const grants = isKms && kms && isIam ? kms.grants : undefined;
  const guarded = protectedRoleFacts(resource, id, action, account);
  return {
    account,
    gateId,
    accountless,
    sameAccount,
    isTrust,
    mustAllowExplicitly: isTrust || isKms,
    missingGate: resource.missing ? gateVerdict({ gate: gateId, side: 'target', account, allow: REFUSED, reason: resource.missing }) : undefined,
    policy,
    words: POLICY_WORDS[gateId],
    policyUncollected,
    fixedPolicyGate,
    policyRestricted: s3.policyRestricted,
    s3Gates: s3.s3Gates,
    s3Missing: s3.s3Missing,
    s3Assumptions: s3.s3Assumptions,
    aclGrant: s3.aclGrant,
    aclViaAccount: s3.aclViaAccount,
    objectForeignOwner: s3.objectForeignOwner,
    grants: grants && !isUncollected(grants) ? grants : undefined,
    grantsUncollected: grants && isUncollected(grants) ? `the grants of ${resource.arn}` : undefined,
    refusalGate:
      guarded.gate ?? identityCenterSamlRefusal(resource, action, account) ?? keyStateRefusal(resource, action, account, isKms) ?? refusalOf(id, action, account, gateId, isIam, sameAccount, isKms, isTrust),
    factsAssumption: guarded.assumption,
    bucketSide: resource.bucketSide ? bucketSideFactsOf(estate, id, resource, action, callerHasBoundary) : undefined,
    networkOrigin: networkOriginPolicy(resource, id, action, callerHasBoundary),
  };
}

/**
 * The bucket's side of a request through an access point (docs/aws-authorization.md#s3-access-points,
 * #s3-access-point-bucket-delegation): its policy, for the same principal and the object in the bucket.
 */
function bucketSideFactsOf(estate: Estate, id: CallerIdentity, resource: ResolvedResource, action: string, callerHasBoundary: boolean): BucketSideFacts {
  const side = resource.bucketSide!;
  const account = side.bucketAccountId;
  const bucket = side.bucket;
  const bucketPolicy = bucket ? bucket.policy : ({ uncollected: true, what: `the bucket ${side.bucketArn} behind ${side.accessPointArn} (its policy is not in the estate)` } as const);
  const policy = isPolicy(bucketPolicy) ? preparePolicy(bucketPolicy, id, action, side.resourceArn, callerHasBoundary) : undefined;
  const uncollected = bucketPolicy && isUncollected(bucketPolicy) ? bucketPolicy.what : undefined;
  let restricted = false;
  if (bucket && isPolicy(bucket.policy) && tables.publicPolicies.get(bucket.policy, isPublicPolicy, undefined)) {
    const bpa = blockPublicAccessOf(estate, bucket);
    restricted = bpa.settings.RestrictPublicBuckets && id.kind !== 'service' && id.accountId !== bucket.accountId;
  }
  const fixedGate = policy
    ? undefined
    : gateVerdict({
        gate: 'resource',
        side: 'target',
        account,
        allow: uncollected !== undefined ? UNDETERMINED : REFUSED,
        reason: uncollected !== undefined ? 'the bucket policy behind the access point was not collected' : `${side.bucketArn} has no bucket policy: it does not permit requests through the access point (docs/aws-authorization.md#s3-access-points)`,
        ...(uncollected !== undefined ? { missing: [uncollected] } : {}),
      });
  return { account, resourceArn: side.resourceArn, policy, fixedGate, uncollected, restricted };
}

/** Block Public Access of an access point: its own settings and its account's (docs/aws-authorization.md#s3-access-point-block-public-access). */
function accessPointS3FactsOf(estate: Estate, id: CallerIdentity, resource: ResolvedResource): S3Facts {
  const ap = resource.entry;
  if (!ap?.accessPoint) return NO_S3;
  const bpa = effectiveBlockPublicAccess(ap.accessPoint.blockPublicAccess, estate.accounts.get(ap.accountId)?.s3BlockPublicAccess);
  const publicPolicy = isPolicy(ap.policy) && tables.publicPolicies.get(ap.policy, isPublicPolicy, undefined);
  const trusted = id.kind === 'service' || id.accountId === ap.accountId;
  if (!(bpa.settings.RestrictPublicBuckets && publicPolicy && !trusted)) return bpa.uncollected.length > 0 ? { ...NO_S3, s3Assumptions: bpa.uncollected } : NO_S3;
  return {
    ...NO_S3,
    policyRestricted: true,
    s3Assumptions: bpa.uncollected,
    s3Gates: [
      gateVerdict({
        gate: 's3-bpa',
        side: 'target',
        account: ap.accountId,
        allow: REFUSED,
        reason: 'RestrictPublicBuckets of the access point voids its public policy for callers outside its account (docs/aws-authorization.md#s3-access-point-block-public-access)',
      }),
    ],
  };
}

/**
 * "If you set the network origin to VPC, Amazon S3 rejects any request made to the access point
 * that doesn't originate from that VPC" (docs/aws-authorization.md#s3-access-point-network-origin):
 * a Deny on `aws:SourceVpc`, so that an unknown VPC leaves the answer open as any unknown key does.
 */
function networkOriginPolicy(resource: ResolvedResource, id: CallerIdentity, action: string, callerHasBoundary: boolean): PreparedPolicy | undefined {
  const facts = resource.entry?.accessPoint;
  if (!resource.bucketSide || facts?.networkOrigin !== 'VPC') return undefined;
  const policy = tables.networkOriginPolicies.get(resource.entry!, networkOriginPolicyOf, undefined);
  return policy ? preparePolicy(policy, id, action, resource.arn, callerHasBoundary) : undefined;
}

function networkOriginPolicyOf(ap: Resource): Policy | undefined {
  const vpcId = ap.accessPoint?.vpcId;
  const document = {
    Version: '2012-10-17',
    Statement: [
      vpcId !== undefined
        ? { Sid: 'NetworkOriginVpc', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpc': vpcId } } }
        : { Sid: 'NetworkOriginVpc', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { Null: { 'aws:SourceVpc': 'true' } } },
    ],
  };
  return parsePolicy(document, { kind: 'resource', name: `${ap.arn}#network-origin` }, new DiagnosticBag());
}

const NOT_GUARDED: { gate: GateVerdict | undefined; assumption: Assumption | undefined } = { gate: undefined, assumption: undefined };

/** Service-linked and IAM Identity Center roles: only their managing service changes them (protected-roles.ts). */
function protectedRoleFacts(resource: ResolvedResource, id: CallerIdentity, action: string, account: string): { gate: GateVerdict | undefined; assumption: Assumption | undefined } {
  if (resource.service !== 'iam' || !action.startsWith('iam:')) return NOT_GUARDED;
  const role = protectedRoleOf(resource.role?.arn ?? resource.arn);
  if (!role) return NOT_GUARDED;
  const rule = protectedRoleRule(role, id, action);
  const gate = rule.refused ? gateVerdict({ gate: 'protected-role', side: 'target', account, allow: REFUSED, reason: rule.reason }) : undefined;
  return { gate, assumption: rule.assumption };
}

type S3Facts = Pick<TargetFacts, 'policyRestricted' | 's3Gates' | 's3Missing' | 's3Assumptions' | 'aclGrant' | 'aclViaAccount' | 'objectForeignOwner'>;

const NO_S3: S3Facts = { policyRestricted: false, s3Gates: [], s3Missing: [], s3Assumptions: [], aclGrant: REFUSED, aclViaAccount: false, objectForeignOwner: undefined };

function s3FactsOf(estate: Estate, id: CallerIdentity, resource: ResolvedResource, action: string, account: string): S3Facts {
  const bucket = resource.bucket;
  if (!bucket || resource.service !== 's3') return NO_S3;
  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  const assumptions: Assumption[] = [];
  let policyRestricted = false;
  let aclGrant: Bounds = REFUSED;
  let aclViaAccount = false;
  let objectForeignOwner: string | undefined;
  const bpa = blockPublicAccessOf(estate, bucket);
  assumptions.push(...bpa.uncollected);
  const onObject = resource.arn !== bucket.arn;
  const objectOwner = resource.entry?.object?.owner;
  if (onObject && objectOwner && objectOwner !== bucket.accountId && aclsInForce(bucket) && isObjectAction(action)) {
    objectForeignOwner = objectOwner;
  }
  const publicPolicy = isPolicy(bucket.policy) && tables.publicPolicies.get(bucket.policy, isPublicPolicy, undefined);
  const trustedByRestrict = id.kind === 'service' || id.accountId === bucket.accountId;
  if (bpa.settings.RestrictPublicBuckets && publicPolicy && !trustedByRestrict) {
    policyRestricted = true;
    gates.push(
      gateVerdict({
        gate: 's3-bpa',
        side: 'target',
        account,
        allow: REFUSED,
        reason: 'RestrictPublicBuckets is on and the bucket policy is public: only AWS service principals and principals of the bucket owner\'s account keep access (docs/aws-authorization.md#s3-block-public-access)',
      }),
    );
  }
  if (aclsInForce(bucket)) {
    // Object writes are bucket permissions (WRITE on the bucket, docs/aws-authorization.md#s3-acl-permissions); reads of an object are the object ACL's.
    const useObjectAcl = onObject && !isBucketAclAction(action);
    const acl = useObjectAcl ? resource.entry?.object?.acl : bucket.s3?.acl;
    if (acl && isUncollected(acl)) {
      aclGrant = UNDETERMINED;
      missing.push(`the ACL of ${bucket.arn}`);
    } else if (acl) {
      const r = aclAllows(acl, id, action, useObjectAcl, bpa.settings.IgnorePublicAcls);
      if (r.allows) {
        aclGrant = ALLOWED;
        aclViaAccount = r.viaAccount;
        if (bpa.settings.BlockPublicAcls && !bpa.settings.IgnorePublicAcls && !r.viaAccount) assumptions.push(BLOCK_PUBLIC_ACLS_EXISTING_ACL);
      }
      gates.push(
        gateVerdict({
          gate: 's3-acl',
          side: 'target',
          account: onObject && objectOwner ? objectOwner : account,
          allow: aclGrant,
          reason: r.allows ? `the ${onObject ? 'object' : 'bucket'} ACL grants ${r.grant?.permission} to ${r.grant?.grantee}` : `the ${onObject ? 'object' : 'bucket'} ACL grants nothing that covers it`,
        }),
      );
    }
  }
  return {
    policyRestricted,
    s3Gates: gates,
    s3Missing: missing,
    s3Assumptions: assumptions,
    aclGrant,
    aclViaAccount,
    objectForeignOwner,
  };
}

/**
 * "AssumeRoleWithSAML will not work on IAM Identity Center managed roles. These roles' names start
 * with AWSReservedSSO_" (docs/aws-authorization.md#identity-center-no-saml-assumption): people sign
 * in to them through IAM Identity Center, whatever the trust policy names.
 */
function identityCenterSamlRefusal(resource: ResolvedResource, action: string, account: string): GateVerdict | undefined {
  if (action !== 'sts:assumerolewithsaml' || !resource.role?.name.startsWith('AWSReservedSSO_')) return undefined;
  return refusal('trust', account, `AssumeRoleWithSAML does not work on IAM Identity Center roles (AWSReservedSSO_*): people sign in to ${resource.role.name} through IAM Identity Center (docs/aws-authorization.md#identity-center-no-saml-assumption)`);
}

/**
 * A key that is not `Enabled` (disabled, pending deletion or import, unavailable…) cannot be used
 * in cryptographic operations, whoever asks (docs/aws-authorization.md#kms-key-state). A state that
 * was not collected refuses nothing.
 */
function keyStateRefusal(resource: ResolvedResource, action: string, account: string, isKms: boolean): GateVerdict | undefined {
  const state = resource.entry?.kms?.keyState;
  if (!isKms || !keyStateRefuses(state, action)) return undefined;
  return gateVerdict({
    gate: 'key-state',
    side: 'target',
    account,
    allow: REFUSED,
    reason: `${resource.arn} is in the key state ${state}: only an Enabled key can be used in cryptographic operations, whatever the policies say (docs/aws-authorization.md#kms-key-state)`,
  });
}

/** The refusals that do not depend on any policy, in the order `evaluateTarget` meets them. */
function refusalOf(
  id: CallerIdentity,
  action: string,
  account: string,
  gateId: TargetFacts['gateId'],
  isIam: boolean,
  sameAccount: boolean,
  isKms: boolean,
  isTrust: boolean,
): GateVerdict | undefined {
  if (!isIam) {
    // A SAML or OIDC identity acts only by assuming a role with it (docs/aws-authorization.md#service-principal-trust); its session then calls AWS.
    if ((id.kind === 'saml' || id.kind === 'web-identity') && !action.startsWith('sts:assumerolewith')) {
      return refusal(gateId, account, `${id.arn} is an identity provider: it can only be used to assume a role (docs/aws-authorization.md#service-principal-trust)`);
    }
    return undefined;
  }
  // Role assumption by a root user is not possible (docs/aws-authorization.md#trust-role-arn-matches-sessions, #root-assume-role-error).
  if (isTrust && id.kind === 'root' && action.startsWith('sts:assumerole')) return refusal('trust', account, 'the root user cannot assume a role (docs/aws-authorization.md#trust-role-arn-matches-sessions)');
  // docs/aws-authorization.md#kms-cross-account-both-sides: only some KMS operations can be effective across accounts.
  if (!sameAccount && isKms && !isCrossAccountKmsOperation(action)) {
    return refusal('key-policy', account, `${action} is never effective across accounts, whatever the policies say (docs/aws-authorization.md#kms-cross-account-both-sides)`);
  }
  return undefined;
}

function refusal(gate: GateId, account: string, reason: string): GateVerdict {
  return gateVerdict({ gate, side: 'target', account, allow: REFUSED, reason });
}

/** The target side's say: what it grants (combined with the caller's), what it denies, and its report. */
export interface TargetVerdict extends GatePart {
  readonly grant: Bounds;
  /** The target-side gate that grants, for `decidedBy` of an Allow. */
  readonly grantingGate?: GateId;
}

/**
 * The resource's side and how it combines with the caller's (docs/aws-authorization.md#engine-trust-policy): the resource,
 * trust or key policy, S3 ACLs and Block Public Access, KMS grants, and the same-account and
 * cross-account rules.
 */
export function evaluateTarget(f: TargetFacts, id: CallerIdentity, req: MatchRequest, callerSide: CallerSide | undefined): TargetVerdict {
  const gates: GateVerdict[] = [];
  const missing: string[] = [];
  const assumptions: Assumption[] = [];
  const say = targetSay(f, id, req, callerSide, gates, missing, assumptions);
  return { grant: say.grant, deny: say.deny, grantingGate: say.grantingGate, gates, missing, assumptions };
}

/** What the target grants and denies; its gates, missing data and assumptions go into the lists given. */
function targetSay(
  f: TargetFacts,
  id: CallerIdentity,
  req: MatchRequest,
  callerSide: CallerSide | undefined,
  gates: GateVerdict[],
  missing: string[],
  assumptions: Assumption[],
): { grant: Bounds; deny: Bounds; grantingGate?: GateId } {
  const say = policySay(f, id, req, callerSide, gates, missing, assumptions);
  if (!f.bucketSide || f.missingGate) return say;
  let { grant, deny } = say;
  // A VPC access point refuses requests from anywhere else (docs/aws-authorization.md#s3-access-point-network-origin).
  if (f.networkOrigin) {
    const e = evaluatePreparedPolicy(f.networkOrigin, req);
    appendAll(missing, e.problems);
    if (e.deny.hi.kind !== 'false') {
      gates.push(
        gateVerdict({
          gate: 'access-point',
          side: 'target',
          account: f.account,
          allow: REFUSED,
          deny: e.deny,
          statements: e.statements,
          reason: 'the access point takes requests from its VPC only (network origin VPC), and aws:SourceVpc is not that VPC (docs/aws-authorization.md#s3-access-point-network-origin)',
        }),
      );
      deny = either(deny, e.deny);
    }
  }
  // The bucket must permit the request too: its policy, for the object in the bucket, with the access point's keys (docs/aws-authorization.md#s3-access-points).
  const b = f.bucketSide;
  assumptions.push(S3_ACCESS_POINT_BUCKET_SIDE);
  if (b.policy) {
    const e = evaluatePreparedPolicy(b.policy, { ...req, resource: b.resourceArn });
    appendAll(missing, e.problems);
    const allow = b.restricted ? REFUSED : e.allow;
    gates.push(
      gateVerdict({
        gate: 'resource',
        side: 'target',
        account: b.account,
        allow,
        deny: e.deny,
        statements: e.statements,
        reason:
          e.deny.lo.kind === 'true'
            ? 'the bucket policy denies it'
            : b.restricted
              ? 'RestrictPublicBuckets of the bucket voids its public policy for callers outside its account (docs/aws-authorization.md#s3-block-public-access)'
              : allow.lo.kind === 'true'
                ? 'the bucket policy permits it through the access point'
                : allow.hi.kind === 'false'
                  ? 'the bucket policy does not permit it through the access point (docs/aws-authorization.md#s3-access-point-bucket-delegation)'
                  : 'the bucket policy permits it through the access point only under a condition',
      }),
    );
    grant = both(grant, allow);
    deny = either(deny, e.deny);
  } else {
    gates.push(b.fixedGate!);
    if (b.uncollected !== undefined) missing.push(b.uncollected);
    grant = both(grant, b.uncollected !== undefined ? UNDETERMINED : REFUSED);
  }
  return { grant, deny, ...(say.grantingGate ? { grantingGate: say.grantingGate } : {}) };
}

/** The resource-based policy's say and how it combines with the caller's. */
function policySay(
  f: TargetFacts,
  id: CallerIdentity,
  req: MatchRequest,
  callerSide: CallerSide | undefined,
  gates: GateVerdict[],
  missing: string[],
  assumptions: Assumption[],
): { grant: Bounds; deny: Bounds; grantingGate?: GateId } {
  const gateId = f.gateId;
  if (f.accountless && callerSide) return { grant: callerSide.granted, deny: REFUSED, grantingGate: 'identity' };
  if (f.missingGate) {
    gates.push(f.missingGate);
    return { grant: REFUSED, deny: REFUSED };
  }
  if (f.factsAssumption !== undefined) assumptions.push(f.factsAssumption);

  // The resource-based policy.
  let e: PolicyEvaluation | undefined;
  if (f.policy) {
    e = evaluatePreparedPolicy(f.policy, req);
    appendAll(missing, e.problems);
  }
  const deny: Bounds = e ? e.deny : REFUSED;
  const policyUnknown = f.policyUncollected !== undefined;
  appendAll(gates, f.s3Gates);
  appendAll(missing, f.s3Missing);
  appendAll(assumptions, f.s3Assumptions);
  const aclGrant = f.aclGrant;

  // KMS grants (docs/aws-authorization.md#kms-grants, #kms-cross-account-grants).
  let grantAllow: Bounds = REFUSED;
  let grantViaAccount = false;
  if (f.grantsUncollected !== undefined) {
    missing.push(f.grantsUncollected);
    grantAllow = UNDETERMINED;
  } else if (f.grants && f.grants.length > 0) {
    for (const g of f.grants) {
      const r = grantAllows(g, id, req.action, req.ctx);
      if (r.matches.kind === 'false') continue;
      grantAllow = either(grantAllow, exact(r.matches));
      grantViaAccount ||= r.viaAccount;
    }
    gates.push(gateVerdict({ gate: 'grant', side: 'target', account: f.account, allow: grantAllow, reason: grantAllow === REFUSED ? 'no grant covers it' : 'a grant covers it' }));
  }

  // The resource policy gate's own verdict.
  const resourceAllow = policyAllows(e, policyUnknown, f.policyRestricted);
  if (e) {
    gates.push(
      gateVerdict({ gate: gateId, side: 'target', account: f.account, allow: resourceAllow, deny, statements: e.statements, reason: evaluatedPolicyReason(e, resourceAllow, deny, f.words) }),
    );
  } else {
    gates.push(f.fixedPolicyGate!);
  }
  if (policyUnknown) missing.push(f.policyUncollected!);

  // Bucket-policy grants do not reach an object another account owns: only its ACL does (docs/aws-authorization.md#s3-user-context, #s3-object-ownership).
  if (f.objectForeignOwner !== undefined) {
    const ownerSide = id.accountId === f.objectForeignOwner;
    const granted = callerSide ? callerSide.granted : ALLOWED;
    const grant = ownerSide ? either(granted, aclGrant) : both(aclGrant, callerSide && id.kind !== 'root' ? granted : ALLOWED);
    return { grant, deny, grantingGate: 's3-acl' };
  }

  if (f.refusalGate) {
    gates.push(f.refusalGate);
    return { grant: REFUSED, deny };
  }

  // Callers without an identity of their own: service principals, anonymous, SAML / OIDC (docs/aws-authorization.md#engine-same-account, #service-principal-trust).
  if (!callerSide) {
    const grant = either(resourceAllow, aclGrant);
    return { grant, deny, grantingGate: aclGrant === ALLOWED ? 's3-acl' : gateId };
  }

  const granted = callerSide.granted;
  const limits = callerSide.limits;

  if (!f.sameAccount) {
    // Cross-account: both sides must allow (docs/aws-authorization.md#cross-account-both-sides, #cross-account-assume-role, #kms-cross-account-both-sides).
    const callerGrants = id.kind === 'root' ? ALLOWED : granted;
    const viaPolicy = both(resourceAllow, callerGrants);
    const viaAcl = both(aclGrant, callerGrants);
    const viaGrant = grantAllow === REFUSED ? REFUSED : both(grantAllow, grantViaAccount ? callerGrants : limits);
    if (grantAllow !== REFUSED) assumptions.push(KMS_CROSS_ACCOUNT_GRANTS);
    const grant = eitherAll(viaPolicy, viaAcl, viaGrant);
    const grantingGate = viaGrant.lo.kind === 'true' ? 'grant' : viaAcl.lo.kind === 'true' ? 's3-acl' : gateId;
    return { grant, deny, grantingGate };
  }

  // Same account (docs/aws-authorization.md#same-account-either-side–docs/aws-authorization.md#same-account-wildcard-principal, #engine-algorithm).
  const mustAllowExplicitly = f.mustAllowExplicitly;
  if (id.kind === 'root') {
    const grant = mustAllowExplicitly ? resourceAllow : ALLOWED;
    return { grant, deny, grantingGate: mustAllowExplicitly ? gateId : 'identity' };
  }
  const callerIsRoleLike = id.kind === 'role-session' || id.kind === 'federated-user';
  const direct = policyAllows(e, policyUnknown, f.policyRestricted, callerIsRoleLike ? NAMED_SESSION : NAMED_SESSION_OR_ANYONE);
  const limited = policyAllows(e, policyUnknown, f.policyRestricted, callerIsRoleLike ? NAMED_ROLE_OR_ANYONE : NAMED_ROLE);
  if (callerIsRoleLike && e?.hasKind('wildcard')) assumptions.push(SAME_ACCOUNT_WILDCARD_ROLE_SESSION);
  const viaAccount = mustAllowExplicitly ? both(policyAllows(e, policyUnknown, f.policyRestricted, NAMED_ACCOUNT), granted) : granted;
  const viaGrant = grantAllow === REFUSED ? REFUSED : both(grantAllow, grantViaAccount ? granted : limits);
  const viaAcl = f.aclViaAccount ? both(aclGrant, granted) : REFUSED;
  const limitedGrants = both(limited, limits);
  const grant = eitherAll(direct, limitedGrants, viaAccount, viaGrant, viaAcl);
  if (f.isTrust && (direct !== REFUSED || limited !== REFUSED)) assumptions.push(SAME_ACCOUNT_TRUST_NAMES_CALLER);
  if (!mustAllowExplicitly && e?.hasKind('account')) assumptions.push(SAME_ACCOUNT_ACCOUNT_PRINCIPAL);
  const targetGrants = either(direct, limitedGrants);
  const grantingGate: GateId = targetGrants.lo.kind === 'true' ? gateId : viaGrant.lo.kind === 'true' ? 'grant' : mustAllowExplicitly ? gateId : 'identity';
  return { grant, deny, grantingGate };
}

/** The working assumptions named by their rules reference entry alone, built once. */
const BLOCK_PUBLIC_ACLS_EXISTING_ACL = ruleAssumption('block-public-acls-existing-acl');
const KMS_CROSS_ACCOUNT_GRANTS = ruleAssumption('kms-cross-account-grants');
const S3_ACCESS_POINT_BUCKET_SIDE = ruleAssumption('s3-access-point-bucket-side');
const SAME_ACCOUNT_WILDCARD_ROLE_SESSION = ruleAssumption('same-account-wildcard-role-session');
const SAME_ACCOUNT_TRUST_NAMES_CALLER = ruleAssumption('same-account-trust-names-caller');
const SAME_ACCOUNT_ACCOUNT_PRINCIPAL = ruleAssumption('same-account-account-principal');

function appendAll<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}

// How a resource policy can name the caller, grouped by what still limits the grant (docs/aws-authorization.md#same-account-resource-policy-principal).
const NAMED_SESSION: readonly PrincipalMatchKind[] = ['session', 'user'];
const NAMED_SESSION_OR_ANYONE: readonly PrincipalMatchKind[] = ['session', 'user', 'wildcard'];
const NAMED_ROLE: readonly PrincipalMatchKind[] = ['role', 'issuer'];
const NAMED_ROLE_OR_ANYONE: readonly PrincipalMatchKind[] = ['role', 'issuer', 'wildcard'];
const NAMED_ACCOUNT: readonly PrincipalMatchKind[] = ['account'];

/** What the resource-based policy grants, optionally only through principals named in `kinds`. */
function policyAllows(e: PolicyEvaluation | undefined, unknown: boolean, restricted: boolean, kinds?: readonly PrincipalMatchKind[]): Bounds {
  if (restricted) return REFUSED;
  if (unknown) return UNDETERMINED;
  if (!e) return REFUSED;
  return kinds ? e.allowOfKinds(kinds) : e.allow;
}

/** The reasons of the resource policy gate, made once per gate kind. */
const POLICY_WORDS = Object.fromEntries(
  (['resource', 'trust', 'key-policy', 'access-point'] as const).map((gate) => {
    const what = gate === 'trust' ? 'the trust policy' : gate === 'key-policy' ? 'the key policy' : gate === 'access-point' ? 'the access point policy' : 'the resource policy';
    return [
      gate,
      {
        what,
        denies: `${what} denies it`,
        allows: `${what} allows it`,
        namesNoOne: `no statement in ${what} allows this principal`,
        partly: `${what} could not be fully evaluated`,
        conditional: `${what} allows it only under a condition`,
      },
    ];
  }),
) as Record<TargetFacts['gateId'], PolicyWords>;

interface PolicyWords {
  readonly what: string;
  readonly denies: string;
  readonly allows: string;
  readonly namesNoOne: string;
  readonly partly: string;
  readonly conditional: string;
}

function noPolicyReason(arn: string, gate: TargetFacts['gateId']): string {
  if (gate === 'access-point') return `${arn} has no access point policy`;
  return gate === 'trust' ? `${arn} has no trust policy` : `${arn} has no ${gate === 'key-policy' ? 'key' : 'resource'} policy`;
}

function evaluatedPolicyReason(e: PolicyEvaluation, allow: Bounds, deny: Bounds, words: PolicyWords): string {
  if (deny.lo.kind === 'true') return words.denies;
  if (allow.lo.kind === 'true') return words.allows;
  if (allow.hi.kind === 'false') return words.namesNoOne;
  if (e.problems.length > 0) return words.partly;
  return words.conditional;
}

function blockPublicAccessOf(estate: Estate, bucket: Resource): BlockPublicAccessInForce {
  return tables.blockPublicAccess.get(bucket, blockPublicAccessInForce, estate);
}

function blockPublicAccessInForce(bucket: Resource, estate: Estate): BlockPublicAccessInForce {
  return effectiveBlockPublicAccess(bucket.s3?.blockPublicAccess, estate.accounts.get(bucket.accountId)?.s3BlockPublicAccess);
}
