import { parseArn } from '../../core/arn/arn.js';
import type { Estate, Organization, OrgNode, Uncollected } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { Policy } from '../../core/policy/policy-types.js';
import type { JsonDoc } from '../files/json-doc.js';
import type { DataFolder } from '../files/data-folder.js';
import type { DiagnosticCode } from '../../core/diagnostic-codes.js';

export interface SnapshotOrganization {
  readonly status: Estate['organizationStatus'];
  readonly organization?: Organization;
}

type GuardrailKind = 'scp' | 'rcp';

const POLICY_TYPES: Readonly<Record<string, GuardrailKind>> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};
/** Always attached, never listed (docs/aws-authorization.md#rcp-does-not-grant, snapshot-layout.md). */
const RCP_FULL_AWS_ACCESS_ID = 'p-RCPFullAWSAccess';
const RCP_FULL_AWS_ACCESS_NAME = 'RCPFullAWSAccess';

interface TreeNode {
  readonly id: string;
  readonly kind: OrgNode['kind'];
  readonly name?: string;
  readonly parentId?: string;
}

/** What is known of the attachments of one policy type. */
interface Attachments {
  readonly enabled: boolean;
  readonly byTarget: Map<string, Policy[]>;
  /** Nodes where something of unknown content or type is attached. */
  readonly unknownAt: Set<string>;
  /** Set when the attachments of some policy could not be read: every level is then unknown. */
  unknownEverywhere?: string;
}

const DIR = 'organization';

/**
 * Rebuilds the organization from `organization/` (snapshot-layout.md, "The organization tree"):
 * the tree from `list-roots` and `children/`, the SCPs and RCPs from `policies/` attached through
 * `targets/`. What could not be read becomes the `Uncollected` marker on the levels it concerns, so
 * answers assume it does not restrict and say so.
 */
export function readSnapshotOrganization(folder: DataFolder, catalog: ServiceCatalog | undefined): SnapshotOrganization {
  const described = folder.recorded(`${DIR}/describe-organization.json`, ['AWSOrganizationsNotInUseException']);
  if (described.state === 'none') {
    folder.bag.add({ code: 'snapshot/no-organization', severity: 'info', message: 'the accounts belong to no organization (`AWSOrganizationsNotInUseException`)', source: { file: folder.file(`${DIR}/describe-organization.json`), pointer: '/Error/Code' } });
    return { status: 'none' };
  }
  const facts = described.state === 'collected' ? describedFacts(described.doc) : {};
  const root = readRoot(folder);
  if (!root) return { status: 'not-collected' };
  const id = facts.id ?? root.orgId;
  const managementAccountId = facts.managementAccountId ?? root.managementAccountId;
  if (id === undefined) {
    reportOrg(folder, 'list-roots.json', '', 'error', 'snapshot/org-id-unknown', 'the organization id cannot be told: `describe-organization.json` is missing and the root ARN does not carry it', 'the organization is taken as not collected');
    return { status: 'not-collected' };
  }
  if (managementAccountId === undefined) {
    reportOrg(folder, 'describe-organization.json', '', 'warning', 'snapshot/management-account-unknown', 'the management account cannot be told', 'SCPs and RCPs are applied to every account, the management account included');
  }
  const tree = readTree(folder, root.node);
  const scp = attachmentsOf(root.enabled.scp);
  const rcp = attachmentsOf(root.enabled.rcp);
  readPolicies(folder, tree, { scp, rcp }, catalog);
  const nodes = new Map<string, OrgNode>();
  for (const node of tree.values()) {
    nodes.set(node.id, {
      ...node,
      scps: levelPolicies(folder, node, 'scp', scp),
      rcps: levelPolicies(folder, node, 'rcp', rcp),
    });
  }
  return {
    status: 'collected',
    organization: { id, managementAccountId: managementAccountId ?? '', rootId: root.node.id, scpsEnabled: scp.enabled, rcpsEnabled: rcp.enabled, nodes },
  };
}

