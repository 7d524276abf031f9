import { isUncollected, type Acl, type AclGrant, type BlockPublicAccess, type Resource, type Uncollected } from '../model/estate.js';
import type { CallerIdentity } from '../policy/principal-matcher.js';
import { assumption, type Assumption } from './result.js';

/** What each ACL permission lets a grantee do (docs/aws-authorization.md#s3-acl-permissions). */
const BUCKET_PERMISSIONS: Record<AclGrant['permission'], readonly string[]> = {
  READ: ['s3:listbucket', 's3:listbucketversions', 's3:listbucketmultipartuploads'],
  WRITE: ['s3:putobject', 's3:deleteobject', 's3:deleteobjectversion'],
  READ_ACP: ['s3:getbucketacl'],
  WRITE_ACP: ['s3:putbucketacl'],
  FULL_CONTROL: [],
};
const OBJECT_PERMISSIONS: Record<AclGrant['permission'], readonly string[]> = {
  READ: ['s3:getobject', 's3:getobjectversion', 's3:getobjecttorrent'],
  WRITE: [],
  READ_ACP: ['s3:getobjectacl', 's3:getobjectversionacl'],
  WRITE_ACP: ['s3:putobjectacl', 's3:putobjectversionacl'],
  FULL_CONTROL: [],
};

export const PUBLIC_GRANTEES = new Set(['AllUsers', 'AuthenticatedUsers', 'http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers']);

const BUCKET_ACL_ACTIONS = new Set(Object.values(BUCKET_PERMISSIONS).flat());

/** Whether the bucket's ACL (not an object's) is the one that can grant the action. */
export function isBucketAclAction(action: string): boolean {
  return BUCKET_ACL_ACTIONS.has(action);
}

export function isObjectAction(action: string): boolean {
  return /^s3:(get|put|delete|restore|abortmultipartupload|listmultipartuploadparts|replicate)/.test(action) && action.includes('object');
}

const BPA_UNREADABLE = {
  bucket: assumption('bpa-unreadable', 'the bucket-level Block Public Access settings could not be read; assumed off'),
  account: assumption('bpa-unreadable', 'the account-level Block Public Access settings could not be read; assumed off'),
} as const;

/** The Block Public Access settings in force for a bucket, and the assumptions where some could not be read. */
export interface BlockPublicAccessInForce {
  readonly settings: BlockPublicAccess;
  readonly uncollected: readonly Assumption[];
}

/** The four BPA settings in force: the most restrictive of bucket and account (docs/aws-authorization.md#s3-block-public-access). */
export function effectiveBlockPublicAccess(bucket: BlockPublicAccess | Uncollected | undefined, account: BlockPublicAccess | Uncollected | undefined): BlockPublicAccessInForce {
  const uncollected: Assumption[] = [];
  const parts: BlockPublicAccess[] = [];
  for (const [what, s] of [['bucket', bucket], ['account', account]] as const) {
    if (!s) continue;
    if (isUncollected(s)) uncollected.push(BPA_UNREADABLE[what]);
    else parts.push(s);
  }
  const any = (k: keyof BlockPublicAccess) => parts.some((p) => p[k]);
  return {
    settings: {
      BlockPublicAcls: any('BlockPublicAcls'),
      IgnorePublicAcls: any('IgnorePublicAcls'),
      BlockPublicPolicy: any('BlockPublicPolicy'),
      RestrictPublicBuckets: any('RestrictPublicBuckets'),
    },
    uncollected,
  };
}

/** Whether an ACL grants the action to the caller; `viaAccount` marks grants to the caller's account. */
export function aclAllows(
  acl: Acl,
  caller: CallerIdentity,
  action: string,
  onObject: boolean,
  ignorePublic: boolean,
): { allows: boolean; grant?: AclGrant; viaAccount: boolean } {
  const table = onObject ? OBJECT_PERMISSIONS : BUCKET_PERMISSIONS;
  for (const g of acl.grants) {
    if (ignorePublic && PUBLIC_GRANTEES.has(g.grantee)) continue;
    const permits = g.permission === 'FULL_CONTROL' ? [...table.READ, ...table.WRITE, ...table.READ_ACP, ...table.WRITE_ACP] : table[g.permission];
    if (!permits.includes(action)) continue;
    if (g.grantee === 'AllUsers' || g.grantee.endsWith('/AllUsers')) return { allows: true, grant: g, viaAccount: false };
    if ((g.grantee === 'AuthenticatedUsers' || g.grantee.endsWith('/AuthenticatedUsers')) && caller.kind !== 'anonymous') {
      return { allows: true, grant: g, viaAccount: false };
    }
    if (caller.accountId !== undefined && (g.grantee === caller.accountId || (caller.canonicalId !== undefined && g.grantee === caller.canonicalId))) {
      return { allows: true, grant: g, viaAccount: true };
    }
  }
  return { allows: false, viaAccount: false };
}

export function aclsInForce(bucket: Resource): boolean {
  return (bucket.s3?.objectOwnership ?? 'BucketOwnerEnforced') !== 'BucketOwnerEnforced';
}
