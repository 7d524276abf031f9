import { isUncollected, type Estate, type OrgNode, type ResourceType } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { identityCenterLinks } from '../../core/model/identity-center-links.js';
import { peopleBehindRoles, type PeopleBehindRole } from '../identity-center/people-behind-roles.js';

/** One level of the organization tree, with the guardrails attached to it. */
export interface OrgLevel {
  readonly id: string;
  readonly kind: OrgNode['kind'];
  readonly name: string;
  readonly depth: number;
  /** Attached SCP and RCP names; `undefined` when they were not collected. */
  readonly scps?: readonly string[];
  readonly rcps?: readonly string[];
  /** Accounts: whether the estate holds their IAM. */
  readonly iamCollected?: boolean;
  readonly isManagement?: boolean;
}

/** The estate at a glance: what the report's first screen counts. */
export interface EstateOverview {
  readonly partition: string;
  readonly organization: { readonly status: Estate['organizationStatus']; readonly id?: string; readonly managementAccount?: string; readonly scpsEnabled?: boolean; readonly rcpsEnabled?: boolean };
  readonly accounts: number;
  readonly accountsWithIam: number;
  readonly organizationalUnits: number;
  readonly users: number;
  readonly usersWithAccessKeys: number;
  readonly roles: number;
  readonly identityProviders: number;
  readonly resources: Readonly<Partial<Record<ResourceType, number>>>;
  readonly scps: number;
  readonly rcps: number;
  /** Root first, then each OU's children depth-first (OUs before accounts, by name). */
  readonly tree: readonly OrgLevel[];
  /** IAM Identity Center, where the estate holds it: its size and who signs in where. */
  readonly identityCenter?: IdentityCenterOverview;
}

export interface IdentityCenterOverview {
  readonly instances: readonly string[];
  readonly users: number;
  readonly groups: number;
  readonly permissionSets: number;
  /** Accounts where some permission set is assigned to someone. */
  readonly accountsAssigned: number;
  /** Every role someone signs in as, by way in (a group's assignment or a direct one). */
  readonly people: readonly PeopleBehindRole[];
}

export function estateOverview(estate: Estate): EstateOverview {
  let users = 0;
  let usersWithAccessKeys = 0;
  let roles = 0;
  let providers = 0;
  let withIam = 0;
  for (const account of estate.accounts.values()) {
    if (account.iamCollected) withIam++;
    users += account.users.size;
    for (const u of account.users.values()) if (u.accessKeys.some((k) => k.status === 'Active')) usersWithAccessKeys++;
    roles += account.roles.size;
    providers += account.identityProviders.length;
  }
  const resources: Partial<Record<ResourceType, number>> = {};
  for (const r of estate.resources.values()) resources[r.type] = (resources[r.type] ?? 0) + 1;
  const org = estate.organization;
  const scps = new Set<Policy>();
  const rcps = new Set<Policy>();
  let ous = 0;
  for (const node of org?.nodes.values() ?? []) {
    if (node.kind === 'ou') ous++;
    if (!isUncollected(node.scps)) for (const p of node.scps) scps.add(p);
    if (!isUncollected(node.rcps)) for (const p of node.rcps) rcps.add(p);
  }
  return {
    partition: estate.partition,
    organization: {
      status: estate.organizationStatus,
      ...(org ? { id: org.id, managementAccount: org.managementAccountId, scpsEnabled: org.scpsEnabled, rcpsEnabled: org.rcpsEnabled } : {}),
    },
    accounts: estate.accounts.size,
    accountsWithIam: withIam,
    organizationalUnits: ous,
    users,
    usersWithAccessKeys,
    roles,
    identityProviders: providers,
    resources,
    scps: new Set([...scps].map((p) => p.name)).size,
    rcps: new Set([...rcps].map((p) => p.name)).size,
    tree: org ? treeOf(estate) : [],
    ...(estate.identityCenter ? { identityCenter: identityCenterOverview(estate) } : {}),
  };
}

function identityCenterOverview(estate: Estate): IdentityCenterOverview {
  const instances = [...estate.identityCenter!.values()];
  const size = (m: ReadonlyMap<string, unknown> | { readonly uncollected: true }): number => ('size' in m ? m.size : 0);
  const links = identityCenterLinks(estate);
  return {
    instances: instances.map((i) => i.identityStoreId),
    users: instances.reduce((n, i) => n + size(i.users), 0),
    groups: instances.reduce((n, i) => n + size(i.groups), 0),
    permissionSets: instances.reduce((n, i) => n + size(i.permissionSets), 0),
    accountsAssigned: new Set(instances.flatMap((i) => i.assignments.map((a) => a.accountId))).size,
    people: peopleBehindRoles(estate, links.byRole.keys()),
  };
}

function treeOf(estate: Estate): OrgLevel[] {
  const org = estate.organization!;
  const children = new Map<string, OrgNode[]>();
  for (const node of org.nodes.values()) {
    if (node.parentId === undefined) continue;
    const list = children.get(node.parentId) ?? [];
    list.push(node);
    children.set(node.parentId, list);
  }
  const out: OrgLevel[] = [];
  const seen = new Set<string>();
  const visit = (node: OrgNode, depth: number): void => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    const account = node.kind === 'account' ? estate.accounts.get(node.id) : undefined;
    out.push({
      id: node.id,
      kind: node.kind,
      name: node.name ?? account?.name ?? (node.kind === 'root' ? 'Root' : node.id),
      depth,
      ...(isUncollected(node.scps) ? {} : { scps: unique(node.scps) }),
      ...(isUncollected(node.rcps) ? {} : { rcps: unique(node.rcps) }),
      ...(node.kind === 'account' ? { iamCollected: account?.iamCollected ?? false, isManagement: node.id === org.managementAccountId } : {}),
    });
    const kids = (children.get(node.id) ?? []).sort((a, b) => rank(a) - rank(b) || nameOf(a).localeCompare(nameOf(b)));
    for (const kid of kids) visit(kid, depth + 1);
  };
  const root = org.nodes.get(org.rootId);
  if (root) visit(root, 0);
  return out;

  function nameOf(n: OrgNode): string {
    return n.name ?? estate.accounts.get(n.id)?.name ?? n.id;
  }
}

function rank(n: OrgNode): number {
  return n.kind === 'ou' ? 0 : 1;
}

function unique(policies: readonly Policy[]): string[] {
  return [...new Set(policies.map((p) => shortPolicyName(p.name)))];
}

/** `scp:FullAWSAccess@r-ex01` → `FullAWSAccess`: the level is already the tree's. */
export function shortPolicyName(name: string): string {
  return name.replace(/^(scp|rcp):/, '').replace(/@[^@]*$/, '');
}
