import { isUncollected, type Organization, type OrgNode } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { policyText } from './export-scope.js';
import { organizationPolicyId } from './stable-ids.js';

export type OrganizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** One SCP or RCP of the organization, with every level it is attached to. */
export interface OrganizationPolicy {
  readonly id: string;
  readonly name: string;
  readonly type: OrganizationPolicyType;
  readonly awsManaged: boolean;
  /** The document as a JSON string, as `describe-policy` shows `Content`. */
  readonly content: string;
  readonly targets: readonly OrgNode[];
}

export interface OrganizationPolicies {
  readonly policies: readonly OrganizationPolicy[];
  /**
   * Levels whose SCPs or RCPs were not collected (or hold a policy without a document). They are
   * written as the targets of a policy whose `describe-policy` file is missing, which a reader takes
   * as "something unknown is attached here".
   */
  readonly unreadable: { readonly id: string; readonly targets: readonly OrgNode[] } | undefined;
  readonly notes: readonly string[];
}

const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** AWS's own policies: `FullAWSAccess` (the default SCP) and `RCPFullAWSAccess` (always attached, docs/aws-authorization.md#rcp-does-not-grant). */
export const AWS_MANAGED_ORGANIZATION_POLICIES = {
  SERVICE_CONTROL_POLICY: { id: 'p-FullAWSAccess', name: 'FullAWSAccess', content: ALLOW_ALL },
  RESOURCE_CONTROL_POLICY: { id: 'p-RCPFullAWSAccess', name: 'RCPFullAWSAccess', content: ALLOW_ALL },
} as const;

const KINDS = [
  { type: 'SERVICE_CONTROL_POLICY', prefix: 'scp', levels: (n: OrgNode) => n.scps, enabled: (o: Organization) => o.scpsEnabled },
  { type: 'RESOURCE_CONTROL_POLICY', prefix: 'rcp', levels: (n: OrgNode) => n.rcps, enabled: (o: Organization) => o.rcpsEnabled },
] as const;

/**
 * The organization's SCPs and RCPs, each once, from the policies the estate keeps per level. A
 * policy attached at several levels is one policy when its name and document agree; AWS's
 * `FullAWSAccess` keeps its id `p-FullAWSAccess`, and `RCPFullAWSAccess` is attached everywhere
 * RCPs are enabled, as AWS does.
 */
export function organizationPolicies(org: Organization): OrganizationPolicies {
  const nodes = [...org.nodes.values()].sort(nodeOrder);
  const grouped = new Map<string, { name: string; type: OrganizationPolicyType; content: string; targets: OrgNode[] }>();
  const unreadable = new Map<string, OrgNode>();
  const notes: string[] = [];
  for (const kind of KINDS) {
    if (!kind.enabled(org)) continue;
    for (const node of nodes) {
      const attached = kind.levels(node);
      if (isUncollected(attached)) {
        unreadable.set(node.id, node);
        notes.push(`the ${kind.prefix.toUpperCase()}s attached to \`${node.id}\` were not collected: written as a policy attached there whose content is missing, so readers take both its SCPs and RCPs as unknown`);
        continue;
      }
      attached.forEach((policy, i) => {
        if (policy.document === null || policy.document === undefined) {
          unreadable.set(node.id, node);
          notes.push(`\`${policy.name}\` has no document: written as a policy attached to \`${node.id}\` whose content is missing`);
          return;
        }
        const name = policyName(policy, kind.prefix, node.id, i);
        const content = policyText(policy.document);
        const key = `${kind.type}\n${name}\n${content}`;
        const group = grouped.get(key) ?? { name, type: kind.type, content, targets: [] };
        if (!group.targets.includes(node)) group.targets.push(node);
        grouped.set(key, group);
      });
    }
  }
  if (org.rcpsEnabled) {
    const { name, content } = AWS_MANAGED_ORGANIZATION_POLICIES.RESOURCE_CONTROL_POLICY;
    grouped.set(`RESOURCE_CONTROL_POLICY\n${name}\n${content}`, { name, type: 'RESOURCE_CONTROL_POLICY', content, targets: nodes });
  }
  return { policies: withIds([...grouped.values()]), unreadable: unreadableTarget(unreadable, nodes), notes };
}

/** `scp:DenyX@ou-1` → `DenyX`; a document written in place (`scp:0@ou-1`) is named for its level. */
function policyName(policy: Policy, prefix: 'scp' | 'rcp', nodeId: string, index: number): string {
  const match = /^(?:scp|rcp):(.+)@[^@]+$/.exec(policy.name);
  const base = match?.[1] ?? policy.name;
  return /^\d+$/.test(base) || base === '' ? `${prefix}-${nodeId}-${index}` : base;
}

function withIds(groups: ReadonlyArray<{ name: string; type: OrganizationPolicyType; content: string; targets: OrgNode[] }>): OrganizationPolicy[] {
  const taken = new Set<string>();
  const names = new Map<string, number>();
  return groups.map((group) => {
    const managed = AWS_MANAGED_ORGANIZATION_POLICIES[group.type];
    const awsManaged = group.name === managed.name && group.content === managed.content;
    // Names are unique in an organization: a second document under one name gets a suffix.
    const seen = names.get(`${group.type} ${group.name}`) ?? 0;
    names.set(`${group.type} ${group.name}`, seen + 1);
    const name = seen === 0 ? group.name : `${group.name}-${seen + 1}`;
    let id = awsManaged ? managed.id : organizationPolicyId(`${group.type}\n${name}\n${group.content}`);
    for (let n = 2; taken.has(id); n++) id = organizationPolicyId(`${group.type}\n${name}\n${group.content}\n${n}`);
    taken.add(id);
    return { id, name, type: group.type, awsManaged, content: group.content, targets: group.targets };
  });
}

function unreadableTarget(unreadable: ReadonlyMap<string, OrgNode>, nodes: readonly OrgNode[]): OrganizationPolicies['unreadable'] {
  if (unreadable.size === 0) return undefined;
  return { id: organizationPolicyId('not-collected'), targets: nodes.filter((n) => unreadable.has(n.id)) };
}

const KIND_ORDER: Readonly<Record<OrgNode['kind'], number>> = { root: 0, ou: 1, account: 2 };

/** Root first, then OUs, then accounts, each by id. */
export function nodeOrder(a: OrgNode, b: OrgNode): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
