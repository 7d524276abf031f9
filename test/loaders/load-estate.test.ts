import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUncollected } from '../../src/core/model/estate.js';
import { loadEstate, type LoadedEstate } from '../../src/loaders/load-estate.js';
import { Progress } from '../../src/loaders/progress.js';
import { loadSnapshot } from '../../src/loaders/snapshot/load-snapshot.js';
import { errors, expectDiagnostic, fixtureCopy, fixtures, peersData, repoRoot, tempFile } from './loader-helpers.js';

describe('loadEstate: telling the inputs apart (docs/inputs.md)', () => {
  const cases: ReadonlyArray<[string, string, LoadedEstate['kind'], number]> = [
    ['a scenario file', 'examples/org-estate.yaml', 'scenario', 8],
    ['a JSON scenario file', 'test/fixtures/scenarios/all-pass.json', 'scenario', 1],
    ['a snapshot folder', 'test/fixtures/snapshots/two-accounts', 'snapshot', 2],
    ['an iam-collect storage folder', 'test/fixtures/iam-collect', 'iam-collect', 2],
    ['an iam-collect `aws/` folder', 'test/fixtures/iam-collect/aws', 'iam-collect', 2],
    ['an iam-collect partition folder', 'test/fixtures/iam-collect/aws/aws', 'iam-collect', 2],
  ];
  it.each(cases)('%s', (_, rel, kind, accounts) => {
    const loaded = loadEstate(path.join(repoRoot, rel));
    expect([loaded.kind, loaded.unusable ?? false, loaded.estate.accounts.size]).toEqual([kind, false, accounts]);
    expect(errors(loaded.diagnostics)).toEqual([]);
  });

  it('a snapshot folder without a manifest is told by its accounts/ folder', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': null });
    expect(loadEstate(dir).kind).toBe('snapshot');
  });

  it('returns a scenario\'s requests', () => {
    const loaded = loadEstate(path.join(repoRoot, 'examples/org-estate.yaml'));
    expect(loaded.requests?.length).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(peersData))('an authorization-details export (needs ../shared/peers-data)', () => {
    const loaded = loadEstate(path.join(peersData, 'cloudmapper-demo-gaad.json'));
    expect([loaded.kind, loaded.estate.organizationStatus, loaded.estate.accounts.get('123456789012')?.roles.size]).toEqual(['authorization-details', 'not-collected', 4]);
  });

  it('names file paths as the user gave them', () => {
    const dir = fixtureCopy('snapshots/two-accounts', { 'manifest.json': null });
    const loaded = loadEstate(dir);
    expect(loaded.diagnostics.find((d) => d.code === 'snapshot/no-manifest')?.source?.file).toBe(path.join(dir, 'manifest.json'));
  });
});

interface BadInput {
  readonly name: string;
  /** Builds the input; returns the path to load and the folder diagnostics are relative to. */
  readonly make: () => { readonly input: string; readonly root: string };
  readonly code: string;
  readonly file: string;
  readonly pointer: string;
  readonly line?: number;
  readonly unusable: boolean;
}

const ALLOW = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const BASE64 = Buffer.from(JSON.stringify(ALLOW)).toString('base64');

function file(name: string, text: string): { input: string; root: string } {
  const input = tempFile(name, text);
  return { input, root: path.dirname(input) };
}

function folder(fixture: string, edits: Readonly<Record<string, string | null>>): { input: string; root: string } {
  const dir = fixtureCopy(fixture, edits);
  return { input: dir, root: dir };
}

