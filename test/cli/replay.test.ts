import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runReplay, type ReplayFlags } from '../../src/cli/replay.js';

/**
 * `trustmap replay` on the bundled example (examples/cloudtrail, made by `npm run gen:cloudtrail`
 * from the example's own requests, with one call allowed before a bucket policy change): every
 * modelled call agrees except the one behind the change, which is drift; an edited estate shows a
 * gap; unreadable logs fail closed (docs/cloudtrail.md#replay).
 */
const LOGS = 'examples/cloudtrail';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'trustmap-replay-'));
  dirs.push(d);
  return d;
}

async function replay(estate: string, logs: readonly string[], flags: Partial<ReplayFlags> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runReplay(estate, logs, { format: 'text', ...flags }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), quiet: true });
  return { code, stdout, stderr };
}

describe('trustmap replay on the bundled example', () => {
  it.each(['examples/org-estate.yaml', 'examples/org-estate-snapshot'])('%s: agrees on every call but the one a policy change explains', async (estate) => {
    const r = await replay(estate, [LOGS], { format: 'json' });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.schema).toBe('trustmap/replay/v1');
    expect(json.logs).toMatchObject({ files: 8, records: 32, invalidRecords: 0, unreadableFiles: 0 });
    expect(json.joined).toBe(15);
    expect(json.totals).toMatchObject({ compared: 16, agree: 15, gap: 0, drift: 1, conditional: 0, unknown: 0, unresolved: 0, policyChanges: 1 });
    const [drift] = json.disagreements;
    expect(drift).toMatchObject({ kind: 'drift', aws: 'allowed', decision: 'ImplicitDeny', eventName: 'GetObject', count: 1 });
    expect(drift.changes).toEqual([{ entity: 'resource:arn:aws:s3:::example-prod-data-lake', eventName: 'PutBucketPolicy', time: '2026-10-31T23:01:00Z' }]);
    expect(drift.explain.decision).toBe('ImplicitDeny');
  });

  it('prints agreement by service, then each disagreement with its explain', async () => {
    const r = await replay('examples/org-estate.yaml', [LOGS]);
    expect(r.stdout).toContain('Replayed 17 calls, 2026-10-31T23:00:00Z to 2026-11-01T00:14:00Z');
    expect(r.stdout).toMatch(/^s3\s+9\s+8\s+0\s+1\s+0\s+0\s+0\s+0$/m);
    expect(r.stdout).toMatch(/^secretsmanager\s+1\s+1\s+0\s+0/m);
    expect(r.stdout).toMatch(/^sts\s+5\s+5\s+0\s+0/m);
    expect(r.stdout).toContain('Drift (a policy change falls between the call and the snapshot):');
    expect(r.stdout).toContain('changed: resource:arn:aws:s3:::example-prod-data-lake by PutBucketPolicy at 2026-10-31T23:01:00Z');
    expect(r.stdout).toContain('ImplicitDeny: decided by resource on the target side (account 444444444444)');
  });

  it('--fail-on disagreement trips on drift; --fail-on gap does not', async () => {
    expect((await replay('examples/org-estate.yaml', [LOGS], { failOn: 'disagreement' })).code).toBe(1);
    expect((await replay('examples/org-estate.yaml', [LOGS], { failOn: 'gap' })).code).toBe(0);
  });

  it('a change after the snapshot is not drift: --snapshot-time before the change makes it a gap', async () => {
    const r = await replay('examples/org-estate.yaml', [LOGS], { format: 'json', snapshotTime: '2026-10-31T23:00:30Z' });
    expect(JSON.parse(r.stdout).totals).toMatchObject({ gap: 1, drift: 0 });
    expect((await replay('examples/org-estate.yaml', [LOGS], { failOn: 'gap', snapshotTime: '2026-10-31T23:00:30Z' })).code).toBe(1);
  });

  it('an estate edited after the logs shows up as a gap: a trust removed refuses calls AWS allowed', async () => {
    const dir = temp();
    const edited = readFileSync('examples/org-estate.yaml', 'utf8').replace(
      'Principal: { AWS: "arn:aws:iam::333333333333:role/ci-runner" }',
      'Principal: { AWS: "arn:aws:iam::333333333333:role/someone-else" }',
    );
    expect(edited).not.toBe(readFileSync('examples/org-estate.yaml', 'utf8'));
    writeFileSync(join(dir, 'estate.yaml'), edited);
    const r = await replay(join(dir, 'estate.yaml'), [LOGS], { format: 'json' });
    const json = JSON.parse(r.stdout);
    expect(json.totals).toMatchObject({ gap: 1, drift: 1 });
    const gap = json.disagreements.find((d: { kind: string }) => d.kind === 'gap');
    expect(gap).toMatchObject({ aws: 'allowed', decision: 'ImplicitDeny', eventName: 'AssumeRole', request: { resource: 'arn:aws:iam::444444444444:role/deploy' } });
    expect(gap.explain.decidedBy).toBe('trust');
  });
});

describe('trustmap replay fails closed on logs it cannot read', () => {
  it('a truncated .gz among the logs: a diagnostic, the rest replayed, exit 2', async () => {
    const dir = temp();
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    copyFileSync('examples/cloudtrail/AWSLogs/o-exmpl12345/555555555555/CloudTrail/us-east-1/2026/10/31/555555555555_CloudTrail_us-east-1_20261031T2300Z_Ku8VjRsy.json.gz', join(logs, 'good.json.gz'));
    const whole = gzipSync(JSON.stringify({ Records: [] }) + ' '.repeat(2000));
    writeFileSync(join(logs, 'cut.json.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    let stderr = '';
    let stdout = '';
    const code = await runReplay('examples/org-estate.yaml', [logs], { format: 'json' }, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    expect(code).toBe(2);
    expect(stderr).toContain('cloudtrail/truncated-gzip');
    expect(stderr).toContain('could not be read');
    expect(JSON.parse(stdout).totals.compared).toBe(1);
  });

  it('an empty folder is not "nothing disagrees": exit 2', async () => {
    const r = await replay('examples/org-estate.yaml', [temp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cloudtrail/no-logs');
  });

  it('a --fail-on or --snapshot-time it cannot read is unusable input', async () => {
    const bad = await replay('examples/org-estate.yaml', [LOGS], { failOn: 'gaps' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('replay/invalid-fail-on');
    const time = await replay('examples/org-estate.yaml', [LOGS], { snapshotTime: 'yesterday' });
    expect(time.code).toBe(2);
    expect(time.stderr).toContain('replay/invalid-snapshot-time');
  });
});
