import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDiff, type DiffFlags } from '../../src/cli/diff.js';

/** The fixture whose principals the access map groups into sets (docs/access-map.md#principal-sets). */
const FIXTURE = 'test/fixtures/access-map/principal-classes.yaml';
const work = mkdtempSync(path.join(tmpdir(), 'trustmap-diff-sets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixtureWith(name: string, from: string, to: string): string {
  const text = readFileSync(FIXTURE, 'utf8');
  expect(text.split(from).length - 1).toBe(1);
  const file = path.join(work, `${name}.yaml`);
  writeFileSync(file, text.replace(from, to));
  return file;
}

/** A third worker in prod-b, with the same policies: it joins every set its account's workers are in. */
const JOINED = fixtureWith(
  'joined',
  '      - { name: worker-2, trustPolicy: Ec2Trust, policies: [ReadAnything] }',
  '      - { name: worker-2, trustPolicy: Ec2Trust, policies: [ReadAnything] }\n      - { name: worker-3, trustPolicy: Ec2Trust, policies: [ReadAnything] }',
);

/** Dev's reader loses its clearance tag: the Dev SCP now denies it s3:PutObject, and it moves to the set that may only read. */
const NARROWED = fixtureWith(
  'narrowed',
  '      - { name: reader-1, trustPolicy: Ec2Trust, policies: [ReadAnything], tags: { clearance: "yes" } }',
  '      - { name: reader-1, trustPolicy: Ec2Trust, policies: [ReadAnything] }',
);

async function diff(before: string, after: string, flags: Partial<DiffFlags> = {}): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await runDiff(before, after, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: () => undefined });
  return { code, stdout };
}

describe('trustmap diff on principal sets (docs/diff.md, docs/access-map.md#format-version)', () => {
  it('a principal that joins a set is new access: the set is changed, the principal joined and gained, and --fail-on-new cross-account fails', async () => {
    const r = await diff(FIXTURE, JOINED, { failOnNew: ['cross-account'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('10 principals in 4 accounts → arn:aws:s3:::org-wide (');
    expect(r.stdout).toMatch(/principals: 9 → 10\n\s+joined \(1\): prod-b\/role\/worker-3/);
    const json = await runJson(FIXTURE, JOINED);
    const changed = json.access.changed.find((c) => c.after.target === 'arn:aws:s3:::org-wide')!;
    expect(changed.joined).toEqual(['arn:aws:iam::333333333333:role/worker-3']);
    expect(changed.gained).toEqual(['arn:aws:iam::333333333333:role/worker-3']);
  });

  it('a principal that moves to a set with less access gained nothing: --fail-on-new is not crossed, and the loss shows', async () => {
    const r = await diff(FIXTURE, NARROWED, { failOnNew: ['cross-account', 'external'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/principals: 9 → 8\n\s+left \(1\): dev\/role\/reader-1/);
    const json = await runJson(FIXTURE, NARROWED);
    expect(json.access.added.length).toBeGreaterThan(0);
    for (const e of json.access.added) expect(e.gained).toEqual([]);
    for (const c of json.access.changed) expect(c.gained).toEqual([]);
  });

  it('--expand lists every member of a set that appears or changes', async () => {
    const r = await diff(FIXTURE, NARROWED, { expand: true });
    expect(r.stdout).toMatch(/members \(2\): dev\/role\/reader-1, dev\/role\/worker-1/);
  });
});

async function runJson(before: string, after: string): Promise<{
  access: { added: Array<{ gained: string[] }>; changed: Array<{ after: { target: string }; joined: string[]; gained: string[] }> };
}> {
  let stdout = '';
  await runDiff(before, after, { format: 'json' }, { stdout: (s) => void (stdout += s), stderr: () => undefined });
  return JSON.parse(stdout);
}
