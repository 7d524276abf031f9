import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessGraph } from '../../src/analyses/access-graph/access-graph.js';
import { findPaths } from '../../src/analyses/paths/find-paths.js';
import { whoCan } from '../../src/analyses/who-can/who-can.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../src/core/decision/request.js';
import type { Estate } from '../../src/core/model/estate.js';
import { snapshotFiles, writeSnapshot } from '../../src/exporters/snapshot/index.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { CORE, FIRST_WORKLOAD } from '../../src/synthetic/estate-plan.js';
import { buildSyntheticEstate, SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import { appRoleName, auditorRoleArn, bucketArn, chainRoleName, ciRoleArn, queueArn, roleArn, topicArn } from '../../src/synthetic/synthetic-names.js';
import type { SyntheticEstateOptions } from '../../src/synthetic/synthetic-options.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';
import { estateOutline } from '../exporters/estate-outline.js';

const catalog = loadServiceCatalog();
const OPTIONS: SyntheticEstateOptions = { accounts: 7, rolesPerAccount: 12, resourcesPerAccount: 10, seed: 'test' };

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'trustmap-synthetic-'));
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

const built = buildSyntheticEstate(OPTIONS);
const { plan } = built;
const written = tempDir();
writeSyntheticSnapshot(new SyntheticEstateBuilder(OPTIONS), written);
const loaded = loadEstate(written, { catalog });
const account = (index: number) => plan.accounts[index]!;
const prod = account(FIRST_WORKLOAD);

describe('the synthetic estate generator', () => {
  it('parses every policy it writes without a diagnostic', () => {
    expect(built.diagnostics).toEqual([]);
  });

  it('is deterministic: the same seed gives the same files, another seed other ones', () => {
    const again = buildSyntheticEstate(OPTIONS);
    expect(snapshotFiles(again.estate)).toEqual(snapshotFiles(built.estate));
    const other = buildSyntheticEstate({ ...OPTIONS, seed: 'other' });
    expect([...other.estate.accounts.keys()]).not.toEqual([...built.estate.accounts.keys()]);
  });

  it('gives each account its resources and at least its roles, in an organization of nested OUs', () => {
    const org = built.estate.organization!;
    expect(built.estate.accounts.size).toBe(7);
    expect(built.estate.resources.size).toBe(70);
    for (const a of built.estate.accounts.values()) expect(a.roles.size).toBeGreaterThanOrEqual(OPTIONS.rolesPerAccount);
    const ouPath = (id: string): string => {
      const node = org.nodes.get(id)!;
      const parent = node.parentId === undefined ? undefined : org.nodes.get(node.parentId);
      return parent && parent.kind === 'ou' ? `${ouPath(parent.id)}/${parent.name}` : '';
    };
    expect(plan.accounts.map((a) => `${a.name} ${ouPath(a.id)}`)).toEqual([
      'management ',
      'security /Security',
      'ci /Infrastructure',
      'shared-services /Infrastructure',
      expect.stringMatching(/-prod-1 \/Workloads\/Prod$/),
      expect.stringMatching(/-nonprod-1 \/Workloads\/NonProd$/),
      expect.stringMatching(/-sandbox-1 \/Sandbox$/),
    ]);
  });

  it('writes the same folder account by account as writeSnapshot of the whole estate', () => {
    const whole = tempDir();
    writeSnapshot(built.estate, whole);
    const files = filesUnder(whole).sort();
    expect(filesUnder(written).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(written, file), 'utf8'), file).toBe(readFileSync(path.join(whole, file), 'utf8'));
  });

  it('loads back from its snapshot with no diagnostic, holding the same estate', () => {
    expect(loaded.kind).toBe('snapshot');
    expect(loaded.diagnostics).toEqual([]);
    expect(estateOutline(loaded.estate)).toEqual(estateOutline(built.estate));
  });
});

