import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run-command.js';
import { runAccessMap, type AccessMapFlags } from '../../src/cli/access-map.js';
import type { AccessMapJson } from '../../src/reporters/access-map-json.js';
import { runExplain, type ExplainFlags } from '../../src/cli/explain.js';
import type { PersonExplainJson } from '../../src/cli/explain-person.js';
import { runPaths, type PathsFlags } from '../../src/cli/paths.js';
import { runWhatCan, type WhatCanFlags } from '../../src/cli/what-can.js';
import { runWhoCan, type WhoCanFlags } from '../../src/cli/who-can.js';
import type { WhoCanJson } from '../../src/reporters/who-can-json.js';

const LINKED = 'test/fixtures/identity-center/linked.yaml';
const OBJECT = 'arn:aws:s3:::prod-lake/data.csv';

const whoCan = (flags: Partial<WhoCanFlags>, estate = LINKED) => run(runWhoCan, estate, { format: 'text', ...flags });
const whatCan = (flags: Partial<WhatCanFlags>) => run(runWhatCan, LINKED, { format: 'text', ...flags });
const paths = (flags: Partial<PathsFlags>) => run(runPaths, LINKED, { format: 'text', ...flags });
const explain = (flags: Partial<ExplainFlags>) => run(runExplain, LINKED, { format: 'text', ...flags } as ExplainFlags);

describe('who-can names the people behind IAM Identity Center roles (docs/paths-and-who-can.md)', () => {
  it('groups people by how they get in: through a group, or assigned directly', async () => {
    const r = await whoCan({ resource: OBJECT });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('people, through IAM Identity Center (d-1111111111):');
    expect(r.stdout).toContain('  group Platform → permission set AdministratorAccess in prod (222222222222)');
    expect(r.stdout).toContain('    alice@example.com (Alice), bob@example.com (Bob)');
    expect(r.stdout).toContain('  assigned directly → permission set DataRead in prod (222222222222)');
    expect(r.stdout).toContain('    carol@example.com (Carol)');
    // Provisioned where nobody is assigned: its role has access, and no person does through it.
    expect(r.stdout).not.toMatch(/permission set AuditReadOnly/);
  });

  it('says it in JSON with a kind that names Identity Center', async () => {
    const r = await whoCan({ resource: OBJECT, format: 'json' });
    const json = JSON.parse(r.stdout) as WhoCanJson;
    expect(json.people.map((p) => [p.kind, p.via, p.group, p.permissionSet, p.users.map((u) => u.userName)])).toEqual([
      ['identity-center', 'group', 'Platform', 'AdministratorAccess', ['alice@example.com', 'bob@example.com']],
      ['identity-center', 'direct', null, 'DataRead', ['carol@example.com']],
    ]);
    expect(json.people[1]!.access).toEqual([{ action: 's3:GetObject', resource: OBJECT, decision: 'Allow', chain: [] }]);
  });
});

