import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
    // its only entity unreadable, no account's IAM is left: nothing to analyse (load/nothing-collected)
    unusable: true,
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
    for (const flag of ['--output', '--profile', '--regions', '--organization', '--strict']) expect(help).toContain(flag);
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
    const { run, out } = collect([]);
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
    // the refused ACL read (the stand-in's default) is listed and warned about, and is no failure
    expect(readJson(out, 'refused-calls.json')).toEqual([refusal('999999999999', 's3api get-bucket-acl', 'accounts/999999999999/s3/data-bucket/get-bucket-acl.json', 'eu-west-1')]);
    expect(run.stderr).toContain('collect-snapshot: warning: account 999999999999: s3api get-bucket-acl refused (AccessDenied)');
  });

  it('an account whose IAM export is refused: exit 3, named on stderr, recorded and listed; the rest is collected', () => {
    const { run, out } = collect(['-p', '999999999999', '-p', '222222222222'], '222222222222:iam get-account-authorization-details');
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain('collect-snapshot: account 222222222222: iam get-account-authorization-details refused (AccessDenied): its IAM is not collected\n');
    expect(run.stderr).not.toMatch(/account 999999999999: .*refused/);
    const iam = 'accounts/222222222222/iam/get-account-authorization-details.json';
    expect(readJson(out, iam)).toEqual({ Error: { Code: 'AccessDenied', Message: expect.stringContaining('is not authorized to perform: iam:GetAccountAuthorizationDetails') } });
    expect(readJson(out, 'refused-calls.json')).toEqual([{ ...refusal('222222222222', 'iam get-account-authorization-details', iam, null), profile: '222222222222' }]);

    // both accounts have every file; only the refused one holds an error that does not mean none
    expect(filesUnder(out, 'accounts/999999999999')).toEqual(ACCOUNT_FILES);
    expect(filesUnder(out, 'accounts/222222222222')).toEqual(ACCOUNT_FILES.map((f) => f.replace('data-bucket', 'data-bucket-222222222222')));
    expect(readJson(out, 'accounts/999999999999/iam/get-account-authorization-details.json')).toHaveProperty('UserDetailList');
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);

    const loaded = loadEstate(out);
    expect(loaded.estate.accounts.get('999999999999')?.users.has('bob')).toBe(true);
    expect(loaded.estate.accounts.get('222222222222')?.users.size ?? 0).toBe(0);
    expect(loaded.diagnostics.some((d) => d.source?.file?.endsWith(iam) && d.code === 'snapshot/access-denied')).toBe(true);
  });

  it('another refused call (a bucket policy): a warning and exit 0; exit 3 with --strict', () => {
    const policy = 'accounts/999999999999/s3/data-bucket/get-bucket-policy.json';
    const expected = [refusal('999999999999', 's3api get-bucket-policy', policy, 'eu-west-1', 'ExpiredToken')];
    const lenient = collect([], 's3api get-bucket-policy=ExpiredToken');
    expect(lenient.run.status, lenient.run.stderr).toBe(0);
    expect(lenient.run.stderr).toContain(`collect-snapshot: warning: account 999999999999: s3api get-bucket-policy refused (ExpiredToken): ${policy} is recorded as unknown\n`);
    expect(readJson(lenient.out, policy)).toMatchObject({ Error: { Code: 'ExpiredToken' } });
    expect(readJson(lenient.out, 'refused-calls.json')).toEqual(expected);
    expect(filesUnder(lenient.out, 'accounts/999999999999')).toEqual(ACCOUNT_FILES);

    const strict = collect(['--strict'], 's3api get-bucket-policy=ExpiredToken');
    expect(strict.run.status, strict.run.stderr).toBe(3);
    expect(strict.run.stderr).toContain('s3api get-bucket-policy refused (ExpiredToken)');
    expect(strict.run.stderr).toMatch(/--strict: 1 call\(s\) refused/);
    expect(readJson(strict.out, 'refused-calls.json')).toEqual(expected);

    // the errors that mean none are no refusals, even with --strict
    const clean = collect(['--strict'], '');
    expect(clean.run.status, clean.run.stderr).toBe(0);
    expect(clean.run.stderr).not.toContain('refused (');
    expect(readJson(clean.out, 'refused-calls.json')).toEqual([]);
    expect(readJson(clean.out, policy)).toMatchObject({ Error: { Code: 'NoSuchBucketPolicy' } });
  });

  it('a refused listing is listed with no file, and its service folder is not made (so not collected)', () => {
    const { run, out } = collect([], 'sqs list-queues=UnauthorizedOperation');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning: account 999999999999: sqs list-queues refused (UnauthorizedOperation) in eu-west-1');
    expect(readJson(out, 'refused-calls.json')).toEqual([refusal('999999999999', 'sqs list-queues', null, 'eu-west-1', 'UnauthorizedOperation')]);
    expect(existsSync(path.join(out, 'accounts/999999999999/sqs'))).toBe(false);
    expect(loadEstate(out).estate.accounts.get('999999999999')?.collectedServices).not.toContain('sqs');
  });

  it('no account collected (no credentials): exit 4 with a clear message', () => {
    const { run, out } = collect(['-p', 'prod'], 'sts get-caller-identity=NoCredentials');
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toContain("collect-snapshot: profile 'prod': sts get-caller-identity refused (CallFailed): its account is not collected");
    expect(run.stderr).toMatch(/collect-snapshot: no account was collected/);
    expect(readJson(out, 'refused-calls.json')).toEqual([
      { account: null, profile: 'prod', call: 'sts get-caller-identity', file: null, region: null, code: 'CallFailed', message: expect.stringContaining('Unable to locate credentials') },
    ]);
  });

  it('one profile without credentials among others: exit 3, the others collected', () => {
    const { run, out } = collect(['-p', '999999999999', '-p', '222222222222'], '222222222222:sts get-caller-identity=ExpiredToken');
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toContain("profile '222222222222': sts get-caller-identity refused (ExpiredToken): its account is not collected");
    expect(filesUnder(out, 'accounts/999999999999')).toEqual(ACCOUNT_FILES);
    expect(existsSync(path.join(out, 'accounts/222222222222'))).toBe(false);
  });
});

