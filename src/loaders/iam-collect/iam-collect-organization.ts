import type { Organization, OrgNode, Uncollected } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import type { Policy } from '../../core/policy/policy-types.js';
import type { DataFolder } from '../files/data-folder.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';
import { pick, readOptional, resourceDirs } from './iam-collect-shapes.js';

type GuardrailKind = 'scp' | 'rcp';

interface Level {
  readonly id: string;
  readonly kind: OrgNode['kind'];
  readonly name?: string;
  readonly parentId?: string;
  readonly attached: Readonly<Record<GuardrailKind, readonly string[] | undefined>>;
  readonly doc: JsonDoc;
  readonly pointer: string;
}

const FULL_AWS_ACCESS = 'p-FullAWSAccess';
const RCP_FULL_AWS_ACCESS = 'p-RCPFullAWSAccess';
const FULL_AWS_ACCESS_DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const PARENT = ['parent', 'parentId', 'parentOu', 'parentOuId', 'Parent', 'ParentId'];
const SCPS = ['scps', 'serviceControlPolicies', 'SCPs', 'Scps'];
const RCPS = ['rcps', 'resourceControlPolicies', 'RCPs', 'Rcps'];

/**
 * `aws/<partition>/organizations/<org-id>/`: `metadata.json`, `accounts.json` (each account's
 * parent and attached SCPs and RCPs), `ous/<ou>/metadata.json` (the same for each OU, the root among
 * them) and `scps/<id>/` / `rcps/<id>/` (`metadata.json`, `policy.json`). The field names inside
 * are not documented by iam-collect; docs/inputs.md lists the spellings read.
 */
export function readIamCollectOrganization(folder: DataFolder, dir: string, orgId: string, catalog: ServiceCatalog | undefined): Organization | undefined {
  const metadata = readOptional(folder, `${dir}/metadata.json`);
  const meta = metadata && metadata.object(metadata.root, 'the organization metadata') ? metadata : undefined;
  const id = (meta && meta.string(pick(meta, meta.root, ['id', 'Id', 'organizationId']), 'the organization `id`')) ?? orgId;
  const management = meta && meta.string(pick(meta, meta.root, ['managementAccountId', 'masterAccountId', 'rootAccountId', 'MasterAccountId']), 'the management account id');
  const levels = [...ouLevels(folder, dir), ...accountLevels(folder, dir)];
  const rootFromMeta = meta && meta.string(pick(meta, meta.root, ['rootOu', 'rootId', 'rootOuId', 'root']), 'the root id');
  const root = levels.find((l) => l.id === rootFromMeta) ?? levels.find((l) => l.kind === 'root');
  if (!root) {
    folder.bag.add({ code: 'iam-collect/org-root-unknown', severity: 'error', message: `the root of organization \`${id}\` cannot be found among its OUs`, help: 'the organization is taken as not collected', source: { file: folder.file(`${dir}/ous`), pointer: '' } });
    return undefined;
  }
  if (management === undefined) {
    folder.bag.add({ code: 'iam-collect/management-account-unknown', severity: 'warning', message: `the management account of \`${id}\` is not in its metadata`, help: 'SCPs and RCPs are applied to every account, the management account included', source: { file: folder.file(`${dir}/metadata.json`), pointer: '' } });
  }
  const policies = { scp: readPolicies(folder, `${dir}/scps`, 'scp', catalog), rcp: readPolicies(folder, `${dir}/rcps`, 'rcp', catalog) };
  const enabled = policyTypes(meta, policies);
  const nodes = new Map<string, OrgNode>();
  for (const level of levels) {
    if (nodes.has(level.id)) continue;
    const isRoot = level.id === root.id;
    nodes.set(level.id, {
      id: level.id,
      kind: isRoot ? 'root' : level.kind === 'root' ? 'ou' : level.kind,
      ...(level.name !== undefined ? { name: level.name } : {}),
      ...(!isRoot ? { parentId: level.parentId ?? root.id } : {}),
      scps: enabled.scp ? attachedAt(level, 'scp', policies.scp) : [],
      rcps: enabled.rcp ? attachedAt(level, 'rcp', policies.rcp) : [],
    });
  }
  return { id, managementAccountId: management ?? '', rootId: root.id, scpsEnabled: enabled.scp, rcpsEnabled: enabled.rcp, nodes };
}

function ouLevels(folder: DataFolder, dir: string): Level[] {
  return resourceDirs(folder, `${dir}/ous`, 1).flatMap((rel) => {
    const doc = readOptional(folder, `${rel}/metadata.json`);
    if (!doc || !doc.object(doc.root, 'the OU metadata')) return [];
    const id = doc.string(pick(doc, doc.root, ['id', 'Id']), 'the OU `id`') ?? rel.slice(rel.lastIndexOf('/') + 1);
    const parent = doc.string(pick(doc, doc.root, PARENT), 'the OU parent');
    return [level(doc, doc.root, id, parent === undefined || id.startsWith('r-') ? 'root' : 'ou', parent)];
  });
}

/** `accounts.json`: an object keyed by account id, or a list of entries with `id`. */
function accountLevels(folder: DataFolder, dir: string): Level[] {
  const doc = readOptional(folder, `${dir}/accounts.json`);
  if (!doc) return [];
  const root = doc.root;
  const entries: Array<{ id?: string; node: JsonNode }> = Array.isArray(root.value)
    ? doc.items(root, 'the accounts').map((node) => ({ node }))
    : Object.keys(doc.object(root, 'the accounts') ?? {}).map((id) => ({ id, node: doc.get(root, id) }));
  return entries.flatMap(({ id, node }) => {
    if (!doc.object(node, 'an account entry')) return [];
    const accountId = doc.string(pick(doc, node, ['id', 'Id', 'accountId']), 'the account id') ?? id;
    if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
      doc.report(node.pointer, 'iam-collect/invalid-account-id', 'error', `\`${accountId ?? ''}\` is not a 12-digit account id`, 'the entry is left out');
      return [];
    }
    return [level(doc, node, accountId, 'account', doc.string(pick(doc, node, ['ou', 'parentOu', ...PARENT]), 'the account parent'))];
  });
}

