import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import { isUncollected, type Estate, type Role, type Uncollected } from '../../src/core/model/estate.js';
import { identityCenterLinks } from '../../src/core/model/identity-center-links.js';
import type { IdentityCenterInstance, PermissionSet } from '../../src/core/model/identity-center.js';
import type { Policy } from '../../src/core/policy/policy-types.js';
import { snapshotFiles, writeSnapshot } from '../../src/exporters/snapshot/index.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { CORE } from '../../src/synthetic/estate-plan.js';
import { PERMISSION_SETS } from '../../src/synthetic/identity-center-plan.js';
import { buildSyntheticEstate, SyntheticEstateBuilder } from '../../src/synthetic/synthetic-estate.js';
import { bucketArn, SSO_ROLE_PATH, ssoSamlProviderArn } from '../../src/synthetic/synthetic-names.js';
import type { SyntheticEstateOptions } from '../../src/synthetic/synthetic-options.js';
import { writeSyntheticSnapshot } from '../../src/synthetic/write-synthetic-snapshot.js';
import { estateOutline } from '../exporters/estate-outline.js';

const catalog = loadServiceCatalog();
const BASE: SyntheticEstateOptions = { accounts: 20, rolesPerAccount: 12, resourcesPerAccount: 10, seed: 'test' };
const OPTIONS: SyntheticEstateOptions = { ...BASE, identityCenter: true };

const built = buildSyntheticEstate(OPTIONS);
const { estate, plan } = built;
const [instance] = [...(estate.identityCenter ?? new Map<string, IdentityCenterInstance>()).values()];

function collected<T>(value: T | Uncollected): T {
  if (isUncollected(value)) throw new Error('the generator left something uncollected');
  return value;
}

const permissionSets = (i: IdentityCenterInstance): ReadonlyMap<string, PermissionSet> => collected(i.permissionSets);
const ssoRoles = (e: Estate, accountId: string): Role[] => [...e.accounts.get(accountId)!.roles.values()].filter((r) => r.name.startsWith('AWSReservedSSO_'));
const doc = (policy: Policy | null | undefined | Uncollected) => (policy === null || policy === undefined || isUncollected(policy) ? policy : policy.document);

/**
 * The instance as plain data, in an order of its own: ids, names, assignments, and policies as
 * their documents; not where each was read from, nor the order it was listed in.
 */
function instanceOutline(i: IdentityCenterInstance): unknown {
  const { source: _, ...rest } = i;
  const unsourced = <T extends { readonly source?: unknown }>({ source: _s, ...x }: T) => x;
  const sorted = <T,>(items: readonly T[]): T[] => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    ...rest,
    permissionSets: sorted([...permissionSets(i).values()].map((p) => ({ ...unsourced(p), inlinePolicy: doc(p.inlinePolicy), provisionedAccounts: sorted(collected(p.provisionedAccounts)) }))),
    users: sorted([...collected(i.users).values()].map(unsourced)),
    groups: sorted([...collected(i.groups).values()].map((g) => ({ ...unsourced(g), memberIds: sorted(collected(g.memberIds)) }))),
    assignments: sorted(i.assignments.map(unsourced)),
  };
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

