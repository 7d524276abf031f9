import { isUncollected, type Estate, type OrgNode, type Uncollected } from '../../src/core/model/estate.js';
import type { Policy } from '../../src/core/policy/policy-types.js';

/**
 * What an estate says that decides answers, in plain data, so two estates loaded from different
 * inputs can be compared with `toEqual`. Left out: names and ids made up for the snapshot
 * (unique ids, canonical ids, grant ids), where each thing was read from, and account names. The
 * snapshot layout does not collect function tags, so they are left out too.
 */
export function estateOutline(estate: Estate): unknown {
  const org = estate.organization;
  return {
    partition: estate.partition,
    organizationStatus: estate.organizationStatus,
    organization: org && {
      id: org.id,
      managementAccountId: org.managementAccountId,
      rootId: org.rootId,
      scpsEnabled: org.scpsEnabled,
      rcpsEnabled: org.rcpsEnabled,
      nodes: [...org.nodes.values()].sort(byId).map((n: OrgNode) => ({ id: n.id, kind: n.kind, parentId: n.parentId, scps: documents(n.scps), rcps: documents(n.rcps) })),
    },
    accounts: [...estate.accounts.values()].sort(byId).map((a) => ({
      id: a.id,
      iamCollected: a.iamCollected,
      s3BlockPublicAccess: a.s3BlockPublicAccess,
      identityProviders: [...a.identityProviders].sort((x, y) => (x.arn < y.arn ? -1 : 1)),
      trails: [...a.trails].sort((x, y) => (x.arn < y.arn ? -1 : 1)),
      users: [...a.users.values()].sort(byName).map((u) => ({ arn: u.arn, path: u.path, groups: u.groups, accessKeys: u.accessKeys, tags: u.tags, policies: documents(u.policies), boundary: document(u.boundary) })),
      roles: [...a.roles.values()].sort(byName).map((r) => ({ arn: r.arn, path: r.path, tags: r.tags, policies: documents(r.policies), boundary: document(r.boundary), trust: document(r.trustPolicy), isServiceLinked: r.isServiceLinked })),
      groups: [...a.groups.values()].sort(byName).map((g) => ({ arn: g.arn, policies: documents(g.policies) })),
    })),
    resources: [...estate.resources.values()]
      .sort((x, y) => (x.arn < y.arn ? -1 : 1))
      .map((r) => ({
        arn: r.arn,
        type: r.type,
        service: r.service,
        accountId: r.accountId,
        region: r.region,
        policy: document(r.policy),
        tags: r.type === 'function' ? 'not in the snapshot layout' : isUncollected(r.tags) ? 'not collected' : r.tags,
        kmsKeyArn: r.kmsKeyArn,
        // No ACL recorded grants what an ACL of its owner alone grants: nothing.
        s3: r.s3 && { ...r.s3, acl: r.s3.acl === undefined ? { owner: r.accountId, grants: [] } : isUncollected(r.s3.acl) ? 'not collected' : r.s3.acl },
        kms: r.kms && {
          keyManager: r.kms.keyManager,
          // The writer writes `Enabled` for a key whose state was not recorded (docs/snapshot-writer.md).
          keyState: r.kms.keyState ?? 'Enabled',
          grants: isUncollected(r.kms.grants) ? 'not collected' : r.kms.grants.map(({ grantId: _, ...g }) => g) },
        accessPoint: r.accessPoint,
      })),
  };
}

function document(policy: Policy | Uncollected | null | undefined): unknown {
  if (policy === undefined || policy === null) return policy;
  if (isUncollected(policy)) return policy.error !== undefined ? `not collected (${policy.error})` : 'not collected';
  return policy.unusable !== undefined ? 'unusable' : policy.document;
}

/** Documents as a sorted list: the order of a principal's policies does not matter to AWS. */
function documents(policies: readonly Policy[] | Uncollected): unknown {
  if (isUncollected(policies)) return 'not collected';
  return policies.map((p) => JSON.stringify(document(p))).sort();
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