function level(doc: JsonDoc, node: JsonNode, id: string, kind: OrgNode['kind'], parentId: string | undefined): Level {
  const name = doc.string(pick(doc, node, ['name', 'Name']), 'the `name`');
  const ids = (names: readonly string[]): string[] | undefined => {
    const list = pick(doc, node, names);
    return list.value === undefined ? undefined : doc.strings(list, `\`${names[0]}\``).map(policyIdOf);
  };
  return {
    id,
    kind,
    ...(name !== undefined ? { name } : {}),
    ...(parentId !== undefined ? { parentId } : {}),
    attached: { scp: ids(SCPS), rcp: ids(RCPS) },
    doc,
    pointer: node.pointer,
  };
}

/** A policy named by id or by ARN (`arn:aws:organizations::…:policy/o-…/service_control_policy/p-…`). */
function policyIdOf(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** `scps/<id>/` or `rcps/<id>/`, keyed by lowercased policy id (iam-collect lowercases its paths). */
function readPolicies(folder: DataFolder, rel: string, kind: GuardrailKind, catalog: ServiceCatalog | undefined): Map<string, Policy> {
  const policies = new Map<string, Policy>();
  for (const dir of folder.dirs(rel)) {
    const meta = readOptional(folder, `${rel}/${dir}/metadata.json`);
    const id = (meta && meta.string(pick(meta, meta.root, ['id', 'Id']), 'the policy `id`')) ?? dir;
    const name = (meta && meta.string(pick(meta, meta.root, ['name', 'Name']), 'the policy `name`')) ?? id;
    const doc = readOptional(folder, `${rel}/${dir}/policy.json`);
    if (!doc) continue; // attached but unreadable: the levels that name it are unknown
    policies.set(id.toLowerCase(), doc.policy(doc.root, kind, name, catalog));
  }
  return policies;
}

/** Whether SCPs / RCPs are enabled: the metadata's word, else whether any was collected. */
function policyTypes(meta: JsonDoc | undefined, policies: Readonly<Record<GuardrailKind, ReadonlyMap<string, Policy>>>): Record<GuardrailKind, boolean> {
  const out = { scp: policies.scp.size > 0, rcp: policies.rcp.size > 0 };
  if (!meta) return out;
  for (const [kind, flag] of [['scp', 'scpsEnabled'], ['rcp', 'rcpsEnabled']] as const) {
    const value = meta.boolean(meta.get(meta.root, flag), `\`${flag}\``);
    if (value !== undefined) out[kind] = value;
  }
  const types = pick(meta, meta.root, ['enabledPolicyTypes', 'policyTypes', 'PolicyTypes']);
  if (Array.isArray(types.value)) {
    const named = meta.items(types, 'the enabled policy types').map((t) => (typeof t.value === 'string' ? t.value : isPlainObject(t.value) ? String(t.value.Type ?? t.value.type ?? '') : ''));
    out.scp = named.includes('SERVICE_CONTROL_POLICY');
    out.rcp = named.includes('RESOURCE_CONTROL_POLICY');
  }
  return out;
}

function attachedAt(level: Level, kind: GuardrailKind, policies: ReadonlyMap<string, Policy>): readonly Policy[] | Uncollected {
  const ids = level.attached[kind];
  const what = `the ${kind.toUpperCase()}s attached to ${level.id}`;
  if (ids === undefined) return { uncollected: true, what: `${what} (not listed in iam-collect's data)` };
  const out: Policy[] = [];
  for (const id of ids) {
    if (kind === 'rcp' && id.toLowerCase() === RCP_FULL_AWS_ACCESS.toLowerCase()) continue;
    const policy = policies.get(id.toLowerCase());
    if (policy) {
      out.push({ ...policy, name: `${kind}:${policy.name}@${level.id}` });
    } else if (kind === 'scp' && id.toLowerCase() === FULL_AWS_ACCESS.toLowerCase()) {
      // AWS's own FullAWSAccess: its content is fixed, so it need not have been collected.
      out.push({ ...fullAwsAccess(level), name: `scp:FullAWSAccess@${level.id}` });
    } else {
      level.doc.report(level.pointer, 'iam-collect/unknown-policy', 'warning', `the ${kind.toUpperCase()} \`${id}\` attached to \`${level.id}\` was not collected`, `the ${kind.toUpperCase()}s of \`${level.id}\` are taken as unknown and assumed not to restrict`);
      return { uncollected: true, what: `${what} (${id} was not collected)` };
    }
  }
  if (kind === 'scp' && out.length === 0) return { uncollected: true, what: `${what} (none is listed, though AWS keeps at least one attached)` };
  return out;
}

const fullAccessCache = new WeakMap<JsonDoc, Policy>();

function fullAwsAccess(level: Level): Policy {
  let policy = fullAccessCache.get(level.doc);
  if (!policy) {
    policy = level.doc.policy({ value: FULL_AWS_ACCESS_DOCUMENT, pointer: level.pointer }, 'scp', 'FullAWSAccess', undefined);
    fullAccessCache.set(level.doc, policy);
  }
  return policy;
}