/** The files the stand-in AWS CLI's account gets, with `-r eu-west-1`. */
const ACCOUNT_FILES = [
  'cloudtrail/eu-west-1/describe-trails.json',
  'iam/access-keys/bob.json',
  'iam/get-account-authorization-details.json',
  'iam/list-open-id-connect-providers.json',
  'iam/list-saml-providers.json',
  'kms/eu-west-1/list-aliases.json',
  's3/data-bucket/get-bucket-acl.json',
  's3/data-bucket/get-bucket-encryption.json',
  's3/data-bucket/get-bucket-location.json',
  's3/data-bucket/get-bucket-ownership-controls.json',
  's3/data-bucket/get-bucket-policy.json',
  's3/data-bucket/get-bucket-tagging.json',
  's3/data-bucket/get-public-access-block.json',
  's3/list-buckets.json',
  's3control/get-public-access-block.json',
  'secretsmanager/eu-west-1/prod%2Fdb/describe-secret.json',
  'secretsmanager/eu-west-1/prod%2Fdb/get-resource-policy.json',
  'sqs/eu-west-1/jobs/get-queue-attributes.json',
  'sqs/eu-west-1/jobs/list-queue-tags.json',
];

/**
 * Runs the collector with `-r eu-west-1` against the stand-in AWS CLI (test/fixtures/fake-aws/aws);
 * `refuse` is its FAKE_AWS_REFUSE (left unset when undefined: the bucket ACL read is refused).
 */
function collect(args: string[], refuse?: string) {
  const bin = mkdtempSync(path.join(tmpdir(), 'trustmap-fake-aws-'));
  copyFileSync(path.join(fixtures, 'fake-aws/aws'), path.join(bin, 'aws'));
  chmodSync(path.join(bin, 'aws'), 0o755);
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'trustmap-collected-')), 'snapshot');
  mkdirSync(out);
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
  delete env.FAKE_AWS_REFUSE;
  if (refuse !== undefined) env.FAKE_AWS_REFUSE = refuse;
  const run = spawnSync('bash', [SCRIPT, '-o', out, '-r', 'eu-west-1', ...args], { encoding: 'utf8', env });
  return { run, out };
}

function readJson(root: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8'));
}

function filesUnder(root: string, dir: string): string[] {
  const base = path.join(root, dir);
  return readdirSync(base, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(base, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** A refused-calls.json record as the stand-in's refusals make them (default profile). */
function refusal(account: string, call: string, file: string | null, region: string | null, code = 'AccessDenied') {
  return { account, profile: null, call, file, region, code, message: expect.stringContaining('is not authorized to perform') };
}
