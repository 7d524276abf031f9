import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessGraph } from '../../src/analyses/access-graph/access-graph.js';
import { NO_EXTERNAL_ID_UNKNOWN_ORG_NOTE } from '../../src/analyses/access-graph/edge-notes.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { buildAccessMap, type AccessMap } from '../../src/analyses/access-map/access-map.js';
import { classOf } from '../../src/analyses/access-map/action-classes.js';
import { sourceAccountsOf } from '../../src/analyses/access-map/source-accounts.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { ARN, EXAMPLE, graphOf } from './access-graph-helpers.js';

const catalog = loadServiceCatalog();
const FIXTURE = 'test/fixtures/access-map/services-and-outsiders.yaml';

function mapOf(file: string): AccessMap {
  return buildAccessMap(graphOf(file), { catalog });
}

/** `boundary principal → target: classes decision`, short names. */
function rows(m: AccessMap): string[] {
  const short = (id: string): string => id.split(/[/:]/).pop()!;
  return m.entries.map((e) => `${e.boundary} ${e.principals.members.map((p) => short(p.id)).join('+')} → ${short(e.target)}: ${e.classes.join('+')} ${e.decision}`);
}

describe('trustmap access-map on the example estate', () => {
  const m = mapOf(EXAMPLE);

  it('lists every access across an account boundary, public first, then outside, services, the organization (docs/aws-authorization.md#cross-account-both-sides, #cross-account-assume-role)', () => {
    expect(rows(m)).toEqual([
      'public * → example-sandbox-datasets: read Allow',
      'outside integration → acme-monitoring: write Allow',
      'service sns.amazonaws.com → 5a5a5a5a-0000-4000-8000-000000000555: write Conditional',
      'service events.amazonaws.com → order-events-handler: write Conditional',
      'service sns.amazonaws.com → alerts: write Allow',
      'service sns.amazonaws.com → orders-ingest: write Conditional',
      'service cloudtrail.amazonaws.com → 6a6a6a6a-0000-4000-8000-000000000666: write Conditional',
      'service cloudtrail.amazonaws.com → example-org-cloudtrail-logs: write Conditional',
      'service cloudtrail.amazonaws.com → example-org-data-events: write Conditional',
      'organization deploy → example-ci-artifacts: read Allow',
      'organization auditor → audit: write Allow',
      'organization ci-runner → deploy: write Allow',
      'organization ci-runner → legacy-admin: write Allow',
      'organization etl → 4a4a4a4a-0000-4000-8000-000000000444: write Conditional',
      'organization etl → example-prod-data-lake: read Allow',
      'organization ci-runner → deploy: write Allow',
      'organization jenkins → deploy: write Allow',
      // `*` names them all, and the engine answers the four alike: one set (docs/access-map.md#principal-sets).
      'organization ops-admin+deploy+legacy-admin+etl → example-sandbox-datasets: read Allow',
    ]);
  });

  it('mistake 5: the vendor assumes acme-monitoring from outside the organization with no sts:ExternalId, and the entry says so (docs/aws-authorization.md#sts-external-id)', () => {
    const e = m.entries.find((x) => x.principals.members[0]!.id === ARN.vendor)!;
    expect(e).toMatchObject({ kind: 'assume', target: ARN.acmeMonitoring, boundary: 'outside', decision: 'Allow' });
    expect(e.notes.some((n) => n.includes('without an sts:ExternalId'))).toBe(true);
    expect(e.grants.map((g) => g.policy)).toEqual([expect.stringContaining('acme-monitoring')]);
  });

  it('mistake 8: the sandbox bucket is public to anonymous readers, and is listed as such (docs/aws-authorization.md#anonymous-access)', () => {
    const e = m.entries.find((x) => x.boundary === 'public')!;
    expect(e.target).toBe(ARN.sandboxBucket);
    expect(e.actions.map((a) => [a.action, a.resource, a.decision])).toEqual([['s3:GetObject', `${ARN.sandboxBucket}/*`, 'Allow']]);
  });

  it('the data lake key is reachable by etl only through S3: the kms:ViaService condition stays on the entry (docs/aws-authorization.md#s3-sse-kms-permissions)', () => {
    const e = m.entries.find((x) => x.principals.members[0]!.id === ARN.etl && x.target === ARN.dataLakeKey)!;
    expect(e.actions.map((a) => [a.action, a.conditions])).toEqual([['kms:Decrypt', [{ StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }]]]);
  });

  it('mistake 3: ml-training is named by the bucket policy and refused by the key policy on the implied kms:Decrypt: blocked, target side, key owner (docs/aws-authorization.md#s3-sse-kms-permissions)', () => {
    const b = m.blocked.find((x) => x.principals.members[0]!.id === ARN.mlTraining)!;
    expect(b).toMatchObject({ action: 's3:GetObject', decision: 'ImplicitDeny', gate: 'key-policy', side: 'target', account: '444444444444' });
  });

  it('mistake 1 shows as a gate that refuses: analytics deploy is named by the CI artifacts bucket but its own identity policy grants nothing (docs/aws-authorization.md#cross-account-two-evaluations)', () => {
    const b = m.blocked.find((x) => x.principals.members[0]!.id === ARN.analyticsDeploy)!;
    expect(b).toMatchObject({ decision: 'ImplicitDeny', gate: 'identity', side: 'caller', account: '555555555555' });
  });

  it('asks only the targets that name something outside their account', () => {
    expect(m.targetsAsked).toBeLessThan(m.targetsTotal);
    expect(m.evaluations).toBeGreaterThan(0);
  });
});