function describedFacts(doc: JsonDoc): { id?: string; managementAccountId?: string } {
  const org = doc.get(doc.root, 'Organization');
  if (!doc.object(org, '`Organization`')) return {};
  const id = doc.string(doc.get(org, 'Id'), 'the organization `Id`');
  const management = doc.string(doc.get(org, 'MasterAccountId'), 'the `MasterAccountId`');
  return { ...(id !== undefined ? { id } : {}), ...(management !== undefined ? { managementAccountId: management } : {}) };
}

interface RootFacts {
  readonly node: TreeNode;
  readonly enabled: Readonly<Record<GuardrailKind, boolean>>;
  readonly orgId?: string;
  readonly managementAccountId?: string;
}

function readRoot(folder: DataFolder): RootFacts | undefined {
  const rel = `${DIR}/list-roots.json`;
  const recorded = folder.recorded(rel);
  if (recorded.state !== 'collected') {
    reportOrg(folder, 'list-roots.json', '', 'error', 'snapshot/org-tree-not-collected', 'the organization tree cannot be rebuilt without `organization/list-roots.json`', 'the organization is taken as not collected: SCPs and RCPs are assumed not to restrict');
    return undefined;
  }
  const doc = recorded.doc;
  const roots = doc.listAcrossPages('Roots', '`list-roots` output').filter((r) => doc.object(r, 'a root'));
  const first = roots[0];
  if (!first) {
    doc.report('', 'snapshot/org-tree-not-collected', 'error', '`list-roots` lists no root', 'the organization is taken as not collected');
    return undefined;
  }
  if (roots.length > 1) doc.report(roots[1]!.pointer, 'snapshot/several-roots', 'warning', 'an organization has one root; the first is used');
  const id = doc.requiredString(doc.get(first, 'Id'), 'the root `Id`');
  if (id === undefined) return undefined;
  const name = doc.string(doc.get(first, 'Name'), 'the root `Name`');
  const arn = parseArn(doc.string(doc.get(first, 'Arn'), 'the root `Arn`') ?? '');
  const enabled = { scp: false, rcp: false };
  for (const entry of doc.items(doc.get(first, 'PolicyTypes'), '`PolicyTypes`')) {
    const type = doc.string(doc.get(entry, 'Type'), 'a policy `Type`');
    const status = doc.string(doc.get(entry, 'Status'), 'a policy type `Status`');
    const kind = type !== undefined ? POLICY_TYPES[type] : undefined;
    // PENDING_DISABLE: still in force until AWS finishes disabling it.
    if (kind && (status === 'ENABLED' || status === 'PENDING_DISABLE')) enabled[kind] = true;
  }
  const orgId = arn?.resource.split('/')[1];
  return {
    node: { id, kind: 'root', ...(name !== undefined ? { name } : {}) },
    enabled,
    ...(orgId?.startsWith('o-') ? { orgId } : {}),
    ...(arn && /^\d{12}$/.test(arn.account) ? { managementAccountId: arn.account } : {}),
  };
}