const BAD_INPUTS: readonly BadInput[] = [
  { name: 'a truncated JSON file', make: () => file('export.json', '{\n  "UserDetailList": [\n'), code: 'load/invalid-json', file: 'export.json', pointer: '', line: 3, unusable: true },
  { name: 'JSON that is no accepted input', make: () => file('other.json', '{"hello": "world"}'), code: 'load/unknown-layout', file: 'other.json', pointer: '', unusable: true },
  { name: 'YAML that is not a scenario', make: () => file('other.yaml', 'hello: world\n'), code: 'load/unknown-layout', file: 'other.yaml', pointer: '', unusable: true },
  { name: 'a folder of an unknown layout', make: () => ({ input: path.join(repoRoot, 'docs'), root: repoRoot }), code: 'load/unknown-layout', file: 'docs', pointer: '', unusable: true },
  { name: 'a path that does not exist', make: () => ({ input: path.join(repoRoot, 'no-such-estate'), root: repoRoot }), code: 'load/not-found', file: 'no-such-estate', pointer: '', unusable: true },
  {
    name: 'an export with an array where an object belongs',
    make: () => file('export.json', '{\n  "UserDetailList": [\n    ["alice"]\n  ]\n}\n'),
    code: 'gaad/invalid-shape',
    file: 'export.json',
    pointer: '/UserDetailList/0',
    line: 3,
    unusable: false,
  },
  {
    name: 'an export with a policy in a fourth encoding (base64)',
    make: () => file('export.json', `{\n  "RoleDetailList": [\n    {"RoleName": "r", "Arn": "arn:aws:iam::111111111111:role/r",\n     "AssumeRolePolicyDocument": "${BASE64}"}\n  ]\n}\n`),
    code: 'policy/undecodable-document',
    file: 'export.json',
    pointer: '/RoleDetailList/0/AssumeRolePolicyDocument',
    line: 4,
    unusable: false,
  },
  {
    name: 'a snapshot with a truncated file',
    make: () => folder('snapshots/two-accounts', { 'accounts/222222222222/sqs/eu-west-1/orders/list-queue-tags.json': '{"Tags": {"app": ' }),
    code: 'snapshot/invalid-json',
    file: 'accounts/222222222222/sqs/eu-west-1/orders/list-queue-tags.json',
    pointer: '',
    line: 1,
    unusable: false,
  },
  {
    name: 'a snapshot with an array where an object belongs',
    make: () => folder('snapshots/two-accounts', { 'organization/describe-organization.json': '{\n  "Organization": []\n}\n' }),
    code: 'snapshot/invalid-shape',
    file: 'organization/describe-organization.json',
    pointer: '/Organization',
    line: 2,
    unusable: false,
  },
  {
    name: 'a snapshot with a number where a string belongs',
    make: () => folder('snapshots/two-accounts', { 'organization/children/r-ab12.ous.json': '{\n  "OrganizationalUnits": [\n    {"Id": 12, "Name": "x"}\n  ]\n}\n' }),
    code: 'snapshot/invalid-shape',
    file: 'organization/children/r-ab12.ous.json',
    pointer: '/OrganizationalUnits/0/Id',
    line: 3,
    unusable: false,
  },
  {
    name: 'a snapshot with a key policy in a fourth encoding (base64)',
    make: () => folder('snapshots/two-accounts', { 'accounts/222222222222/kms/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json': `{\n  "PolicyName": "default",\n  "Policy": "${BASE64}"\n}\n` }),
    code: 'policy/undecodable-document',
    file: 'accounts/222222222222/kms/eu-west-1/1234abcd-12ab-34cd-56ef-1234567890ab/get-key-policy.json',
    pointer: '/Policy',
    line: 3,
    unusable: false,
  },
];

describe('loadEstate: bad input is a diagnostic with code, file, pointer and line', () => {
  it.each(BAD_INPUTS)('$name → $code', (c) => {
    const { input, root } = c.make();
    const loaded = loadEstate(input);
    expectDiagnostic(loaded.diagnostics, root, { code: c.code, file: c.file, pointer: c.pointer, ...(c.line !== undefined ? { line: c.line } : {}) });
    expect(loaded.unusable ?? false).toBe(c.unusable);
  });

  it('an unknown layout lists the accepted inputs', () => {
    const loaded = loadEstate(path.join(repoRoot, 'docs'));
    expect(loaded.kind).toBe('unknown');
    expect(loaded.diagnostics[0]?.help).toMatch(/snapshot folder[\s\S]*iam-collect[\s\S]*get-account-authorization-details[\s\S]*trustmap: scenario\/v1/);
    expect(loaded.estate.accounts.size).toBe(0);
  });

  it('a broken scenario file is the scenario loader\'s to report', () => {
    const loaded = loadEstate(path.join(fixtures, 'scenarios/syntax-error.yaml'));
    expect([loaded.kind, loaded.unusable]).toEqual(['scenario', true]);
    expect(loaded.diagnostics[0]?.code).toBe('yaml/parse-error');
  });
});