describe('people as principals: sso:<user> and sso-group:<group> (docs/cli.md, "People as principals")', () => {
  it('explain asks once per session the person signs in as, and draws the most permissive', async () => {
    const r = await explain({ principal: 'sso:alice@example.com', action: 's3:GetObject', resource: OBJECT });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alice@example.com (Alice, IAM Identity Center d-1111111111) signs in through IAM Identity Center by 2 routes:');
    expect(r.stdout).toContain('  group Platform → permission set Billing in management (111111111111): no provisioned role in the account (identity-center/assignment-role-missing)');
    expect(r.stdout).toContain('  group Platform → permission set AdministratorAccess in prod (222222222222): Allow');
    expect(r.stdout).toContain('the most permissive, as arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com:');
    const json = JSON.parse((await explain({ principal: 'sso:alice@example.com', action: 's3:PutObject', resource: OBJECT, format: 'json' })).stdout) as PersonExplainJson;
    expect(json.principal).toMatchObject({ kind: 'identity-center-user', userName: 'alice@example.com' });
    expect(json.routes.map((x) => [x.via, x.permissionSet, x.decision])).toEqual([
      ['group', 'Billing', null],
      ['group', 'AdministratorAccess', 'Allow'],
    ]);
    expect(json.best).toBe(1);
    expect(json.routes[1]!.explanation?.decision).toBe('Allow');
  });

  it('a person without the access is denied on every route', async () => {
    const json = JSON.parse((await explain({ principal: 'sso:carol@example.com', action: 's3:PutObject', resource: OBJECT, format: 'json' })).stdout) as PersonExplainJson;
    expect(json.routes.map((x) => x.decision)).toEqual(['ImplicitDeny']);
  });

  it('what-can and paths answer for each role a group or a user signs in as', async () => {
    const group = await whatCan({ principal: 'sso-group:Platform' });
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('── group Platform → permission set AdministratorAccess in prod (222222222222), as prod/role/AWSReservedSSO_AdministratorAccess_0123456789abcdef:');
    expect(group.stdout).toContain('s3:GetObject arn:aws:s3:::prod-lake/*: Allow, directly');
    const json = JSON.parse((await whatCan({ principal: 'sso:carol@example.com', format: 'json' })).stdout) as { principal: { kind: string }; routes: Array<{ via: string; answer: { reachable: unknown[] } | null }> };
    expect(json.principal.kind).toBe('identity-center-user');
    expect(json.routes.map((x) => x.via)).toEqual(['direct']);
    expect(json.routes[0]!.answer?.reachable.length).toBeGreaterThan(0);
    const p = await paths({ from: 'sso:carol@example.com', to: 'arn:aws:s3:::prod-lake/x', action: 's3:GetObject' });
    expect(p.stdout).toContain('1. Allow, 1 hop');
  });

  it('an unknown person is unusable input with a did-you-mean, and explain refuses a group', async () => {
    const typo = await paths({ from: 'sso:carl@example.com', to: 'arn:aws:s3:::prod-lake/x', action: 's3:GetObject' });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('paths/unknown-principal');
    expect(typo.stderr).toContain('did you mean `sso:carol@example.com`?');
    const group = await explain({ principal: 'sso-group:Platform', action: 's3:GetObject', resource: OBJECT });
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('explain/invalid-principal');
    const none = await run(runWhatCan, 'test/corpus/sts/external-id.yaml', { format: 'text', principal: 'sso:alice@example.com' } as WhatCanFlags);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('holds no IAM Identity Center');
  });
});

describe('people as principals in Mermaid', () => {
  it('draws one diagram: the first route with a role, every route as a comment', async () => {
    const r = await run(runWhatCan, LINKED, { format: 'mermaid', principal: 'sso-group:Platform' } as WhatCanFlags);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines.filter((l) => l.startsWith('flowchart'))).toHaveLength(1);
    expect(r.stdout).toContain('%% drawn: group Platform → permission set AdministratorAccess in prod (222222222222)');
  });
});

describe('access-map names the people behind cross-account access (docs/access-map.md)', () => {
  it('an entry whose principals are Identity Center roles lists who signs in as them', async () => {
    const text = await run(runAccessMap, LINKED, { format: 'text' } as AccessMapFlags);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('prod/role/AWSReservedSSO_DataRead_89abcdef01234567 (222222222222) → arn:aws:s3:::shared-data (partner-data 333333333333): read');
    expect(text.stdout).toContain('    people: carol@example.com assigned directly (permission set DataRead)');
    const json = JSON.parse((await run(runAccessMap, LINKED, { format: 'json' } as AccessMapFlags)).stdout) as AccessMapJson;
    expect(json.entries.map((e) => e.people.map((p) => [p.kind, p.via, p.permissionSet, p.users.map((u) => u.userName)]))).toEqual([[['identity-center', 'direct', 'DataRead', ['carol@example.com']]]]);
  });
});

describe('a person named in two Identity Center instances', () => {
  it('is refused until the instance is named, and answered once it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustmap-ic-'));
    const file = join(dir, 'two.yaml');
    writeFileSync(
      file,
      [
        'trustmap: scenario/v1',
        'accounts:',
        '  "111111111111": {}',
        'identityCenter:',
        '  - { identityStoreId: d-1111111111, users: [{ userName: alice@example.com }] }',
        '  - { identityStoreId: d-2222222222, users: [{ userName: alice@example.com }] }',
        '',
      ].join('\n'),
    );
    const both = await run(runWhatCan, file, { format: 'text', principal: 'sso:alice@example.com' } as WhatCanFlags);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('names 2 users of IAM Identity Center (d-1111111111, d-2222222222)');
    expect(both.stderr).toContain('`sso:d-1111111111/alice@example.com`');
    const one = await run(runWhatCan, file, { format: 'text', principal: 'sso:d-2222222222/alice@example.com' } as WhatCanFlags);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('alice@example.com (IAM Identity Center d-2222222222) signs in through IAM Identity Center by 0 routes:');
  });
});
