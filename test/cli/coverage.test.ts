import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAccessMap } from '../../src/cli/access-map.js';
import type { CommandIo } from '../../src/cli/command-io.js';
import { runDiff } from '../../src/cli/diff.js';
import { runFindings } from '../../src/cli/findings.js';
import { runReport } from '../../src/cli/report.js';
import { runWhoCan } from '../../src/cli/who-can.js';
import type { EstateCoverage } from '../../src/core/model/estate-coverage.js';
import { fixtureCopy } from '../loaders/loader-helpers.js';

/**
 * An empty or partial estate is not a clean estate (docs/inputs.md, "Coverage"): nothing collected
 * is unusable input, partial coverage is stated in every answer, and `--require-complete` refuses it.
 */
type Io = CommandIo & { out: string; err: string };
function io(flags: { requireComplete?: boolean } = {}): Io {
  return { out: '', err: '', ...flags, stdout(t) { this.out += t; }, stderr(t) { this.err += t; } };
}

const ROLE = 'arn:aws:iam::111111111111:role/deploy';

/** A snapshot whose collection found no account (run without credentials, say). */
function emptySnapshot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-empty-'));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'trustmap-snapshot', version: 1, partition: 'aws', organization: 'not-collected' }));
  return dir;
}

/** The two-account snapshot where account 222222222222 refused `get-account-authorization-details`. */
function refusedSnapshot(): string {
  return fixtureCopy('snapshots/two-accounts', {
    'accounts/222222222222/iam/get-account-authorization-details.json': '{\n  "Error": {\n    "Code": "AccessDenied",\n    "Message": "User is not authorized to perform: iam:GetAccountAuthorizationDetails"\n  }\n}\n',
  });
}

const COMMANDS: ReadonlyArray<[string, (estate: string, o: Io) => Promise<number>]> = [
  ['who-can', (e, o) => runWhoCan(e, { resource: ROLE, format: 'json' }, o)],
  ['access-map', (e, o) => runAccessMap(e, { format: 'json' }, o)],
  ['findings', (e, o) => runFindings(e, { format: 'json' }, o)],
  ['report', (e, o) => runReport(e, { format: 'json' }, o)],
  ['diff', (e, o) => runDiff(e, e, { format: 'json' }, o)],
];

describe('an empty snapshot is refused: nothing to analyse', () => {
  it.each(COMMANDS)('%s exits 2 with load/nothing-collected, and prints no answer', async (_, run) => {
    const o = io();
    expect(await run(emptySnapshot(), o)).toBe(2);
    expect(o.out).toBe('');
    expect(o.err).toMatch(/error load\/nothing-collected: nothing to analyse in `[^`]+` \(snapshot\): it holds no account/);
  });
});

describe('a snapshot with a refused call states its coverage', () => {
  it.each(COMMANDS.filter(([name]) => name !== 'diff' && name !== 'who-can'))('%s: a warning that names what is missing, and `coverage` in the JSON', async (_, run) => {
    const o = io();
    expect(await run(refusedSnapshot(), o)).toBe(0);
    expect(o.err).toMatch(/warning load\/partial-coverage: `[^`]+` covers part of the estate: 1 of 2 accounts collected; answers about the other 1 are Unknown; .*\d+ calls? refused in 1 account/);
    const coverage = (JSON.parse(o.out) as { coverage: EstateCoverage }).coverage;
    expect(coverage).toMatchObject({ accounts: 2, iamCollected: 1, iamNotCollected: ['222222222222'], complete: false });
    expect(coverage.refusedCalls).toContainEqual({ account: '222222222222', file: expect.stringMatching(/accounts\/222222222222\/iam\/get-account-authorization-details\.json$/), code: 'AccessDenied' });
  });

  it.each(COMMANDS)('%s --require-complete exits 2 with load/incomplete', async (_, run) => {
    const o = io({ requireComplete: true });
    expect(await run(refusedSnapshot(), o)).toBe(2);
    expect(o.out).toBe('');
    expect(o.err).toContain('error load/incomplete: ');
  });

  it('SARIF carries it in the run properties', async () => {
    const o = io();
    expect(await runFindings(refusedSnapshot(), { format: 'sarif' }, o)).toBe(0);
    const sarif = JSON.parse(o.out) as { runs: Array<{ properties?: { coverage?: EstateCoverage } }> };
    expect(sarif.runs[0]!.properties?.coverage?.iamNotCollected).toEqual(['222222222222']);
  });

  it('the report states it at a glance', async () => {
    const o = io();
    expect(await runReport(refusedSnapshot(), { format: 'markdown' }, o)).toBe(0);
    expect(o.out).toMatch(/\| \*\*Coverage\*\* \| partial: 1 of 2 accounts collected; answers about the other 1 are Unknown; /);
  });

  it('the bundled example is complete, and --require-complete accepts it', async () => {
    const o = io({ requireComplete: true });
    expect(await runAccessMap('examples/org-estate-snapshot', { format: 'json' }, o)).toBe(0);
    expect((JSON.parse(o.out) as { coverage: EstateCoverage }).coverage.complete).toBe(true);
    expect(o.err).not.toContain('partial-coverage');
  });
});

describe('a lone export that lists other accounts: every command says "organization not known"', () => {
  const EXPORT = 'test/fixtures/lone-export/export.json';

  it('who-can, access-map and findings classify 333333333333/role/ci-runner alike', async () => {
    let o = io();
    await runWhoCan(EXPORT, { resource: ROLE, format: 'json' }, o);
    const who = JSON.parse(o.out) as { principals: Array<{ principal: { id: string }; group: string }> };
    expect(who.principals.find((p) => p.principal.id === 'arn:aws:iam::333333333333:role/ci-runner')?.group).toBe('unknown');
    o = io();
    await runAccessMap(EXPORT, { format: 'json' }, o);
    const map = JSON.parse(o.out) as { entries: Array<{ principals: { first: { id: string } }; boundary: string }> };
    expect(map.entries.map((e) => [e.principals.first.id, e.boundary])).toEqual([['arn:aws:iam::333333333333:role/ci-runner', 'unknown']]);
    o = io();
    await runFindings(EXPORT, { format: 'json' }, o);
    const findings = JSON.parse(o.out) as { findings: Array<{ message: string }> };
    expect(findings.findings.map((f) => f.message).join('\n')).toContain('of an organization that was not collected');
    expect(findings.findings.map((f) => f.message).join('\n')).not.toContain('outside the organization');
  });

  it('its coverage says the resources were not collected', async () => {
    const o = io();
    await runAccessMap(EXPORT, { format: 'json' }, o);
    const coverage = (JSON.parse(o.out) as { coverage: EstateCoverage }).coverage;
    expect(coverage.complete).toBe(false);
    expect(coverage.services.every((s) => s.accounts === 0)).toBe(true);
    // 333333333333 is there only through the roles this export names: known in part, not collected
    expect(coverage).toMatchObject({ accounts: 2, iamCollected: 1, iamNotCollected: ['333333333333'], iamPartial: ['333333333333'] });
  });
});
