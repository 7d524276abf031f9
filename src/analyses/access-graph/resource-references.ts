import { isUncollected, type Estate } from '../../core/model/estate.js';
import { isPolicy, resolveResource } from '../../core/decision/resolve-resource.js';
import { statementMayAllow } from './action-index.js';
import type { GraphNode } from './graph-types.js';
import { referencesOf, type TrustReference } from './trust-references.js';

/**
 * Whom the target side of one request may grant: the principals its resource, bucket or key policy
 * names in an Allow statement for the action, the grantees of its KMS grants and S3 ACLs. A
 * necessary condition: a principal none of these names needs its own identity policy to grant.
 */
export interface ResourceReferences {
  readonly resourceAccount?: string;
  readonly references: readonly TrustReference[];
  /** An S3 ACL grants AllUsers or AuthenticatedUsers. */
  readonly publicAcl: boolean;
}

/** With `action` undefined, every Allow statement counts, whatever its actions and resources (for indexes). */
export function resourceReferences(estate: Estate, resourceArn: string, action: string | undefined): ResourceReferences {
  const lower = action?.toLowerCase();
  const resolved = resolveResource(estate, resourceArn, lower ?? '');
  const references: TrustReference[] = [];
  if (isPolicy(resolved.policy)) {
    for (const s of resolved.policy.statements) {
      const counts = lower === undefined ? s.effect === 'Allow' : statementMayAllow(s, lower, resourceArn);
      if (!counts || !s.principal) continue;
      // NotPrincipal in an Allow names everyone it does not list (docs/aws-authorization.md#not-principal).
      if (s.principal.negated) references.push({ kind: 'wildcard' });
      else references.push(...referencesOf(s));
    }
  }
  // A policy nobody could read may name anyone: every candidate is asked, and the engine answers Unknown.
  if (resolved.policy !== null && isUncollected(resolved.policy)) references.push({ kind: 'wildcard' });
  const grants = resolved.entry?.kms?.grants;
  if (grants && !isUncollected(grants)) {
    for (const g of grants) references.push(...referencesOfGrantee(g.granteePrincipal));
  }
  let publicAcl = false;
  for (const acl of [resolved.bucket?.s3?.acl, resolved.entry?.object?.acl]) {
    if (!acl || isUncollected(acl)) continue;
    for (const g of acl.grants) {
      if (g.grantee === 'AllUsers' || g.grantee === 'AuthenticatedUsers') publicAcl = true;
      else if (/^\d{12}$/.test(g.grantee)) references.push({ kind: 'account', accountId: g.grantee, partition: estate.partition });
    }
  }
  return { ...(resolved.accountId ? { resourceAccount: resolved.accountId } : {}), references, publicAcl };
}

function referencesOfGrantee(grantee: string): TrustReference[] {
  if (/^\d{12}$/.test(grantee)) return [{ kind: 'account', accountId: grantee, partition: 'aws' }];
  const m = /^arn:([^:]+):iam::(\d{12}):(root|role\/.+|user\/.+)$/.exec(grantee);
  if (!m) return grantee.endsWith('.amazonaws.com') ? [{ kind: 'service', service: grantee.toLowerCase() }] : [];
  if (m[3] === 'root') return [{ kind: 'account', accountId: m[2]!, partition: m[1]! }];
  return [{ kind: 'principal', arn: grantee, accountId: m[2]! }];
}

/** Whether the references may name the node (its ARN, its role ARN without path, its account, or anyone). */
export function referencesName(refs: ResourceReferences, node: GraphNode, uniqueId?: string): boolean {
  if (node.kind === 'public') return refs.publicAcl || refs.references.some((r) => r.kind === 'wildcard');
  for (const r of refs.references) {
    switch (r.kind) {
      case 'wildcard':
        return true;
      case 'account':
        if (node.accountId === r.accountId) return true;
        break;
      case 'principal':
        if (r.arn === node.id || r.arn === node.id.replace(/:role\/.*\//, ':role/')) return true;
        break;
      case 'unique-id':
        if (uniqueId !== undefined && r.id === uniqueId) return true;
        break;
      case 'service':
        if (node.kind === 'service' && node.id === r.service) return true;
        break;
      case 'federated':
        if (node.id === r.provider) return true;
        break;
    }
  }
  return refs.publicAcl && node.kind !== 'service';
}
