import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDiff, type DiffFlags } from '../../src/cli/diff.js';

const EXAMPLE = 'examples/org-estate.yaml';
const SNAPSHOT = 'examples/org-estate-snapshot';
const work = mkdtempSync(path.join(tmpdir(), 'trustmap-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the example with one edit: the edit must apply exactly once. */
function exampleWith(name: string, from: string, to: string): string {
  const text = readFileSync(EXAMPLE, 'utf8');
  expect(text.split(from).length - 1).toBe(1);
  const file = path.join(work, `${name}.yaml`);
  writeFileSync(file, text.replace(from, to));
  return file;
}

/** The example's central CI trust (prod/role/deploy) gains an outside account's role. */
const OPENED = exampleWith(
  'opened',
  'Principal: { AWS: "arn:aws:iam::333333333333:role/ci-runner" }',
  'Principal: { AWS: ["arn:aws:iam::333333333333:role/ci-runner", "arn:aws:iam::999999999999:role/integration"] }',
);

/** Mistake 5 fixed: the vendor's trust requires an sts:ExternalId. */
const VENDOR_FIXED = exampleWith(
  'vendor-fixed',
  'Principal: { AWS: "arn:aws:iam::999999999999:root" }\n              Action: sts:AssumeRole\n',
  'Principal: { AWS: "arn:aws:iam::999999999999:root" }\n              Action: sts:AssumeRole\n              Condition: { StringEquals: { sts:ExternalId: "acme-7f3a" } }\n',
);

async function diff(before: string, after: string, flags: Partial<DiffFlags> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runDiff(before, after, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

interface DiffJson {
  access: {
    added: Array<{ boundary: string; principals: { first: { id: string } }; target: string; decision: string }>;
    removed: Array<{ boundary: string; principals: { first: { id: string } }; target: string }>;
    changed: Array<{ before: { decision: string }; after: { decision: string; principals: { first: { id: string } }; target: string }; widened: unknown[]; narrowed: Array<{ action: string; decision: string }> }>;
  };
  findings: { added: Array<{ ruleId: string; subject: string; fingerprint: string }>; fixed: Array<{ ruleId: string; subject: string }> };
  failedOn: string[];
}

async function diffJson(before: string, after: string, flags: Partial<DiffFlags> = {}): Promise<{ code: number; json: DiffJson }> {
  const r = await diff(before, after, { ...flags, format: 'json' });
  return { code: r.code, json: JSON.parse(r.stdout) as DiffJson };
}

describe('trustmap diff (docs/diff.md)', () => {
  it('catches a path added between two versions of the example, and fails CI on it', async () => {
    const { code, json } = await diffJson(EXAMPLE, OPENED, { failOnNew: ['external'] });
    expect(code).toBe(1);
    expect(json.failedOn).toEqual(['external']);
    expect(json.access.added).toEqual([
      expect.objectContaining({ boundary: 'outside', principals: expect.objectContaining({ count: 1, first: expect.objectContaining({ id: 'arn:aws:iam::999999999999:role/integration' }) }), target: 'arn:aws:iam::444444444444:role/deploy', decision: 'Allow' }),
    ]);
    expect(json.access.removed).toEqual([]);
    expect(json.access.changed).toEqual([]);
    expect(json.findings.added.map((f) => f.ruleId)).toContain('trust-outside-organization-without-external-id');
    expect(json.findings.added.find((f) => f.ruleId === 'trust-outside-organization-without-external-id')?.subject).toBe('arn:aws:iam::444444444444:role/deploy');
    // the outsider already reached the dead-letter queue through the vendor role: a second way in is not a new finding, nor the old one fixed
    expect(json.findings.fixed).toEqual([]);
    expect(json.findings.added.map((f) => f.subject)).not.toContain('arn:aws:sqs:us-east-1:444444444444:orders-dlq');
  });

  it('prints the new access with its boundary, the new findings and the threshold crossed', async () => {
    const r = await diff(EXAMPLE, OPENED, { failOnNew: ['external'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^cross-account access: 1 new, 0 removed, 0 changed$/m);
    expect(r.stdout).toContain('+ [outside the organization] acme-monitoring/role/integration (999999999999) → arn:aws:iam::444444444444:role/deploy (prod 444444444444): assume role');
    expect(r.stdout).toMatch(/^ {2}\+ high trust-outside-organization-without-external-id arn:aws:iam::444444444444:role\/deploy: /m);
    expect(r.stdout).toMatch(/^fail: new external \(--fail-on-new\)$/m);
  });

  it.each([
    ['external', 1],
    ['cross-account', 1],
    ['finding', 1],
  ] as const)('--fail-on-new %s on an opened path → exit %i', async (kind, code) => {
    expect((await diff(EXAMPLE, OPENED, { failOnNew: [kind] })).code).toBe(code);
  });

  it('a path taken away is removed access, and never fails --fail-on-new', async () => {
    const { code, json } = await diffJson(OPENED, EXAMPLE, { failOnNew: ['external,cross-account,finding'] });
    expect(code).toBe(0);
    expect(json.access.added).toEqual([]);
    expect(json.access.removed.map((e) => e.principals.first.id)).toEqual(['arn:aws:iam::999999999999:role/integration']);
    expect(json.findings.fixed.map((f) => f.ruleId)).toContain('trust-outside-organization-without-external-id');
    expect(json.failedOn).toEqual([]);
  });

  it('a trust that gains an sts:ExternalId condition is narrowed access, and its finding is fixed', async () => {
    const { code, json } = await diffJson(EXAMPLE, VENDOR_FIXED, { failOnNew: ['external'] });
    expect(code).toBe(0);
    expect(json.access.added).toEqual([]);
    const changed = json.access.changed.find((c) => c.after.target === 'arn:aws:iam::444444444444:role/acme-monitoring');
    expect(changed?.before.decision).toBe('Allow');
    expect(changed?.after.decision).toBe('Conditional');
    expect(changed?.narrowed.map((a) => a.action)).toEqual(['sts:AssumeRole']);
    expect(json.findings.fixed.map((f) => `${f.ruleId} ${f.subject}`)).toContain('trust-outside-organization-without-external-id arn:aws:iam::444444444444:role/acme-monitoring');
    expect(json.findings.added).toEqual([]);
  });

  it('the scenario and its snapshot are the same estate: nothing new, nothing fixed', async () => {
    const { code, json } = await diffJson(EXAMPLE, SNAPSHOT, { failOnNew: ['external', 'cross-account', 'finding'] });
    expect(code).toBe(0);
    expect(json.access).toEqual({ added: [], removed: [], changed: [] });
    expect(json.findings).toEqual({ added: [], fixed: [] });
  });

  it('docs/diff.md shows what the command prints for its example', async () => {
    const doc = readFileSync('docs/diff.md', 'utf8');
    const block = /```console\n\$ npm run trustmap -- diff examples\/org-estate.yaml edited.yaml --fail-on-new external\n([\s\S]*?)\$ echo/.exec(doc)![1]!;
    const r = await diff(EXAMPLE, OPENED, { failOnNew: ['external'] });
    const printed = r.stdout.split('\n');
    const shown = block.split('\n').filter((l) => l !== '' && !l.includes('…'));
    expect(shown.length).toBeGreaterThan(8);
    for (const line of shown) expect(printed).toContain(line);
    const snippet = /```yaml\n( {12}- Sid: CentralCI[\s\S]*?)```/.exec(doc)![1]!;
    expect(readFileSync(OPENED, 'utf8')).toContain(snippet);
  });

  it.each([
    ['an unknown --fail-on-new kind', [EXAMPLE, OPENED], { failOnNew: ['public'] }, 'diff/invalid-fail-on-new'],
    ['a missing old estate', ['does-not-exist.yaml', OPENED], {}, 'load/'],
    ['a missing new estate', [EXAMPLE, 'does-not-exist.yaml'], {}, 'load/'],
    ['a malformed --context', [EXAMPLE, OPENED], { context: ['novalue'] }, ''],
    ['a missing --known-accounts file', [EXAMPLE, OPENED], { knownAccounts: 'no-such-file.yaml' }, ''],
  ] as const)('%s → exit 2 with a diagnostic and nothing on stdout', async (_name, [before, after], flags, code) => {
    const r = await diff(before, after, flags as Partial<DiffFlags>);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(code);
  });
});
