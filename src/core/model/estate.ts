import type { Policy } from '../policy/policy-types.js';
import type { SourceLocation } from '../diagnostics.js';
import type { IdentityCenterInstance } from './identity-center.js';

/**
 * The estate: what trustmap knows of an AWS Organization and its accounts, whatever it was loaded
 * from (scenario file, snapshot folder, authorization-details export). Everything here is plain
 * data; loaders build it and the engine reads it.
 *
 * Absent is not unknown (snapshot-layout.md): fields distinguish "recorded as none" (null or an
 * empty list) from "not collected" (the `Uncollected` marker or an explicit `collected: false`).
 */
export interface Uncollected {
  readonly uncollected: true;
  /** What is missing, in words a user can act on (`the key policy of arn:aws:kms:…`). */
  readonly what: string;
  /** The AWS error recorded at collection, such as `AccessDenied`, where there was one. */
  readonly error?: string;
}

export function isUncollected(x: unknown): x is Uncollected {
  return typeof x === 'object' && x !== null && (x as Uncollected).uncollected === true;
}

export type Tags = Readonly<Record<string, string>>;

export interface Estate {
  readonly partition: string;
  /**
   * `collected`: the organization (if any) is described by `organization`;
   * `none`: the accounts belong to no organization;
   * `not-collected`: they may belong to one we could not read (SCPs/RCPs are assumed not to restrict,
   * and answers say so).
   */
  readonly organizationStatus: 'collected' | 'none' | 'not-collected';
  readonly organization?: Organization;
  readonly accounts: ReadonlyMap<string, Account>;
  /** Resources by ARN (S3 objects with facts of their own are resources too). */
  readonly resources: ReadonlyMap<string, Resource>;
  /**
   * KMS alias ARN → the key ARN it points at (`list-aliases`), so a key named by alias can be
   * found. Undefined when the input recorded no aliases (scenario files).
   */
  readonly kmsAliases?: ReadonlyMap<string, string>;
  /**
   * IAM Identity Center instances by identity store id (identity-center.ts). Undefined when the
   * input recorded none: Identity Center was not collected, or the estate does not use it.
   */
  readonly identityCenter?: ReadonlyMap<string, IdentityCenterInstance>;
  /**
   * The moment the estate stands for, ISO 8601 in UTC (`2026-11-28T09:00:00Z`): the snapshot
   * manifest's `collectedAt`, or a scenario's. Absent when the input does not say.
   */
  readonly collectedAt?: string;
}

export interface Organization {
  readonly id: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  /** Whether SCPs / RCPs are enabled at all (`list-roots` PolicyTypes). */
  readonly scpsEnabled: boolean;
  readonly rcpsEnabled: boolean;
  /** Root, OUs and accounts, by id. */
  readonly nodes: ReadonlyMap<string, OrgNode>;
}

export interface OrgNode {
  readonly id: string;
  readonly kind: 'root' | 'ou' | 'account';
  readonly name?: string;
  /** Undefined for the root. */
  readonly parentId?: string;
  /**
   * SCPs attached at this level (FullAWSAccess included when attached). Uncollected when the
   * attachments could not be read.
   */
  readonly scps: readonly Policy[] | Uncollected;
  /** Customer RCPs attached at this level; RCPFullAWSAccess is implied and not listed. */
  readonly rcps: readonly Policy[] | Uncollected;
}

export interface Account {
  readonly id: string;
  readonly name?: string;
  /** Canonical user id for S3 ACLs, where known. */
  readonly canonicalId?: string;
  /** False when the account's IAM data was not collected (an outsider named in a policy). */
  readonly iamCollected: boolean;
  /**
   * Set when the account's IAM is known in part only, and why: its entities were named in another
   * account's export, its own export was not read. Coverage counts it as not collected.
   */
  readonly iamPartial?: string;
  readonly users: ReadonlyMap<string, User>; // by name
  readonly roles: ReadonlyMap<string, Role>; // by name
  readonly groups: ReadonlyMap<string, Group>; // by name
  readonly identityProviders: readonly IdentityProvider[];
  readonly trails: readonly Trail[];
  /** Account-level S3 Block Public Access; undefined = recorded as none (all false). */
  readonly s3BlockPublicAccess?: BlockPublicAccess | Uncollected;
  /**
   * The services (`s3`, `kms`, `sqs`, `sns`, `lambda`, `secretsmanager`) whose resources were
   * enumerated for this account. A resource of a service not listed here may exist with a policy
   * nobody read. Undefined means every service (a scenario describes its whole world).
   */
  readonly collectedServices?: readonly string[];
  /**
   * The account's VPC endpoints (`ec2 describe-vpc-endpoints`, every region read). Undefined: not
   * collected; an endpoint not listed may then exist with a policy nobody read.
   */
  readonly vpcEndpoints?: readonly VpcEndpoint[];
  readonly source?: SourceLocation;
}

/**
 * A VPC endpoint: requests sent through it (`aws:SourceVpce`) are also evaluated against its
 * policy, which only ever restricts (docs/aws-authorization.md#vpc-endpoint-policy).
 */
export interface VpcEndpoint {
  /** `vpce-…`. */
  readonly id: string;
  readonly vpcId?: string;
  /** `com.amazonaws.<region>.s3` (an AWS service), or the name of another endpoint service. */
  readonly serviceName: string;
  readonly region?: string;
  readonly type?: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  /** The account that owns the endpoint. */
  readonly accountId: string;
  /** The endpoint policy; null = none attached, which is the default full-access policy. */
  readonly policy: Policy | null;
  readonly source?: SourceLocation;
}