describe('what the engine says of the loaded synthetic estate', () => {
  const estate: Estate = loaded.estate;
  const decide = (request: AuthorizationRequest) => evaluateRequest(estate, request, { catalog });

  it('lets the central CI role assume the deploy role of a workload account, and not the legacy CI user', () => {
    expect(decide({ principal: ciRoleArn(plan), action: 'sts:AssumeRole', resource: roleArn(prod, 'deploy') }).decision).toBe('Allow');
    const legacy = decide({ principal: `arn:aws:iam::${account(CORE.ci).id}:user/legacy-ci-bot`, action: 'sts:AssumeRole', resource: roleArn(prod, 'deploy') });
    expect([legacy.decision, legacy.decidedBy]).toEqual(['ImplicitDeny', 'trust']);
  });

  it('lets the security auditor assume the audit role of every account', () => {
    for (const a of plan.accounts) expect(decide({ principal: auditorRoleArn(plan), action: 'sts:AssumeRole', resource: roleArn(a, 'audit') }).decision, a.name).toBe('Allow');
  });

  it('keeps sts:ExternalId as the condition of a vendor trust, and notes the vendor trusted without it', () => {
    const graph = new AccessGraph(estate, { catalog });
    const [withId, withoutId] = plan.vendorRoles.get(FIRST_WORKLOAD)!;
    const edgeInto = (v: typeof withId) => graph.edgesInto(roleArn(prod, `vendor-${plan.vendors[v!.vendor]!.name}`));
    expect(edgeInto(withId).map((e) => [e.from, e.residual])).toEqual([[`arn:aws:iam::${plan.vendors[withId!.vendor]!.accountId}:root`, [{ StringEquals: { 'sts:ExternalId': withId!.externalId } }]]]);
    const [bare] = edgeInto(withoutId);
    expect(bare!.residual).toEqual([]);
    expect(bare!.notes.some((n) => n.includes('without an sts:ExternalId condition'))).toBe(true);
  });

  it('finds each long chain of roles across accounts, hop by hop, to the data its last role reads', () => {
    const graph = new AccessGraph(estate, { catalog });
    for (const chain of plan.chains) {
      const roles = chain.accounts.map((a, hop) => roleArn(account(a), chainRoleName(chain.index, hop)));
      const target = `${bucketArn(plan, account(chain.accounts[chain.hops]!), 0)}/data.csv`;
      const found = findPaths(graph, graph.node(roles[0]!)!, target, { action: 's3:GetObject', maxHops: 6 });
      expect(found.paths.map((p) => p.chain.map((e) => e.to))).toEqual([roles.slice(1)]);
      expect(chain.hops).toBeGreaterThanOrEqual(4);
      expect(found.paths[0]!.chain.slice(1).every((e) => e.chained)).toBe(true);
      // One hop short, the chain does not reach.
      expect(findPaths(graph, graph.node(roles[0]!)!, target, { action: 's3:GetObject', maxHops: chain.hops - 1 }).paths).toEqual([]);
    }
  });

  it('shares a bucket across accounts through its key policy, except where the key policy forgets the reader', () => {
    const [granted, forgotten] = plan.sharesFrom.get(FIRST_WORKLOAD)!;
    const read = (share: typeof granted) =>
      decide({ principal: roleArn(account(share!.consumer), appRoleName(account(share!.consumer), share!.consumerApp)), action: 's3:GetObject', resource: `${bucketArn(plan, prod, share!.bucket)}/reports/latest.csv` });
    expect(read(granted).hops.map((h) => `${h.action} ${h.decision}`)).toEqual(['s3:GetObject Allow', 'kms:Decrypt Allow']);
    const refused = read(forgotten);
    expect(refused.decision).toBe('ImplicitDeny');
    expect(refused.hops.map((h) => `${h.action} ${h.decision}`)).toEqual(['s3:GetObject Allow', 'kms:Decrypt ImplicitDeny']);
  });

  it('delivers a topic to a queue of another account, and only that topic', () => {
    const [subscription] = plan.subscriptionsFrom.get(FIRST_WORKLOAD)!;
    const queue = queueArn(account(subscription!.consumer), subscription!.queue);
    const topic = topicArn(prod, subscription!.topic);
    const deliver = (source: string) => decide({ principal: 'sns.amazonaws.com', action: 'sqs:SendMessage', resource: queue, context: { 'aws:SourceArn': source, 'aws:SourceAccount': source.split(':')[4]! } });
    expect(deliver(topic).decision).toBe('Allow');
    expect(deliver(topicArn(account(CORE.ci), 0)).decision).toBe('ImplicitDeny');
  });

  it('lets the whole organization read the central artifacts bucket, and no vendor', () => {
    const artifact = `${bucketArn(plan, account(CORE.sharedServices), 0)}/app/1.0.0/app.zip`;
    const who = whoCan(new AccessGraph(estate, { catalog }), artifact, { actions: ['s3:GetObject'], maxHops: 0 });
    const accounts = new Set(who.entries.filter((e) => e.decision === 'Allow').map((e) => e.principal.accountId));
    expect(accounts).toEqual(new Set(plan.accounts.map((a) => a.id)));
    const vendorIds = new Set(plan.vendors.map((v) => v.accountId));
    expect(who.entries.some((e) => e.principal.accountId !== undefined && vendorIds.has(e.principal.accountId))).toBe(false);
  });

  it('applies the Sandbox allow-list: its chain of SCPs allows the listed services and nothing else', () => {
    const sandbox = account(FIRST_WORKLOAD + 2);
    const deploy = roleArn(sandbox, 'deploy');
    expect(decide({ principal: deploy, action: 's3:PutObject', resource: `${bucketArn(plan, sandbox, 1)}/build.zip` }).decision).toBe('Allow');
    const outside = decide({ principal: `arn:aws:iam::${sandbox.id}:role/OrganizationAccountAccessRole`, action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-east-1:${sandbox.id}:table/experiments` });
    expect([outside.decision, outside.decidedBy]).toEqual(['ImplicitDeny', 'scp']);
  });

  it('lets the CI account administrator, not the CI role, into a role that trusts the whole CI account', () => {
    const legacyAdmin = roleArn(account([...plan.legacyAdmin][0]!), 'legacy-admin');
    expect(decide({ principal: roleArn(account(CORE.ci), 'admin'), action: 'sts:AssumeRole', resource: legacyAdmin }).decision).toBe('Allow');
    expect(decide({ principal: ciRoleArn(plan), action: 'sts:AssumeRole', resource: legacyAdmin }).decision).toBe('ImplicitDeny');
  });
});
