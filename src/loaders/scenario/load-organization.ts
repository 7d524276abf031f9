import type { Organization, OrgNode } from '../../core/model/estate.js';
import type { Policy } from '../../core/policy/policy-types.js';
import { RCP_FULL_AWS_ACCESS, type PolicyResolver } from './policy-refs.js';
import { child, type Fields, type ScenarioReader } from './scenario-reader.js';

const ORGANIZATION_FIELDS = ['id', 'managementAccount', 'root', 'ous', 'accounts'] as const;
const ROOT_FIELDS = ['id', 'name', 'scps', 'rcps'] as const;
const OU_FIELDS = ['id', 'name', 'parent', 'scps', 'rcps'] as const;
const ACCOUNT_FIELDS = ['id', 'name', 'parent', 'scps', 'rcps'] as const;

/** Account names from `accounts:`, so an organization account node can carry its name. */
export type AccountNames = ReadonlyMap<string, string | undefined>;

interface PendingNode {
  readonly id: string;
  readonly kind: OrgNode['kind'];
  readonly name?: string;
  readonly parent?: string;
  readonly pointer: string;
  readonly scps: readonly Policy[];
  readonly rcps: readonly Policy[];
}

/**
 * Reads `organization:`: the root, OUs and member accounts with the SCPs and RCPs attached at each
 * level (docs/aws-authorization.md#scp-does-not-grant, #rcp-does-not-grant). Undefined when the scenario has no organization or its root is unusable.
 */
export function loadOrganization(
  value: unknown,
  pointer: string,
  reader: ScenarioReader,
  policies: PolicyResolver,
  accountNames: AccountNames,
): Organization | undefined {
  const org = reader.mapping(value, pointer, '`organization`');
  if (!org) return undefined;
  reader.knownFields(org, pointer, ORGANIZATION_FIELDS, 'the organization');
  const id = reader.requiredString(org.id, child(pointer, 'id'), 'the organization `id`');
  const managementAccountId = reader.accountId(org.managementAccount, child(pointer, 'managementAccount'), 'the `managementAccount`');
  if (org.managementAccount === undefined || org.managementAccount === null) {
    reader.report(child(pointer, 'managementAccount'), 'scenario/missing-field', 'error', 'the organization `managementAccount` is required', 'SCPs and RCPs never apply to the management account (docs/aws-authorization.md#scp-exemptions, #rcp-does-not-grant)');
  }
  const root = readRoot(org.root, child(pointer, 'root'), reader, policies);
  if (id === undefined || root === undefined) return undefined;

  const nodes = new Map<string, PendingNode>([[root.id, root]]);
  const add = (node: PendingNode | undefined): void => {
    if (!node) return;
    if (nodes.has(node.id)) {
      reader.report(child(node.pointer, 'id'), 'scenario/duplicate-name', 'error', `\`${node.id}\` appears twice in the organization`);
      return;
    }
    nodes.set(node.id, node);
  };
  const ousPointer = child(pointer, 'ous');
  reader.list(org.ous, ousPointer, '`ous`').forEach((ou, i) => add(readLevel(ou, child(ousPointer, i), 'ou', reader, policies, accountNames)));
  const accountsPointer = child(pointer, 'accounts');
  reader.list(org.accounts, accountsPointer, 'the organization `accounts`').forEach((a, i) => add(readLevel(a, child(accountsPointer, i), 'account', reader, policies, accountNames)));
  if (managementAccountId !== undefined && !nodes.has(managementAccountId)) {
    // The management account is in the organization whether or not the scenario lists it there.
    const at = child(pointer, 'managementAccount');
    nodes.set(managementAccountId, {
      id: managementAccountId,
      kind: 'account',
      ...nameOf(accountNames, managementAccountId),
      parent: root.id,
      pointer: at,
      scps: [policies.fullAwsAccess(at)],
      rcps: [],
    });
  }
  checkParents(nodes, root.id, reader);
  return {
    id,
    managementAccountId: managementAccountId ?? '',
    rootId: root.id,
    scpsEnabled: true,
    rcpsEnabled: true,
    nodes: new Map([...nodes].map(([key, node]) => [key, toOrgNode(node, root.id)])),
  };
}

function readRoot(value: unknown, pointer: string, reader: ScenarioReader, policies: PolicyResolver): PendingNode | undefined {
  const root = reader.mapping(value, pointer, 'the organization `root`');
  if (!root) {
    if (value === undefined || value === null) reader.report(pointer, 'scenario/missing-field', 'error', 'the organization `root` is required');
    return undefined;
  }
  reader.knownFields(root, pointer, ROOT_FIELDS, 'the organization root');
  const id = reader.requiredString(root.id, child(pointer, 'id'), 'the root `id`');
  if (id === undefined) return undefined;
  const name = reader.string(root.name, child(pointer, 'name'), 'the root `name`');
  return { id, kind: 'root', ...(name !== undefined ? { name } : {}), pointer, ...attachedPolicies(root, pointer, id, reader, policies) };
}