/** Walks `children/<parent>.ous.json` and `children/<parent>.accounts.json` down from the root. */
function readTree(folder: DataFolder, root: TreeNode): Map<string, TreeNode> {
  const nodes = new Map<string, TreeNode>([[root.id, root]]);
  const incomplete: string[] = [];
  const queue = [root.id];
  const add = (doc: JsonDoc, pointer: string, node: TreeNode): boolean => {
    if (nodes.has(node.id)) {
      doc.report(pointer, 'snapshot/duplicate-name', 'warning', `\`${node.id}\` appears twice in the organization tree; the first place is kept`);
      return false;
    }
    nodes.set(node.id, node);
    return true;
  };
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    const ous = folder.recorded(`${DIR}/children/${parent}.ous.json`);
    if (ous.state === 'collected') {
      for (const entry of children(ous.doc, 'OrganizationalUnits')) {
        if (add(ous.doc, entry.pointer, { ...entry.node, kind: 'ou', parentId: parent })) queue.push(entry.node.id);
      }
    } else incomplete.push(parent);
    const accounts = folder.recorded(`${DIR}/children/${parent}.accounts.json`);
    if (accounts.state === 'collected') {
      for (const entry of children(accounts.doc, 'Accounts')) add(accounts.doc, entry.pointer, { ...entry.node, kind: 'account', parentId: parent });
    } else if (!incomplete.includes(parent)) incomplete.push(parent);
  }
  if (incomplete.length > 0) {
    reportOrg(
      folder,
      'children',
      '',
      'warning',
      'snapshot/org-tree-incomplete',
      `the children of ${incomplete.map((p) => `\`${p}\``).join(', ')} were not collected`,
      'accounts below them are not placed in the organization, so they are taken to be outside it',
    );
  }
  return nodes;
}

function children(doc: JsonDoc, key: string): Array<{ pointer: string; node: { id: string; name?: string } }> {
  return doc.listAcrossPages(key, `the \`${key}\` output`).flatMap((entry) => {
    if (!doc.object(entry, `an entry of \`${key}\``)) return [];
    const id = doc.requiredString(doc.get(entry, 'Id'), `the \`Id\` of an entry of \`${key}\``);
    const name = doc.string(doc.get(entry, 'Name'), 'the `Name`');
    return id === undefined ? [] : [{ pointer: entry.pointer, node: { id, ...(name !== undefined ? { name } : {}) } }];
  });
}

function attachmentsOf(enabled: boolean): Attachments {
  return { enabled, byTarget: new Map(), unknownAt: new Set() };
}

/** Reads `policies/<id>.json` and `targets/<id>.json`, attaching each SCP and RCP where it is attached. */
function readPolicies(folder: DataFolder, tree: ReadonlyMap<string, TreeNode>, kinds: Readonly<Record<GuardrailKind, Attachments>>, catalog: ServiceCatalog | undefined): void {
  if (!folder.isDir(`${DIR}/policies`)) {
    if (kinds.scp.enabled || kinds.rcp.enabled) {
      reportOrg(folder, 'policies', '', 'warning', 'snapshot/org-policies-not-collected', 'no SCP or RCP was collected (`organization/policies/` is missing)', 'SCPs and RCPs are assumed not to restrict, and answers say so');
    }
    for (const kind of [kinds.scp, kinds.rcp]) kind.unknownEverywhere = 'organization/policies/ was not collected';
    return;
  }
  const policyFiles = folder.jsonFiles(`${DIR}/policies`);
  for (const file of policyFiles) readPolicy(folder, file, tree, kinds, catalog);
  // Attachments of policies whose content is missing: whatever is attached there is unknown.
  for (const file of folder.jsonFiles(`${DIR}/targets`)) {
    if (policyFiles.includes(file)) continue;
    const targets = folder.recorded(`${DIR}/targets/${file}`);
    if (targets.state !== 'collected') continue;
    for (const target of targetIds(targets.doc, tree)) for (const kind of [kinds.scp, kinds.rcp]) kind.unknownAt.add(target);
  }
}

