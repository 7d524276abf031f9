import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Estate, Role } from '../../src/core/model/estate.js';
import { normalizeTimestamp } from '../../src/core/model/timestamp.js';
import { loadAuthorizationDetailsFile } from '../../src/loaders/authorization-details/load-authorization-details.js';
import { loadIamCollect } from '../../src/loaders/iam-collect/load-iam-collect.js';
import { loadScenarioText } from '../../src/loaders/scenario/load-scenario-file.js';
import { loadSnapshot } from '../../src/loaders/snapshot/load-snapshot.js';
import { errors, expectDiagnostic, fixtureCopy, fixtures, gaadRole as sharedGaadRole, peersData, tempFile } from './loader-helpers.js';

/**
 * What the loaders keep for a later "usage" feature: when each role was last used (`RoleLastUsed`
 * of the authorization-details export, a scenario role's `lastUsed`) and when the estate was taken
 * (the snapshot manifest's `collectedAt`, a scenario's).
 */

const ACCOUNT = '111111111111';

function roleOf(estate: Estate, name: string, accountId = ACCOUNT): Role {
  const found = estate.accounts.get(accountId)?.roles.get(name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
}

function gaadRole(name: string, extra: Record<string, unknown>): Record<string, unknown> {
  return sharedGaadRole(ACCOUNT, name, extra);
}

describe('timestamps as the inputs write them, kept as ISO 8601 UTC', () => {
  it.each([
    ['2022-08-07 12:56:48+00:00', '2022-08-07T12:56:48Z'],
    ['2022-08-07T12:56:48Z', '2022-08-07T12:56:48Z'],
    ['2022-08-07T12:56:48.000Z', '2022-08-07T12:56:48Z'],
    ['2022-08-07T12:56:48.250Z', '2022-08-07T12:56:48.250Z'],
    ['2022-08-07T14:56:48+02:00', '2022-08-07T12:56:48Z'],
    ['2022-12-31T23:30:00-01:00', '2023-01-01T00:30:00Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['2022-02-30T00:00:00Z', undefined],
    ['2022-08-07T24:00:00Z', undefined],
    ['2022-08-07', undefined],
    ['2022-08-07T12:56:48', undefined],
    ['yesterday', undefined],
    ['', undefined],
  ])('%s → %s', (text, iso) => {
    expect(normalizeTimestamp(text)).toBe(iso);
  });
});

describe('get-account-authorization-details: a role\'s RoleLastUsed', () => {
  const cases: ReadonlyArray<{ readonly name: string; readonly field: Record<string, unknown>; readonly lastUsed: Role['lastUsed'] | 'absent'; readonly warns?: boolean }> = [
    { name: 'export-format', field: { RoleLastUsed: { LastUsedDate: '2022-08-07 12:56:48+00:00', Region: 'us-east-1' } }, lastUsed: { date: '2022-08-07T12:56:48Z', region: 'us-east-1' } },
    { name: 'iso-format', field: { RoleLastUsed: { LastUsedDate: '2022-08-07T12:56:48Z', Region: 'eu-west-1' } }, lastUsed: { date: '2022-08-07T12:56:48Z', region: 'eu-west-1' } },
    { name: 'no-region', field: { RoleLastUsed: { LastUsedDate: '2022-08-07T12:56:48Z' } }, lastUsed: { date: '2022-08-07T12:56:48Z' } },
    { name: 'never-used', field: { RoleLastUsed: {} }, lastUsed: null },
    { name: 'not-collected', field: {}, lastUsed: 'absent' },
    { name: 'null-object', field: { RoleLastUsed: null }, lastUsed: 'absent' },
    { name: 'invalid-date', field: { RoleLastUsed: { LastUsedDate: 'last tuesday', Region: 'us-east-1' } }, lastUsed: 'absent', warns: true },
  ];
  const file = tempFile('gaad.json', `${JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: cases.map((c) => gaadRole(c.name, c.field)), Policies: [] }, null, 2)}\n`);
  const loaded = loadAuthorizationDetailsFile(file);

  it.each(cases)('$name', (c) => {
    const role = roleOf(loaded.estate, c.name);
    if (c.lastUsed === 'absent') expect('lastUsed' in role).toBe(false);
    else expect(role.lastUsed).toEqual(c.lastUsed);
  });

  it('reports the unreadable date at its pointer and line, as a warning, and nothing else', () => {
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['gaad/invalid-last-used']);
    const i = cases.findIndex((c) => c.warns);
    const d = expectDiagnostic(loaded.diagnostics, path.dirname(file), { code: 'gaad/invalid-last-used', file: 'gaad.json', pointer: `/RoleDetailList/${i}/RoleLastUsed/LastUsedDate`, severity: 'warning' });
    expect(d.source?.line).toBeGreaterThan(1);
    expect(d.message).toContain('last tuesday');
  });

  it('reports a RoleLastUsed of the wrong shape as the export\'s other wrong shapes', () => {
    const bad = tempFile('gaad.json', JSON.stringify({ RoleDetailList: [gaadRole('r', { RoleLastUsed: { LastUsedDate: 42 } }), gaadRole('s', { RoleLastUsed: 'yesterday' })] }));
    const result = loadAuthorizationDetailsFile(bad);
    expect(result.diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([
      ['gaad/invalid-shape', '/RoleDetailList/0/RoleLastUsed/LastUsedDate'],
      ['gaad/invalid-shape', '/RoleDetailList/1/RoleLastUsed'],
    ]);
    expect('lastUsed' in roleOf(result.estate, 'r')).toBe(false);
    expect('lastUsed' in roleOf(result.estate, 's')).toBe(false);
  });

  it('a lone export does not say when it was taken', () => {
    expect(loaded.estate.collectedAt).toBeUndefined();
  });
});

describe.skipIf(!existsSync(peersData))('a real export (needs ../shared/peers-data, SOURCES.md)', () => {
  it('cloudsplaining-example-gaad.json: 26 of its 78 roles carry a last-used date, the rest none recorded', () => {
    const loaded = loadAuthorizationDetailsFile(path.join(peersData, 'cloudsplaining-example-gaad.json'));
    expect(errors(loaded.diagnostics)).toEqual([]);
    expect(loaded.diagnostics.filter((d) => d.code === 'gaad/invalid-last-used')).toEqual([]);
    const roles = [...loaded.estate.accounts.values()].flatMap((a) => [...a.roles.values()]);
    const dated = roles.filter((r) => r.lastUsed);
    expect(roles).toHaveLength(78);
    expect(dated).toHaveLength(26);
    expect(roles.filter((r) => r.lastUsed === null)).toHaveLength(52);
    for (const r of dated) expect(r.lastUsed!.date, r.arn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(dated.map((r) => r.lastUsed!.region)).toContain('us-east-1');
  });

  it('cloudmapper-demo-gaad.json has no RoleLastUsed: not collected', () => {
    const loaded = loadAuthorizationDetailsFile(path.join(peersData, 'cloudmapper-demo-gaad.json'));
    const roles = [...loaded.estate.accounts.values()].flatMap((a) => [...a.roles.values()]);
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) expect('lastUsed' in r, r.arn).toBe(false);
  });
});

describe('a snapshot: the IAM export\'s RoleLastUsed, the manifest\'s collectedAt', () => {
  const MANIFEST = (collectedAt: unknown) => JSON.stringify({ format: 'trustmap-snapshot', version: 1, partition: 'aws', collectedAt, collector: 'aws-cli', organization: 'collected' }, null, 2);

  it.each([
    ['2026-11-28T09:00:00Z', '2026-11-28T09:00:00Z'],
    ['2026-11-28 10:00:00+01:00', '2026-11-28T09:00:00Z'],
  ])('the manifest\'s `collectedAt` %s is the estate\'s %s', (text, iso) => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': MANIFEST(text) });
    const result = loadSnapshot(dir);
    expect(result.estate.collectedAt).toBe(iso);
    expect(result.diagnostics.filter((d) => d.code === 'snapshot/invalid-collected-at')).toEqual([]);
  });

  it('the committed fixture\'s manifest says when it was taken', () => {
    expect(loadSnapshot(path.join(fixtures, 'snapshots/two-accounts')).estate.collectedAt).toBe('2026-11-28T09:00:00Z');
  });

  it('a manifest without `collectedAt` leaves it absent', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': JSON.stringify({ format: 'trustmap-snapshot', version: 1 }) });
    const result = loadSnapshot(dir);
    expect('collectedAt' in result.estate).toBe(false);
    expect(result.diagnostics.filter((d) => d.code === 'snapshot/invalid-collected-at')).toEqual([]);
  });

  it('an unreadable `collectedAt` is a warning at its line, and left absent', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': MANIFEST('late November') });
    const result = loadSnapshot(dir);
    expect('collectedAt' in result.estate).toBe(false);
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/invalid-collected-at', file: 'manifest.json', pointer: '/collectedAt', line: 5, severity: 'warning' });
  });

  it('a `collectedAt` that is not a string is the usual wrong shape', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': MANIFEST(20261128) });
    const result = loadSnapshot(dir);
    expect('collectedAt' in result.estate).toBe(false);
    expectDiagnostic(result.diagnostics, dir, { code: 'snapshot/invalid-shape', file: 'manifest.json', pointer: '/collectedAt', severity: 'error' });
  });

  it('reads RoleLastUsed from accounts/<id>/iam/get-account-authorization-details.json', () => {
    const rel = `accounts/${ACCOUNT}/iam/get-account-authorization-details.json`;
    const gaad = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [gaadRole('used', { RoleLastUsed: { LastUsedDate: '2026-11-02 08:00:00+00:00', Region: 'eu-west-1' } }), gaadRole('unused', { RoleLastUsed: {} }), gaadRole('bad', { RoleLastUsed: { LastUsedDate: '2026-13-01 00:00:00+00:00' } })], Policies: [] };
    const dir = fixtureCopy('snapshots/two-accounts', { [rel]: JSON.stringify(gaad, null, 2) });
    const result = loadSnapshot(dir);
    expect(roleOf(result.estate, 'used').lastUsed).toEqual({ date: '2026-11-02T08:00:00Z', region: 'eu-west-1' });
    expect(roleOf(result.estate, 'unused').lastUsed).toBeNull();
    expect('lastUsed' in roleOf(result.estate, 'bad')).toBe(false);
    expectDiagnostic(result.diagnostics, dir, { code: 'gaad/invalid-last-used', file: rel, pointer: '/RoleDetailList/2/RoleLastUsed/LastUsedDate', severity: 'warning' });
  });
});