describe('the synthetic estate with IAM Identity Center', () => {
  it('parses every policy it writes without a diagnostic', () => {
    expect(built.diagnostics).toEqual([]);
  });

  it('holds one instance of the management account, scaled to the estate', () => {
    expect(estate.identityCenter?.size).toBe(1);
    expect(instance!.identityStoreId).toMatch(/^d-[0-9a-f]{10}$/);
    expect(instance!.instanceArn).toMatch(/^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);
    expect([instance!.ownerAccountId, instance!.region]).toEqual([plan.accounts[CORE.management]!.id, 'us-east-1']);
    const users = collected(instance!.users);
    const groups = [...collected(instance!.groups).values()];
    expect([users.size, groups.length, permissionSets(instance!).size]).toEqual([12, 6, 10]);
    expect([...permissionSets(instance!).values()].map((p) => p.name)).toEqual(PERMISSION_SETS.map((p) => p.name));
    for (const p of permissionSets(instance!).values()) expect(collected(p.managedPolicies).length > 0 || p.inlinePolicy !== null, p.name).toBe(true);
    for (const g of groups) expect(collected(g.memberIds).length, g.displayName).toBeGreaterThan(0);
    for (const user of users.values()) {
      const memberOf = groups.filter((g) => collected(g.memberIds).includes(user.id)).length;
      expect(memberOf, user.userName).toBeGreaterThanOrEqual(1);
      expect(memberOf, user.userName).toBeLessThanOrEqual(3);
    }
    const kinds = new Set(instance!.assignments.map((a) => a.principalType));
    expect(kinds).toEqual(new Set(['USER', 'GROUP']));
    for (const a of instance!.assignments) expect(a.principalType === 'USER' ? users.has(a.principalId) : groups.some((g) => g.id === a.principalId)).toBe(true);
  });

  it('scales users and groups with the accounts: 200 and 20 at 1,000 accounts', () => {
    const large = new SyntheticEstateBuilder({ accounts: 1000, rolesPerAccount: 8, resourcesPerAccount: 10, seed: 'test', identityCenter: true });
    expect([large.plan.identityCenter!.users.length, large.plan.identityCenter!.groups.length, large.plan.identityCenter!.permissionSetIds.length]).toEqual([200, 20, 10]);
  });

  it('provisions in the account of every assignment the role Identity Center creates for its permission set', () => {
    const byArn = permissionSets(instance!);
    for (const a of instance!.assignments) {
      const set = byArn.get(a.permissionSetArn)!;
      const roles = ssoRoles(estate, a.accountId).filter((r) => r.name.startsWith(`AWSReservedSSO_${set.name}_`));
      expect(roles.map((r) => r.name), `${set.name} in ${a.accountId}`).toEqual([expect.stringMatching(new RegExp(`^AWSReservedSSO_${set.name}_[0-9a-f]{16}$`))]);
      expect(set.provisionedAccounts).toContain(a.accountId);
    }
  });

  it('gives each such role the path, trust, policies and SAML provider Identity Center gives it', () => {
    const provider = (accountId: string) => ssoSamlProviderArn(plan.identityCenter!.samlProviderHex, accountId);
    for (const set of permissionSets(instance!).values()) {
      for (const accountId of collected(set.provisionedAccounts)) {
        const [role] = ssoRoles(estate, accountId).filter((r) => r.name.startsWith(`AWSReservedSSO_${set.name}_`));
        expect(role!.path).toBe(SSO_ROLE_PATH);
        expect(role!.arn).toBe(`arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/${role!.name}`);
        expect(doc(role!.trustPolicy)).toEqual({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Federated: provider(accountId) }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }],
        });
        const managed = collected(set.managedPolicies).map((m) => m.arn);
        expect(role!.policies.map((p) => p.name)).toEqual([...managed, ...(set.inlinePolicy !== null ? [`${role!.arn}#inline:AwsSSOInlinePolicy`] : [])]);
        if (set.inlinePolicy !== null) expect(doc(role!.policies.at(-1))).toEqual(doc(set.inlinePolicy));
        expect(estate.accounts.get(accountId)!.identityProviders).toContainEqual({ arn: provider(accountId), kind: 'saml' });
      }
    }
    // Exactly the provisioned permission sets: no role and no provider elsewhere.
    for (const account of estate.accounts.values()) {
      const provisioned = [...permissionSets(instance!).values()].filter((p) => collected(p.provisionedAccounts).includes(account.id)).map((p) => p.name);
      expect(ssoRoles(estate, account.id).map((r) => r.name.split('_')[1]).sort()).toEqual(provisioned.sort());
      expect(account.identityProviders.some((p) => p.kind === 'saml')).toBe(provisioned.length > 0);
    }
  });

  it('leaves at least one permission set provisioned where nobody is assigned', () => {
    const assigned = new Set(instance!.assignments.map((a) => `${a.permissionSetArn} ${a.accountId}`));
    const leftovers = [...permissionSets(instance!).values()].flatMap((p) => collected(p.provisionedAccounts).filter((id) => !assigned.has(`${p.arn} ${id}`)));
    expect(leftovers.length).toBeGreaterThanOrEqual(1);
    for (const id of leftovers) expect(ssoRoles(estate, id).length).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed gives the same instance and files, another seed another instance', () => {
    const again = buildSyntheticEstate(OPTIONS);
    expect(instanceOutline([...again.estate.identityCenter!.values()][0]!)).toEqual(instanceOutline(instance!));
    expect(snapshotFiles(again.estate)).toEqual(snapshotFiles(estate));
    const other = buildSyntheticEstate({ ...OPTIONS, seed: 'other' });
    expect([...other.estate.identityCenter!.keys()]).not.toEqual([...estate.identityCenter!.keys()]);
  });

  it('leaves the rest of the estate as it is without the option, and adds nothing without it', () => {
    const without = buildSyntheticEstate(BASE);
    expect(without.estate.identityCenter).toBeUndefined();
    expect(without.plan.identityCenter).toBeUndefined();
    expect(snapshotFiles(buildSyntheticEstate({ ...BASE, identityCenter: false }).estate)).toEqual(snapshotFiles(without.estate));
    // Take the Identity Center roles and SAML providers away: what is left is the estate without the option.
    const stripped: Estate = {
      ...without.estate,
      organization: estate.organization!,
      accounts: new Map(
        [...estate.accounts].map(([id, a]) => [
          id,
          { ...a, roles: new Map([...a.roles].filter(([name]) => !name.startsWith('AWSReservedSSO_'))), identityProviders: a.identityProviders.filter((p) => p.kind !== 'saml') },
        ]),
      ),
      resources: estate.resources,
    };
    expect(snapshotFiles(stripped)).toEqual(snapshotFiles(without.estate));
    const added = [...estate.accounts.values()].reduce((n, a) => n + ssoRoles(estate, a.id).length, 0);
    expect(plan.roleCounts.reduce((a, b) => a + b, 0)).toBe(without.plan.roleCounts.reduce((a, b) => a + b, 0) + added);
  });

  it('links every assignment to its role, and reports only the provisioning nobody uses', () => {
    const links = identityCenterLinks(estate);
    expect(links.routes.length).toBeGreaterThan(0);
    expect(links.routes.filter((r) => r.role === undefined)).toEqual([]);
    const assigned = new Set(instance!.assignments.map((a) => `${a.permissionSetArn} ${a.accountId}`));
    const leftovers = [...permissionSets(instance!).values()].flatMap((p) => collected(p.provisionedAccounts).filter((id) => !assigned.has(`${p.arn} ${id}`)).map((id) => `${p.name} ${id}`));
    expect(links.diagnostics.map((d) => d.code)).toEqual(leftovers.map(() => 'identity-center/provisioned-not-assigned'));
    expect(links.diagnostics.map((d) => /`(\w+)` is provisioned to account (\d+)/.exec(d.message)!.slice(1).join(' ')).sort()).toEqual(leftovers.sort());
  });

  it('writes account by account the folder writeSnapshot writes of the whole estate, which loads back the same', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-synthetic-sso-'));
    writeSyntheticSnapshot(new SyntheticEstateBuilder(OPTIONS), dir);
    const whole = mkdtempSync(path.join(tmpdir(), 'trustmap-synthetic-sso-whole-'));
    writeSnapshot(estate, whole);
    const files = filesUnder(whole).sort();
    expect(files.some((f) => f.startsWith('identity-center/'))).toBe(true);
    expect(filesUnder(dir).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(readFileSync(path.join(whole, file), 'utf8'));
    const loaded = loadEstate(dir, { catalog });
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(identityCenterLinks(estate).diagnostics.map((d) => d.code));
    expect(estateOutline(loaded.estate)).toEqual(estateOutline(estate));
    expect(instanceOutline([...loaded.estate.identityCenter!.values()][0]!)).toEqual(instanceOutline(instance!));
  });
});

