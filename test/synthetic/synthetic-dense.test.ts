import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../src/core/decision/request.js';
import { renderSnapshotFile, snapshotFiles } from '../../src/exporters/snapshot/index.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { CORE, FIRST_WORKLOAD, planSyntheticEstate } from '../../src/synthetic/estate-plan.js';
import { bucketUsesKms } from '../../src/synthetic/resource-slots.js';
import { buildSyntheticEstate, SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import { ANY_APP_ROLE_ARN, appRoleName, bucketArn, roleArn, topicArn } from '../../src/synthetic/synthetic-names.js';
import type { SyntheticEstateOptions } from '../../src/synthetic/synthetic-options.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';
import { estateOutline } from '../exporters/estate-outline.js';

const catalog = loadServiceCatalog();

/** One digest of every file `snapshotFiles` makes of the estate, in path order. */
function digest(options: SyntheticEstateOptions): string {
  const hash = createHash('sha256');
  const files = [...snapshotFiles(buildSyntheticEstate(options).estate).files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of files) hash.update(`${file.path}\n${renderSnapshotFile(file.content)}\n`);
  return hash.digest('hex');
}

describe('the default profile', () => {
  // Digests of the estates as the generator wrote them before profiles existed: a change to the
  // default estate, wanted or not, changes them (update them only for a wanted one). Last wanted
  // change: a role whose last use is not known is written without `RoleLastUsed` (`{}` reads as never used).
  it.each([
    [{ accounts: 7, rolesPerAccount: 12, resourcesPerAccount: 10, seed: 'test' }, '37a50bfe19986a0e47ef7ca4deef79902a37e824b58839c368f282cc5a1eeaaa'],
    [{ accounts: 12, rolesPerAccount: 20, resourcesPerAccount: 20, seed: 'trustmap' }, '45df47b1ecf1858659589c3e897bf68994973e0284ff5e8a31512a7d6f3c521b'],
  ])('writes the same bytes as before profiles for %j, with or without `profile: default`', (options, expected) => {
    expect(digest(options)).toBe(expected);
    expect(digest({ ...options, profile: 'default' })).toBe(expected);
    expect(planSyntheticEstate({ ...options, profile: 'default' }).dense).toBeUndefined();
  });
});

const OPTIONS: SyntheticEstateOptions = { accounts: 7, rolesPerAccount: 12, resourcesPerAccount: 10, seed: 'test', profile: 'dense' };
const built = buildSyntheticEstate(OPTIONS);
const { plan } = built;
const dense = plan.dense!;
const account = (index: number) => plan.accounts[index]!;
const prod = account(FIRST_WORKLOAD);
const written = mkdtempSync(path.join(tmpdir(), 'trustmap-dense-'));
writeSyntheticSnapshot(new SyntheticEstateBuilder(OPTIONS), written);
const loaded = loadEstate(written, { catalog });
const decide = (request: AuthorizationRequest) => evaluateRequest(loaded.estate, request, { catalog });

describe('the dense profile', () => {
  it('parses every policy it writes, loads back with no diagnostic, and is deterministic', () => {
    expect(built.diagnostics).toEqual([]);
    expect(loaded.diagnostics).toEqual([]);
    expect(estateOutline(loaded.estate)).toEqual(estateOutline(built.estate));
    expect(digest(OPTIONS)).toBe(digest({ ...OPTIONS }));
    expect(digest(OPTIONS)).not.toBe(digest({ ...OPTIONS, profile: 'default' }));
  });

  it('holds every account, role and resource of the default estate, and the same plan besides its own part', () => {
    const base = buildSyntheticEstate({ ...OPTIONS, profile: 'default' });
    const { dense: _dense, options: _o, ...densePlan } = plan;
    const { options: _p, ...basePlan } = base.plan;
    expect(densePlan).toEqual(basePlan);
    expect([...built.estate.resources.keys()]).toEqual([...base.estate.resources.keys()]);
    for (const [id, a] of base.estate.accounts) expect([...built.estate.accounts.get(id)!.roles.keys()]).toEqual([...a.roles.keys()]);
  });

  it('opens about 7% of all buckets, in workload accounts too, and about 15% of app roles to another account', () => {
    const big = planSyntheticEstate({ accounts: 300, rolesPerAccount: 50, resourcesPerAccount: 20, seed: 'share', profile: 'dense' });
    const open = [...big.dense!.orgWideBuckets.values()].reduce((n, s) => n + s.size, 0);
    expect(open / (300 * 6)).toBeGreaterThan(0.05);
    expect(open / (300 * 6)).toBeLessThan(0.09);
    expect([...big.dense!.orgWideBuckets.keys()].filter((i) => big.accounts[i]!.kind === 'workload').length).toBeGreaterThan(50);
    const trusts = [...big.dense!.appTrusts.values()].reduce((n, m) => n + m.size, 0);
    const apps = big.appRoles.reduce((n, a) => n + a, 0);
    expect(trusts / apps).toBeGreaterThan(0.12);
    expect(trusts / apps).toBeLessThan(0.18);
    for (const [i, trusted] of big.dense!.appTrusts) for (const t of trusted.values()) expect(t.account).not.toBe(i);
  });

  it('names every app role so that the wildcard `*-app-*` matches it', () => {
    const pattern = new RegExp(`^${ANY_APP_ROLE_ARN.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (const a of plan.accounts) for (let j = 0; j < plan.appRoles[a.index]!; j++) expect(roleArn(a, appRoleName(a, j))).toMatch(pattern);
  });

  it('lets another account read an organization-wide SSE-S3 bucket, and refuses it at the key of an SSE-KMS one', () => {
    expect([...dense.orgWideBuckets.get(FIRST_WORKLOAD)!]).toEqual(expect.arrayContaining([1, 2]));
    expect([bucketUsesKms(1), bucketUsesKms(2)]).toEqual([false, true]);
    const reader = account(FIRST_WORKLOAD + 1);
    // An app role reads through its wildcard `s3:GetObject` on arn:aws:s3:::* (over TLS: some buckets refuse plain HTTP).
    const app = roleArn(reader, appRoleName(reader, 0));
    const context = { 'aws:SecureTransport': 'true' };
    expect(decide({ principal: app, action: 's3:GetObject', resource: `${bucketArn(plan, prod, 1)}/exports/today.csv`, context }).decision).toBe('Allow');
    // Listing needs `s3:ListBucket` on the caller's side too: the deploy role has `s3:*`, the app role's wildcard only GetObject.
    expect(decide({ principal: roleArn(reader, 'deploy'), action: 's3:ListBucket', resource: bucketArn(plan, prod, 1), context }).decision).toBe('Allow');
    expect(decide({ principal: app, action: 's3:ListBucket', resource: bucketArn(plan, prod, 1), context }).decidedBy).toBe('identity');
    // The deploy role may decrypt with any key, but the key policy does not name the organization.
    const refused = decide({ principal: roleArn(reader, 'deploy'), action: 's3:GetObject', resource: `${bucketArn(plan, prod, 2)}/exports/today.csv`, context });
    expect(refused.decision).toBe('ImplicitDeny');
    expect(refused.hops.map((h) => `${h.action} ${h.decision} ${h.decidedBy ?? ''}`)).toEqual(['s3:GetObject Allow resource', 'kms:Decrypt ImplicitDeny key-policy']);
  });

  it('lets the root of one other account publish to each topic, and no third account', () => {
    const topics = dense.topicPublishers.get(FIRST_WORKLOAD)!;
    expect(topics.length).toBeGreaterThan(0);
    const publisher = account(topics[0]!);
    expect(publisher.index).not.toBe(FIRST_WORKLOAD);
    const topic = topicArn(prod, 0);
    expect(decide({ principal: roleArn(publisher, 'OrganizationAccountAccessRole'), action: 'sns:Publish', resource: topic }).decision).toBe('Allow');
    const third = plan.accounts.find((a) => a.kind !== 'management' && a.index !== publisher.index && a.index !== FIRST_WORKLOAD)!;
    expect(decide({ principal: roleArn(third, 'OrganizationAccountAccessRole'), action: 'sns:Publish', resource: topic }).decision).toBe('ImplicitDeny');
  });

  it('lets an app role of another account assume an app role that trusts it, through its wildcard, and no other app role', () => {
    const trusted = dense.appTrusts.get(FIRST_WORKLOAD)!.get(0)!;
    const from = account(trusted.account);
    const target = roleArn(prod, appRoleName(prod, 0));
    expect(decide({ principal: roleArn(from, appRoleName(from, trusted.app)), action: 'sts:AssumeRole', resource: target }).decision).toBe('Allow');
    const other = trusted.app === 0 ? 1 : 0;
    const refused = decide({ principal: roleArn(from, appRoleName(from, other)), action: 'sts:AssumeRole', resource: target });
    expect([refused.decision, refused.decidedBy]).toEqual(['ImplicitDeny', 'trust']);
    // The service still assumes it.
    expect(decide({ principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: target }).decision).toBe('Allow');
  });

  it('draws topic publishers from every account, the management account too', () => {
    const big = planSyntheticEstate({ accounts: 50, rolesPerAccount: 20, resourcesPerAccount: 20, seed: 'x', profile: 'dense' });
    const publishers = new Set([...big.dense!.topicPublishers.values()].flat());
    expect(publishers.has(CORE.management)).toBe(true);
  });
});