describe('progress for long loads', () => {
  it('says nothing in the first second, then at most once a second', () => {
    let t = 0;
    const seen: string[] = [];
    const progress = new Progress((m) => seen.push(m), () => t);
    for (const at of [0, 500, 999, 1000, 1500, 1999, 2000, 2100, 3500]) {
      t = at;
      progress.tick(() => `at ${at}`);
    }
    expect(seen).toEqual(['at 1000', 'at 2000', 'at 3500']);
  });

  it('a slow snapshot load reports accounts loaded', () => {
    let t = 0;
    const seen: string[] = [];
    loadSnapshot(path.join(fixtures, 'snapshots/two-accounts'), {
      onProgress: (m) => seen.push(m),
      now: () => (t += 1100),
    });
    expect(seen).toEqual([
      'listing buckets and key aliases 1/2…',
      'listing buckets and key aliases 2/2…',
      ...[1, 2].map((n) => expect.stringMatching(new RegExp(`^loading accounts ${n}/2… \\(heap [\\d,]+ MB of [\\d,]+ MB\\)$`))),
    ]);
  });
});

const SCRIPT = path.join(repoRoot, 'scripts/collect-snapshot.sh');
const hasBash = spawnSync('bash', ['--version']).status === 0;

describe.skipIf(!hasBash)('scripts/collect-snapshot.sh', () => {
  it('is valid bash (bash -n)', () => {
    expect(spawnSync('bash', ['-n', SCRIPT]).status).toBe(0);
  });

  it('documents its flags', () => {
    const help = execFileSync('bash', [SCRIPT, '--help'], { encoding: 'utf8' });
    for (const flag of ['--output', '--profile', '--regions', '--organization']) expect(help).toContain(flag);
  });

  it('refuses to run without an output folder', () => {
    expect(spawnSync('bash', [SCRIPT], { encoding: 'utf8' }).status).toBe(2);
  });

  it('encodes names holding `/` as one segment, and writes error records as the layout asks', () => {
    const out = execFileSync('bash', ['-c', `source "${SCRIPT}"; urlencode 'prod/db+x@y'; echo; dir=$(mktemp -d); write_error "$dir/e.json" NoSuchBucketPolicy $'The "policy"\\ndoes not exist'; cat "$dir/e.json"`], { encoding: 'utf8' });
    const [encoded, record] = out.split('\n');
    expect(decodeURIComponent(encoded!)).toBe('prod/db+x@y');
    expect(encoded).toBe('prod%2Fdb%2Bx%40y');
    expect(JSON.parse(record!)).toEqual({ Error: { Code: 'NoSuchBucketPolicy', Message: 'The "policy" does not exist' } });
  });

  it('collects a snapshot that the loader reads (with a stand-in AWS CLI)', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'trustmap-fake-aws-'));
    copyFileSync(path.join(fixtures, 'fake-aws/aws'), path.join(bin, 'aws'));
    chmodSync(path.join(bin, 'aws'), 0o755);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'trustmap-collected-')), 'snapshot');
    mkdirSync(out);
    const run = spawnSync('bash', [SCRIPT, '-o', out, '-r', 'eu-west-1'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ format: 'trustmap-snapshot', version: 1, partition: 'aws', collector: 'aws-cli', organization: 'none' });

    const loaded = loadEstate(out);
    expect(errors(loaded.diagnostics)).toEqual([]);
    expect(loaded.kind).toBe('snapshot');
    expect(loaded.estate.organizationStatus).toBe('none');
    const account = loaded.estate.accounts.get('999999999999')!;
    expect(account.users.get('bob')?.accessKeys).toEqual([{ id: 'AKIABOB', status: 'Inactive' }]);
    expect(account.canonicalId).toBe('c0ffee');
    const bucket = loaded.estate.resources.get('arn:aws:s3:::data-bucket')!;
    expect(bucket.policy).toBeNull(); // NoSuchBucketPolicy
    expect(isUncollected(bucket.s3?.acl)).toBe(true); // AccessDenied
    expect(bucket.s3?.objectOwnership).toBe('BucketOwnerEnforced');
    expect(loaded.estate.resources.get('arn:aws:sqs:eu-west-1:999999999999:jobs')?.tags).toEqual({});
    expect(loaded.estate.resources.has('arn:aws:secretsmanager:eu-west-1:999999999999:secret:prod/db-Ab12Cd')).toBe(true);
    expect(account.collectedServices).toEqual(['kms', 'lambda', 's3', 'secretsmanager', 'sns', 'sqs']);
  });
});