describe('what the engine says of the Identity Center roles', () => {
  const lake = plan.accounts[plan.identityCenter!.dataLakeAccounts[0]!]!;
  const reader = ssoRoles(estate, lake.id).find((r) => r.name.startsWith('AWSReservedSSO_DataLakeReader_'))!;

  it('lets DataLakeReader read the data lake buckets of its account, through the data key for the SSE-KMS one', () => {
    for (const bucket of [0, 1]) {
      const result = evaluateRequest(estate, { principal: reader.arn, action: 's3:GetObject', resource: `${bucketArn(plan, lake, bucket)}/lake/part-0000.parquet`, context: { 'aws:SecureTransport': 'true' } }, { catalog });
      expect(result.hops.map((h) => `${h.action} ${h.decision}`), `bucket ${bucket}`).toEqual(bucket === 0 ? ['s3:GetObject Allow', 'kms:Decrypt Allow'] : ['s3:GetObject Allow']);
    }
  });

  it('refuses AssumeRoleWithSAML on the role, even from the account\'s Identity Center SAML provider with the sign-in audience (docs/aws-authorization.md#identity-center-no-saml-assumption)', () => {
    const provider = ssoSamlProviderArn(plan.identityCenter!.samlProviderHex, lake.id);
    const assume = (aud: string) => evaluateRequest(estate, { principal: provider, action: 'sts:AssumeRoleWithSAML', resource: reader.arn, context: { 'SAML:aud': aud } }, { catalog });
    const signIn = assume('https://signin.aws.amazon.com/saml');
    expect([signIn.decision, signIn.decidedBy, signIn.side]).toEqual(['ImplicitDeny', 'trust', 'target']);
    expect(assume('https://example.com/saml').decision).toBe('ImplicitDeny');
  });
});