describe('an iam-collect store: no RoleLastUsed is stored', () => {
  // iam-collect's role metadata.json holds arn, name, id, path, created and permissionBoundary only
  // (src/syncs/iam/authorizationDetails.ts), so when a role was last used is not collected.
  it('leaves every role\'s lastUsed absent, and the estate\'s collectedAt', () => {
    const loaded = loadIamCollect(path.join(fixtures, 'iam-collect'));
    const roles = [...loaded.estate.accounts.values()].flatMap((a) => [...a.roles.values()]);
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) expect('lastUsed' in r, r.arn).toBe(false);
    expect('collectedAt' in loaded.estate).toBe(false);
  });
});

describe('a scenario: a role\'s `lastUsed`, the top-level `collectedAt`', () => {
  const scenario = (role: string, top = '') => `trustmap: scenario/v1\n${top}accounts:\n  "${ACCOUNT}":\n    roles:\n      - name: r\n${role}`;

  it.each([
    ['a date and time', '        lastUsed: 2026-11-02T08:00:00Z\n', { date: '2026-11-02T08:00:00Z' }],
    ['one with an offset', '        lastUsed: "2026-11-02T10:00:00+02:00"\n', { date: '2026-11-02T08:00:00Z' }],
    ['never', '        lastUsed: never\n', null],
  ] as const)('%s', (_what, line, lastUsed) => {
    const loaded = loadScenarioText(scenario(line), 'case.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(roleOf(loaded.estate, 'r').lastUsed).toEqual(lastUsed);
  });

  it.each([
    ['omitted', ''],
    ['null', '        lastUsed: null\n'],
  ])('%s: not known', (_what, line) => {
    const loaded = loadScenarioText(scenario(line), 'case.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect('lastUsed' in roleOf(loaded.estate, 'r')).toBe(false);
  });

  it.each([
    ['a word other than never', '        lastUsed: yesterday\n', 'scenario/invalid-value'],
    ['a date without a time', '        lastUsed: 2026-11-02\n', 'scenario/invalid-value'],
    ['a day that does not exist', '        lastUsed: 2026-02-30T08:00:00Z\n', 'scenario/invalid-value'],
    ['a number', '        lastUsed: 20261102\n', 'scenario/invalid-type'],
    ['a mapping', '        lastUsed: { date: 2026-11-02T08:00:00Z }\n', 'scenario/invalid-type'],
  ])('%s is an error at its line, and the role is kept without it', (_what, line, code) => {
    const loaded = loadScenarioText(scenario(line), 'case.yaml');
    expect(loaded.diagnostics.map((d) => [d.code, d.severity, d.source?.pointer, d.source?.line])).toEqual([[code, 'error', `/accounts/${ACCOUNT}/roles/0/lastUsed`, 6]]);
    expect('lastUsed' in roleOf(loaded.estate, 'r')).toBe(false);
  });

  it('a misspelt `lastUsed` is an unknown field, with the right spelling offered', () => {
    const loaded = loadScenarioText(scenario('        lastUse: never\n'), 'case.yaml');
    expect(loaded.diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([['scenario/unknown-field', `/accounts/${ACCOUNT}/roles/0/lastUse`]]);
    expect(loaded.diagnostics[0]!.help).toContain('lastUsed');
  });

  it('`collectedAt` at the top level is the estate\'s, in UTC', () => {
    const loaded = loadScenarioText(scenario('', 'collectedAt: "2026-11-28 10:00:00+01:00"\n'), 'case.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.estate.collectedAt).toBe('2026-11-28T09:00:00Z');
  });

  it('without `collectedAt` the estate does not say', () => {
    expect('collectedAt' in loadScenarioText(scenario(''), 'case.yaml').estate).toBe(false);
  });

  it('an unreadable `collectedAt` is an error at its line, and left absent', () => {
    const loaded = loadScenarioText(scenario('', 'collectedAt: soon\n'), 'case.yaml');
    expect(loaded.diagnostics.map((d) => [d.code, d.severity, d.source?.pointer, d.source?.line])).toEqual([['scenario/invalid-value', 'error', '/collectedAt', 2]]);
    expect('collectedAt' in loaded.estate).toBe(false);
  });
});
