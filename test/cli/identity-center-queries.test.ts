import { describe, expect, it } from 'vitest';
import { runWhoCan, type WhoCanFlags } from '../../src/cli/who-can.js';
import type { WhoCanJson } from '../../src/reporters/who-can-json.js';

const LINKED = 'test/fixtures/identity-center/linked.yaml';
const OBJECT = 'arn:aws:s3:::prod-lake/data.csv';

type Run<F> = (estate: string, flags: F, io: { stdout(s: string): void; stderr(s: string): void }) => Promise<number>;

async function run<F>(command: Run<F>, estate: string, flags: F): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await command(estate, flags, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const whoCan = (flags: Partial<WhoCanFlags>, estate = LINKED) => run(runWhoCan, estate, { format: 'text', ...flags });

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