function readPolicy(folder: DataFolder, file: string, tree: ReadonlyMap<string, TreeNode>, kinds: Readonly<Record<GuardrailKind, Attachments>>, catalog: ServiceCatalog | undefined): void {
  const policyId = folder.decodeName(file.slice(0, -'.json'.length), `${DIR}/policies/${file}`);
  const described = folder.recorded(`${DIR}/policies/${file}`);
  const targets = folder.recorded(`${DIR}/targets/${file}`);
  if (described.state !== 'collected') {
    // Neither its type nor its content is known: the levels it is attached to are unknown for both.
    if (targets.state === 'collected') {
      for (const target of targetIds(targets.doc, tree)) for (const kind of [kinds.scp, kinds.rcp]) kind.unknownAt.add(target);
    } else {
      for (const kind of [kinds.scp, kinds.rcp]) kind.unknownEverywhere = `neither the content nor the targets of ${policyId} could be read`;
    }
    return;
  }
  const doc = described.doc;
  const summary = doc.get(doc.get(doc.root, 'Policy'), 'PolicySummary');
  if (!doc.object(summary, 'the `PolicySummary`')) return;
  const type = doc.string(doc.get(summary, 'Type'), 'the policy `Type`');
  const kind = type !== undefined ? POLICY_TYPES[type] : undefined;
  if (!kind) return; // tag, backup and AI opt-out policies do not take part in authorization
  const id = doc.string(doc.get(summary, 'Id'), 'the policy `Id`') ?? policyId;
  const name = doc.string(doc.get(summary, 'Name'), 'the policy `Name`') ?? id;
  if (id !== policyId) doc.report(`${summary.pointer}/Id`, 'snapshot/name-mismatch', 'warning', `the file is named for \`${policyId}\` but describes \`${id}\``);
  if (kind === 'rcp' && (id === RCP_FULL_AWS_ACCESS_ID || name === RCP_FULL_AWS_ACCESS_NAME)) return;
  const attachments = kinds[kind];
  if (targets.state !== 'collected') {
    attachments.unknownEverywhere = `the targets of ${name} (${id}) were not collected`;
    doc.report('', 'snapshot/targets-not-collected', 'warning', `where \`${name}\` is attached is unknown: \`organization/targets/${file}\` was not collected`, `every level's ${kind.toUpperCase()}s are then taken as unknown, and assumed not to restrict`);
    return;
  }
  const policy = doc.policy(doc.get(doc.get(doc.root, 'Policy'), 'Content'), kind, name, catalog);
  for (const target of targetIds(targets.doc, tree)) {
    const list = attachments.byTarget.get(target) ?? [];
    list.push({ ...policy, name: `${kind}:${name}@${target}` });
    attachments.byTarget.set(target, list);
  }
}

/** The targets of a policy that are in the tree; others are reported. */
function targetIds(doc: JsonDoc, tree: ReadonlyMap<string, TreeNode>): string[] {
  return doc.listAcrossPages('Targets', '`list-targets-for-policy` output').flatMap((entry) => {
    if (!doc.object(entry, 'a target')) return [];
    const target = doc.get(entry, 'TargetId');
    const id = doc.requiredString(target, 'the `TargetId`');
    if (id === undefined) return [];
    if (!tree.has(id)) {
      doc.report(target.pointer, 'snapshot/unknown-target', 'warning', `the target \`${id}\` is not in the organization tree`, 'the attachment is ignored');
      return [];
    }
    return [id];
  });
}

function levelPolicies(folder: DataFolder, node: TreeNode, kind: GuardrailKind, attachments: Attachments): readonly Policy[] | Uncollected {
  if (!attachments.enabled) return [];
  const what = `the ${kind.toUpperCase()}s attached to ${node.kind === 'ou' ? 'OU' : node.kind} ${node.id}`;
  if (attachments.unknownEverywhere !== undefined) return { uncollected: true, what: `${what} (${attachments.unknownEverywhere})` };
  if (attachments.unknownAt.has(node.id)) return { uncollected: true, what: `${what} (a policy attached there could not be read)` };
  const list = attachments.byTarget.get(node.id) ?? [];
  if (kind === 'scp' && list.length === 0) {
    // AWS refuses to detach the last SCP (docs/aws-authorization.md#scp-does-not-grant): an empty level means attachments are missing.
    reportOrg(folder, 'targets', '', 'warning', 'snapshot/scp-level-empty', `no SCP attachment to \`${node.id}\` was recorded, though AWS keeps at least one attached`, 'its SCPs are taken as unknown and assumed not to restrict');
    return { uncollected: true, what: `${what} (no attachment was recorded)` };
  }
  return list;
}

function reportOrg(folder: DataFolder, rel: string, pointer: string, severity: 'error' | 'warning' | 'info', code: DiagnosticCode, message: string, help?: string): void {
  folder.bag.add({ code, severity, message, ...(help ? { help } : {}), source: { file: folder.file(`${DIR}/${rel}`), pointer } });
}