describe('what the access map lists and leaves out', () => {
  const m = mapOf(FIXTURE);

  it('an account-root grant expands to the principals of that account whose own policies allow, classed by AWS access level', () => {
    const e = m.entries.filter((x) => x.target === 'arn:aws:s3:::app-shared');
    expect(e.map((x) => x.principals.members[0]!.id)).toEqual(['arn:aws:iam::111111111111:role/reader']);
    expect(e[0]!.classes).toEqual(['permissions-management', 'read']);
    expect(e[0]!.grants.map((g) => g.sid)).toEqual(['ManagementReads']);
  });

  it('a trust to an account outside the estate is Unknown on the caller side and carries the sts:ExternalId condition (docs/aws-authorization.md#sts-external-id)', () => {
    const e = m.entries.find((x) => x.target.endsWith('role/vendor-access'))!;
    expect(e).toMatchObject({ boundary: 'outside', decision: 'Unknown' });
    expect(e.actions[0]!.conditions).toEqual([{ StringEquals: { 'sts:ExternalId': 'ext-123' } }]);
  });

  it('a service whose aws:SourceAccount is the resource account is no cross-account access; one with no source condition is, for any account (docs/aws-authorization.md#service-principal-confused-deputy)', () => {
    expect(m.entries.some((x) => x.target.endsWith(':own-events'))).toBe(false);
    const open = m.entries.find((x) => x.target.endsWith(':open-events'))!;
    expect(open).toMatchObject({ boundary: 'service', sourceAccounts: 'any', decision: 'Allow' });
  });

  it('service trusts of roles are left to the findings: no entry for ec2.amazonaws.com', () => {
    expect(m.entries.some((x) => x.principals.members[0]!.kind === 'service' && x.kind === 'assume')).toBe(false);
  });

  it('is the same on a second run (ordering is stable)', () => {
    expect(rows(mapOf(FIXTURE))).toEqual(rows(m));
  });
});

describe('access-map of outside accounts', () => {
  it('an account trusted as a whole and not in the estate: what is missing is the identity policies of any of its principals, not of a stand-in ARN', () => {
    const m = mapOf(FIXTURE);
    const outside = m.entries.filter((e) => e.principals.members[0]!.id === 'arn:aws:iam::777777777777:root');
    expect(outside.length).toBeGreaterThan(0);
    for (const e of outside) for (const a of e.actions) for (const text of a.missing) {
      expect(text).not.toMatch(/role\/\*|assumed-role\/\*/);
      expect(text).toBe('the identity policies of the caller, any principal of account 777777777777 (not in the estate)');
    }
    expect(outside.flatMap((e) => e.actions.flatMap((a) => a.missing)).length).toBeGreaterThan(0);
  });
});

describe('access-map building blocks', () => {
  it('classes are AWS access levels from the service reference; permissions management wins over write', () => {
    expect(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutBucketPolicy', 'kms:Decrypt', 'nosuch:Thing'].map((a) => classOf(catalog, a))).toEqual([
      'read',
      'list',
      'write',
      'permissions-management',
      'write',
      'unknown',
    ]);
  });

  it('source accounts: every way in must pin one, through aws:SourceAccount or an ARN that names its account', () => {
    expect(sourceAccountsOf([{ StringEquals: { 'aws:SourceAccount': '111111111111' } }, { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:222222222222:t' } }])).toEqual(['111111111111', '222222222222']);
    expect(sourceAccountsOf([{ StringEquals: { 'aws:SourceAccount': '111111111111' } }, { Bool: { 'aws:SecureTransport': 'true' } }])).toBe('any');
    expect(sourceAccountsOf([{ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket' } }])).toBe('any');
    expect(sourceAccountsOf([{ StringNotEquals: { 'aws:SourceAccount': '111111111111' } }])).toBe('any');
    expect(sourceAccountsOf([])).toBe('any');
  });
});

const peersData = new URL('../../../shared/peers-data/', import.meta.url).pathname;

describe.skipIf(!existsSync(peersData))('access-map on the real exports (needs ../shared/peers-data, SOURCES.md)', () => {
  const mapOfExport = (name: string): AccessMap => {
    const loaded = loadEstate(`${peersData}${name}`, { catalog });
    return buildAccessMap(new AccessGraph(loaded.estate, { catalog }), { catalog });
  };

  it('the cloudsplaining sandbox account: two roles trusted from its management account, membership unknown (no organization in an authorization-details export)', () => {
    const m = mapOfExport('cloudsplaining-example-gaad.json');
    expect(m.entries.map((e) => [e.boundary, e.principals.members[0]!.accountId, e.target.split('/').pop()])).toEqual([
      ['unknown', '072528804237', 'OrganizationAccountAccessRole'],
      ['unknown', '072528804237', 'stacksets-exec-b5520cb2730c2f54b523d6375a319abb'],
    ]);
    expect(m.entries[0]!.notes).toContain(NO_EXTERNAL_ID_UNKNOWN_ORG_NOTE);
    expect(m.entries[0]!.decision).toBe('Unknown');
  });

  it('the cloudmapper demo: a role that trusts "*" is public', () => {
    const m = mapOfExport('cloudmapper-demo-gaad.json');
    expect(m.entries.map((e) => [e.boundary, e.kind, e.target])).toEqual([['public', 'assume', 'arn:aws:iam::123456789012:role/bad_role']]);
    // the graph asks about anyone through a stand-in session of an account no estate has: the answer names whom it stands for
    expect(m.entries[0]!.actions[0]!.missing).toEqual(['the identity policies of the caller, any principal of any AWS account']);
  });
});
