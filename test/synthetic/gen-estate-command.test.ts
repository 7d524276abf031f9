import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command-io.js';
import { readGenEstateArgs } from '../../src/synthetic/gen-estate-args.js';
import { runGenEstate } from '../../src/synthetic/gen-estate-command.js';

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  let clock = 0;
  const code = runGenEstate(argv, io, () => (clock += 100));
  return { code, stdout, stderr };
}

const SIZE = ['--accounts', '5', '--roles-per-account', '8', '--resources-per-account', '10'];

describe('npm run gen:estate', () => {
  it('reads its flags, with the default seed', () => {
    expect(readGenEstateArgs([...SIZE, '--out', 'x'])).toEqual({ kind: 'run', out: 'x', options: { accounts: 5, rolesPerAccount: 8, resourcesPerAccount: 10, seed: 'trustmap' } });
    expect(readGenEstateArgs(['--accounts=6', '--roles-per-account=9', '--resources-per-account=11', '--out=y', '--seed', 's'])).toMatchObject({ kind: 'run', options: { accounts: 6, seed: 's' } });
    expect(readGenEstateArgs([...SIZE, '--out', 'x', '--profile', 'dense'])).toEqual({ kind: 'run', out: 'x', options: { accounts: 5, rolesPerAccount: 8, resourcesPerAccount: 10, seed: 'trustmap', profile: 'dense' } });
    expect(readGenEstateArgs([...SIZE, '--out', 'x', '--profile=default'])).toMatchObject({ kind: 'run', options: { profile: 'default' } });
    expect(readGenEstateArgs([...SIZE, '--out', 'x', '--identity-center'])).toEqual({ kind: 'run', out: 'x', options: { accounts: 5, rolesPerAccount: 8, resourcesPerAccount: 10, seed: 'trustmap', identityCenter: true } });
  });

  it.each([
    [[], ['`--accounts` is required', '`--roles-per-account` is required', '`--resources-per-account` is required', '`--out` is required: the folder to write the snapshot to']],
    [['--accounts', '3', '--roles-per-account', '8', '--resources-per-account', '10', '--out', 'x'], ['`--accounts` must be a whole number from 5 to 100,000, not `3`']],
    [['--accounts', 'many', '--roles-per-account', '8', '--resources-per-account', '10', '--out', 'x'], ['`--accounts many` is not a whole number']],
    [[...SIZE, '--out', 'x', '--tenants', '4'], [expect.stringMatching(/^unknown option '--tenants'/)]],
    [[...SIZE, '--out', 'x', '--profile', 'bogus'], ['`--profile bogus` is not a profile: use `default` or `dense`']],
    [[...SIZE, '--out', 'x', '--identity-center=yes'], [expect.stringMatching(/^option '--identity-center' does not take an argument/)]],
  ])('refuses %j with exit 2 and every problem named', (argv, problems) => {
    const args = readGenEstateArgs(argv);
    expect(args).toEqual({ kind: 'invalid', problems });
    const { code, stderr, stdout } = run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('usage: npm run gen:estate');
  });

  it('prints its usage for --help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run gen:estate -- --accounts N/);
    expect(stdout).toContain('--profile default|dense');
    expect(stdout).toContain('--identity-center');
  });

  it('writes the snapshot and says what it wrote', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'trustmap-gen-')), 'estate');
    const { code, stdout, stderr } = run([...SIZE, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^wrote 5 accounts \\(\\d+ roles, 50 resources\\) in [\\d,]+ files to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in [\\d.]+ s \\(seed \`trustmap\`\\)\\n$`));
    expect(stderr).toMatch(/^(writing accounts \d\/5…\n)*$/);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
  });

  it('writes a dense estate and names its profile', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'trustmap-gen-')), 'estate');
    const { code, stdout } = run([...SIZE, '--out', out, '--profile', 'dense']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ \(seed `trustmap`, profile `dense`\)\n$/);
  });

  it('writes an estate with IAM Identity Center and says so', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'trustmap-gen-')), 'estate');
    const { code, stdout } = run([...SIZE, '--out', out, '--identity-center']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ \(seed `trustmap`, IAM Identity Center\)\n$/);
    expect(existsSync(path.join(out, 'identity-center'))).toBe(true);
  });

  it('refuses with exit 2 a folder that holds something other than a snapshot', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'trustmap-gen-'));
    writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    const { code, stderr } = run([...SIZE, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: cannot write the snapshot: `.*` is not empty and holds no snapshot/);
  });
});