export interface PrincipalBase {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly accountId: string;
  /** AIDA… / AROA… unique id, where known. */
  readonly id?: string;
  readonly policies: readonly Policy[];
  readonly boundary?: Policy | Uncollected;
  readonly tags: Tags;
  /**
   * The VPC endpoint (`vpce-…`) this user's or role's calls are sent through, where the estate
   * says so (scenario files): its requests carry `aws:SourceVpce` unless the question gives it.
   */
  readonly sourceVpce?: string;
  readonly source?: SourceLocation;
}

export interface User extends PrincipalBase {
  readonly kind: 'user';
  readonly groups: readonly string[];
  readonly accessKeys: ReadonlyArray<{ readonly id: string; readonly status: string }>;
}

export interface Role extends PrincipalBase {
  readonly kind: 'role';
  readonly trustPolicy?: Policy;
  /** Path starts with /aws-service-role/ (SCPs and RCPs do not apply, docs/aws-authorization.md#scp-exemptions, #rcp-supported-services). */
  readonly isServiceLinked: boolean;
  /** The instance profiles that carry this role (EC2 instances act as it), where collected. */
  readonly instanceProfiles?: ReadonlyArray<{ readonly arn: string; readonly name: string }>;
  /** `RoleLastUsed` of the authorization-details export: the last time the role was assumed, as IAM tracks it (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html). `null`: the export says no use is recorded; absent: not collected. */
  readonly lastUsed?: { readonly date: string; readonly region?: string } | null;
}

export interface Group {
  readonly name: string;
  readonly arn: string;
  readonly policies: readonly Policy[];
}

export interface IdentityProvider {
  readonly arn: string;
  readonly kind: 'saml' | 'oidc';
}

export interface Trail {
  readonly arn: string;
  readonly bucket?: string;
  readonly kmsKeyArn?: string;
  readonly organization: boolean;
}

export interface BlockPublicAccess {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

export type ResourceType = 'bucket' | 'object' | 'access-point' | 'queue' | 'topic' | 'function' | 'secret' | 'key' | 'other';

/**
 * An S3 access point (`arn:aws:s3:<region>:<account>:accesspoint/<name>`, docs/aws-authorization.md#s3-access-points):
 * its bucket, the bucket's owner where it differs, its network origin and its own Block Public Access.
 */
export interface AccessPointFacts {
  readonly name: string;
  readonly bucket: string;
  /** The bucket owner's account where it is not the access point's (cross-account access points). */
  readonly bucketAccountId?: string;
  readonly networkOrigin: 'Internet' | 'VPC';
  /** `VPC` network origin: the only VPC it takes requests from. */
  readonly vpcId?: string;
  readonly blockPublicAccess?: BlockPublicAccess | Uncollected;
}

export interface AclGrant {
  /** An account id, a canonical user id, `AllUsers` or `AuthenticatedUsers`. */
  readonly grantee: string;
  readonly permission: 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';
}

export interface Acl {
  readonly owner: string;
  readonly grants: readonly AclGrant[];
}

export interface Resource {
  readonly arn: string;
  readonly type: ResourceType;
  /** The service prefix (`s3`, `sqs`, `kms`…). */
  readonly service: string;
  readonly accountId: string;
  readonly region?: string;
  /** The resource policy (key policy for keys). null = recorded as none; Uncollected = unknown. */
  readonly policy: Policy | null | Uncollected;
  readonly tags: Tags | Uncollected;
  /** Queues, topics, secrets, objects: the KMS key that encrypts them. */
  readonly kmsKeyArn?: string;
  readonly s3?: S3BucketFacts;
  /** S3 objects: the owning account where it differs from the bucket owner, and its ACL. */
  readonly object?: { readonly owner?: string; readonly acl?: Acl };
  readonly kms?: KmsKeyFacts;
  /** S3 access points: what the access point is (its policy is `policy`). */
  readonly accessPoint?: AccessPointFacts;
  readonly source?: SourceLocation;
}

export interface S3BucketFacts {
  readonly objectOwnership: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  readonly blockPublicAccess?: BlockPublicAccess | Uncollected;
  readonly acl?: Acl | Uncollected;
  readonly defaultKmsKeyArn?: string;
}

export interface KmsGrant {
  readonly granteePrincipal: string;
  readonly operations: readonly string[];
  readonly constraints?: {
    readonly encryptionContextEquals?: Readonly<Record<string, string>>;
    readonly encryptionContextSubset?: Readonly<Record<string, string>>;
  };
  readonly grantId?: string;
}

export interface KmsKeyFacts {
  readonly keyManager: 'CUSTOMER' | 'AWS';
  readonly grants: readonly KmsGrant[] | Uncollected;
  /**
   * The key state (`KeyMetadata.KeyState` of `aws kms describe-key`: `Enabled`, `Disabled`,
   * `PendingDeletion`, `PendingImport`, `Unavailable`, `PendingReplicaDeletion`, `Creating`,
   * `Updating`); absent when it was not collected. A key that is not `Enabled` refuses the
   * cryptographic operations (docs/aws-authorization.md#kms-key-state).
   */
  readonly keyState?: string;
}
