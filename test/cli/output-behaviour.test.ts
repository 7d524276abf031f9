import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { renderDiagnosticsGrouped } from '../../src/reporters/diagnostics-text.js';

/** How every command behaves at its edges: a closed pipe, repeated diagnostics, `--quiet` (docs/cli.md). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'examples/org-estate.yaml';

function shell(script: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('bash', ['-c', `set -o pipefail; ${script}`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const TRUSTMAP = `"${process.execPath}" --import tsx src/cli/main.ts`;

describe('a closed pipe ends the output quietly', () => {
  it('`findings --format sarif | head -1` prints one line, no EPIPE stack trace, and exits 0', () => {
    // the SARIF of the example is about 77 kB, more than a pipe holds, so the writer meets the closed pipe
    const run = shell(`${TRUSTMAP} findings ${EXAMPLE} --format sarif --quiet | head -1`);
    expect(run.stdout).toBe('{\n');
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(run.status).toBe(0);
  });

  it('keeps the exit code the command would have had: a --fail-on threshold crossed is still 1', () => {
    const run = shell(`${TRUSTMAP} findings ${EXAMPLE} --format sarif --fail-on high --quiet | head -1`);
    expect(run.stderr).not.toMatch(/EPIPE/);
    expect(run.status).toBe(1);
  });
});

describe('--quiet keeps errors only, in every command', () => {
  it.each([
    ['check', [EXAMPLE]],
    ['explain', [EXAMPLE, '--principal', 'arn:aws:sts::555555555555:assumed-role/ml-training/job-7', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::example-prod-data-lake/features/users.parquet']],
    ['findings', [EXAMPLE]],
    ['access-map', [EXAMPLE]],
    ['who-can', [EXAMPLE, '--resource', 'arn:aws:s3:::example-prod-data-lake']],
    ['report', [EXAMPLE]],
  ])('%s: the example prints its warning and note without --quiet, nothing on stderr with it', (command, args) => {
    const loud = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command, ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(loud.stderr).toContain('warning policy/rcp-unsupported-service');
    const quiet = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command, ...args, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(quiet.stderr).toBe('');
    expect(quiet.status).toBe(loud.status);
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it('still prints errors', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', 'test/fixtures/scenarios/typo-expected.yaml', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('error scenario/unknown-field');
  });

  it('is listed in every command’s help', () => {
    const program = buildProgram({ stdout: () => {}, stderr: () => {} });
    expect(program.commands.map((c) => c.name()).sort()).toEqual(['access-map', 'check', 'diff', 'explain', 'findings', 'merge', 'paths', 'replay', 'report', 'serve', 'what-can', 'who-can']);
    for (const command of program.commands) expect(command.helpInformation(), command.name()).toContain('-q, --quiet');
  });
});

describe('repeated diagnostics of one code are grouped with a count', () => {
  // Made-up codes keep the expected text short; the grouping does not care what a code means.
  const d = (code: string, line: number, severity: Diagnostic['severity'] = 'warning'): Diagnostic => ({ code: code as Diagnostic['code'], severity, message: `m${line}`, source: { file: 'f.json', pointer: `/${line}`, line } });

  it('prints the first three of a code, then counts the rest and says where they all are', () => {
    const ds = [d('a/x', 1), d('b/y', 2), d('a/x', 3), d('a/x', 4), d('a/x', 5), d('a/x', 6)];
    expect(renderDiagnosticsGrouped(ds)).toBe(
      [
        'f.json:1: warning a/x: m1',
        'f.json:3: warning a/x: m3',
        'f.json:4: warning a/x: m4',
        '… and 2 more warning a/x (5 in all; `--format json` lists every one)',
        'f.json:2: warning b/y: m2',
        '',
      ].join('\n'),
    );
  });

  it('prints every diagnostic when no code repeats more than three times', () => {
    const ds = [d('a/x', 1), d('a/x', 2), d('a/x', 3), d('b/y', 4, 'error')];
    expect(renderDiagnosticsGrouped(ds).split('\n').filter(Boolean)).toHaveLength(4);
  });
});
