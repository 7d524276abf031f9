import type { Organization, OrgNode } from '../../core/model/estate.js';
import { fileAt, type ExportScope, type SnapshotFile } from './export-scope.js';
import { nodeOrder, organizationPolicies, type OrganizationPolicy, type OrganizationPolicyType } from './organization-policies.js';

const DIR = 'organization';
const TARGET_TYPES: Readonly<Record<OrgNode['kind'], string>> = { root: 'ROOT', ou: 'ORGANIZATIONAL_UNIT', account: 'ACCOUNT' };

/**
 * `organization/`: the tree (`list-roots`, `children/`) and the SCPs and RCPs with their targets,
 * in the shapes `aws organizations … --output json` prints.
 */
export function organizationFiles(org: Organization, scope: ExportScope): SnapshotFile[] {
  const { policies, unreadable, notes } = organizationPolicies(org);
  notes.forEach((note) => scope.omit(note));
  const parents = [...org.nodes.values()].filter((n) => n.kind !== 'account').sort(nodeOrder);
  return [
    ...fileAt(`${DIR}/describe-organization.json`, describeOrganization(org, scope.partition)),
    ...fileAt(`${DIR}/list-roots.json`, listRoots(org, scope.partition)),
    ...parents.flatMap((parent) => [
      ...fileAt(`${DIR}/children/${parent.id}.ous.json`, organizationalUnitsForParent(org, parent.id, scope.partition)),
      ...fileAt(`${DIR}/children/${parent.id}.accounts.json`, accountsForParent(org, parent.id, scope)),
    ]),
    ...policies.flatMap((policy) => [
      ...fileAt(`${DIR}/policies/${policy.id}.json`, describePolicy(policy, org, scope.partition)),
      ...fileAt(`${DIR}/targets/${policy.id}.json`, targetsForPolicy(policy.targets, org, scope.partition)),
    ]),
    ...(unreadable ? fileAt(`${DIR}/targets/${unreadable.id}.json`, targetsForPolicy(unreadable.targets, org, scope.partition)) : []),
  ];
}

function orgArn(partition: string, org: Organization, resource: string): string {
  return `arn:${partition}:organizations::${org.managementAccountId}:${resource}`;
}

/** The ARN AWS gives a root, OU or account of the organization. */
export function nodeArn(node: OrgNode, org: Organization, partition: string): string {
  const kind = node.kind === 'root' ? 'root' : node.kind === 'ou' ? 'ou' : 'account';
  return orgArn(partition, org, `${kind}/${org.id}/${node.id}`);
}

/** `aws organizations describe-organization`. SCPs and RCPs exist only with all features enabled. */
export function describeOrganization(org: Organization, partition: string): unknown {
  const management = org.managementAccountId;
  return {
    Organization: {
      Id: org.id,
      Arn: orgArn(partition, org, `organization/${org.id}`),
      FeatureSet: 'ALL',
      ...(management !== '' ? { MasterAccountArn: orgArn(partition, org, `account/${org.id}/${management}`), MasterAccountId: management } : {}),
    },
  };
}

/** `aws organizations list-roots`: `PolicyTypes` lists the policy types enabled at the root. */
export function listRoots(org: Organization, partition: string): unknown {
  const root = org.nodes.get(org.rootId) ?? { id: org.rootId, kind: 'root' as const, scps: [], rcps: [] };
  const enabled = [
    ...(org.scpsEnabled ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : []),
    ...(org.rcpsEnabled ? [{ Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' }] : []),
  ];
  return { Roots: [{ Id: root.id, Arn: nodeArn(root, org, partition), Name: root.name ?? 'Root', PolicyTypes: enabled }] };
}

function childrenOf(org: Organization, parentId: string, kind: OrgNode['kind']): OrgNode[] {
  return [...org.nodes.values()].filter((n) => n.parentId === parentId && n.kind === kind).sort(nodeOrder);
}

/** `aws organizations list-organizational-units-for-parent --parent-id <parent>`. */
export function organizationalUnitsForParent(org: Organization, parentId: string, partition: string): unknown {
  return { OrganizationalUnits: childrenOf(org, parentId, 'ou').map((ou) => ({ Id: ou.id, Arn: nodeArn(ou, org, partition), Name: ou.name ?? ou.id })) };
}

/** `aws organizations list-accounts-for-parent --parent-id <parent>`; the name is the node's or the account's. */
export function accountsForParent(org: Organization, parentId: string, scope: ExportScope): unknown {
  return {
    Accounts: childrenOf(org, parentId, 'account').map((account) => {
      const name = account.name ?? scope.estate.accounts.get(account.id)?.name;
      return { Id: account.id, Arn: nodeArn(account, org, scope.partition), ...(name !== undefined ? { Name: name } : {}) };
    }),
  };
}

const TYPE_IN_ARN: Readonly<Record<OrganizationPolicyType, string>> = {
  SERVICE_CONTROL_POLICY: 'service_control_policy',
  RESOURCE_CONTROL_POLICY: 'resource_control_policy',
};

/** `aws organizations describe-policy --policy-id <id>`: `Content` is the document as a JSON string. */
export function describePolicy(policy: OrganizationPolicy, org: Organization, partition: string): unknown {
  const arn = policy.awsManaged
    ? `arn:${partition}:organizations::aws:policy/${TYPE_IN_ARN[policy.type]}/${policy.id}`
    : orgArn(partition, org, `policy/${org.id}/${TYPE_IN_ARN[policy.type]}/${policy.id}`);
  return {
    Policy: {
      PolicySummary: {
        Id: policy.id,
        Arn: arn,
        Name: policy.name,
        Description: policy.awsManaged ? 'Allows access to every operation' : '',
        Type: policy.type,
        AwsManaged: policy.awsManaged,
      },
      Content: policy.content,
    },
  };
}

/** `aws organizations list-targets-for-policy --policy-id <id>`. */
export function targetsForPolicy(targets: readonly OrgNode[], org: Organization, partition: string): unknown {
  return {
    Targets: [...targets].sort(nodeOrder).map((node) => ({
      TargetId: node.id,
      Arn: nodeArn(node, org, partition),
      Name: node.name ?? (node.kind === 'root' ? 'Root' : node.id),
      Type: TARGET_TYPES[node.kind],
    })),
  };
}