function readLevel(
  value: unknown,
  pointer: string,
  kind: 'ou' | 'account',
  reader: ScenarioReader,
  policies: PolicyResolver,
  accountNames: AccountNames,
): PendingNode | undefined {
  const what = kind === 'ou' ? 'an OU' : 'an organization account';
  const level = reader.mapping(value, pointer, what);
  if (!level) return undefined;
  reader.knownFields(level, pointer, kind === 'ou' ? OU_FIELDS : ACCOUNT_FIELDS, what);
  const idPointer = child(pointer, 'id');
  const id =
    kind === 'account'
      ? level.id === undefined || level.id === null
        ? reader.requiredString(level.id, idPointer, 'the account `id`')
        : reader.accountId(level.id, idPointer, 'the account `id`')
      : reader.requiredString(level.id, idPointer, 'the OU `id`');
  const parent = reader.requiredString(level.parent, child(pointer, 'parent'), `the \`parent\` of ${what}`);
  if (id === undefined) return undefined;
  const name = reader.string(level.name, child(pointer, 'name'), 'the `name`') ?? (kind === 'account' ? accountNames.get(id) : undefined);
  return {
    id,
    kind,
    ...(name !== undefined ? { name } : {}),
    ...(parent !== undefined ? { parent } : {}),
    pointer,
    ...attachedPolicies(level, pointer, id, reader, policies),
  };
}

/**
 * The SCPs and RCPs of one level. An omitted (or null) `scps` is AWS's default: `FullAWSAccess`
 * attached. `scps: []` attaches nothing, so the level allows nothing, which AWS itself refuses.
 */
function attachedPolicies(level: Fields, pointer: string, targetId: string, reader: ScenarioReader, policies: PolicyResolver): { scps: Policy[]; rcps: Policy[] } {
  const scpsPointer = child(pointer, 'scps');
  let scps: Policy[];
  if (level.scps === undefined || level.scps === null) {
    scps = [policies.fullAwsAccess(pointer)];
  } else {
    const listed = reader.list(level.scps, scpsPointer, '`scps`');
    if (Array.isArray(level.scps) && listed.length === 0) {
      reader.report(
        scpsPointer,
        'scenario/scp-level-empty',
        'warning',
        `no SCP is attached to \`${targetId}\`, so every action of its accounts is denied`,
        'AWS refuses to detach the last SCP; omit `scps` for the default `FullAWSAccess` (docs/aws-authorization.md#scp-does-not-grant)',
      );
    }
    scps = listed.map((entry, i) => policies.resolve(entry, child(scpsPointer, i), 'scp', `scp:${typeof entry === 'string' ? entry : i}@${targetId}`));
  }
  const rcpsPointer = child(pointer, 'rcps');
  const rcps = reader
    .list(level.rcps, rcpsPointer, '`rcps`')
    .map((entry, i) => ({ entry, i }))
    .filter(({ entry }) => !(entry === RCP_FULL_AWS_ACCESS && !policies.has(RCP_FULL_AWS_ACCESS)))
    .map(({ entry, i }) => policies.resolve(entry, child(rcpsPointer, i), 'rcp', `rcp:${typeof entry === 'string' ? entry : i}@${targetId}`));
  return { scps, rcps };
}

/** Every node's parent must exist and lead to the root; one that does not is reported and hung under the root. */
function checkParents(nodes: Map<string, PendingNode>, rootId: string, reader: ScenarioReader): void {
  for (const node of nodes.values()) {
    if (node.kind === 'root' || node.parent === undefined) continue;
    const parent = nodes.get(node.parent);
    if (!parent || parent.kind === 'account') {
      reader.report(
        child(node.pointer, 'parent'),
        'scenario/unknown-org-parent',
        'error',
        `the parent \`${node.parent}\` of \`${node.id}\` is not the root or an OU of the organization`,
        `its SCP chain is taken to start at the root \`${rootId}\``,
      );
      nodes.set(node.id, { ...node, parent: rootId });
    } else if (leadsToCycle(node, nodes)) {
      reader.report(child(node.pointer, 'parent'), 'scenario/org-cycle', 'error', `the OU chain above \`${node.id}\` loops instead of reaching the root`);
      nodes.set(node.id, { ...node, parent: rootId });
    }
  }
}

function leadsToCycle(start: PendingNode, nodes: ReadonlyMap<string, PendingNode>): boolean {
  const seen = new Set<string>([start.id]);
  let current = start.parent;
  while (current !== undefined) {
    if (seen.has(current)) return true;
    seen.add(current);
    current = nodes.get(current)?.parent;
  }
  return false;
}

function toOrgNode(node: PendingNode, rootId: string): OrgNode {
  const parentId = node.kind === 'root' ? undefined : (node.parent ?? rootId);
  return {
    id: node.id,
    kind: node.kind,
    ...(node.name !== undefined ? { name: node.name } : {}),
    ...(parentId !== undefined ? { parentId } : {}),
    scps: node.scps,
    rcps: node.rcps,
  };
}

function nameOf(names: AccountNames, id: string): { name?: string } {
  const name = names.get(id);
  return name !== undefined ? { name } : {};
}
