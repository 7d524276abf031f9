/**
 * Organization-scale figures, run by `npm run bench` after the engine table (docs/scale.md).
 *
 * For each profile of `BENCH_SCALE_PROFILES` (default `default,dense`), and each size of that
 * profile (`BENCH_SCALE_SIZES` for the default profile, default 100,1000,3000 accounts;
 * `BENCH_SCALE_DENSE_SIZES` for the dense one, default 100,1000; 50 roles and 20 resources each),
 * a synthetic estate is generated into a temporary folder, then measured in a fresh child process,
 * so each size's peak memory is its own: loading it (`loadEstate`), `who-can` and `paths` after the
 * load, `access-map`, `report` end to end, and the peak RSS. One table per profile.
 * `BENCH_SCALE=0` skips it all.
 *
 * Environment: BENCH_SCALE_PROFILES, BENCH_SCALE_SIZES, BENCH_SCALE_DENSE_SIZES, BENCH_SCALE=0,
 * BENCH_SCALE_HEAP_MB (the children's --max-old-space-size; default Node's),
 * BENCH_SCALE_ACCESS_MAP=0 (skip access-map and report), BENCH_SCALE_IDENTITY_CENTER=0 (the default
 * profile without IAM Identity Center), BENCH_SCALE_KEEP=1 (keep the generated
 * folders).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SyntheticEstateBuilder } from '../src/synthetic/synthetic-estate.js';
import { isSyntheticProfile, SYNTHETIC_PROFILES, type SyntheticProfile } from '../src/synthetic/synthetic-options.js';
import { writeSyntheticSnapshot } from '../src/synthetic/write-synthetic-snapshot.js';
import { measureScale, runReportAlone, type ScaleMeasures } from './scale-child.js';
import { formatTable, median } from './stats.js';

const ROLES = 50;
const RESOURCES = 20;
const SEED = 'trustmap';
const here = fileURLToPath(import.meta.url);

interface SizeResult {
  readonly profile: SyntheticProfile;
  readonly accounts: number;
  readonly roles: number;
  readonly files: number;
  readonly generateMs: number;
  readonly measures?: ScaleMeasures;
  /** Why there are no measures: the child stopped with a diagnostic or died. */
  readonly failure?: string;
}

function runSize(profile: SyntheticProfile, accounts: number): SizeResult {
  const dir = mkdtempSync(path.join(tmpdir(), `trustmap-scale-${profile}-${accounts}-`));
  const what = `${accounts.toLocaleString('en-US')} accounts (${profile})`;
  try {
    process.stderr.write(`generating ${what} into ${dir}…\n`);
    const start = performance.now();
    const builder = new SyntheticEstateBuilder({ accounts, rolesPerAccount: ROLES, resourcesPerAccount: RESOURCES, seed: SEED, profile, identityCenter: withIdentityCenter(profile) });
    const written = writeSyntheticSnapshot(builder, dir);
    const generateMs = performance.now() - start;
    const roles = builder.plan.roleCounts.reduce((a, b) => a + b, 0);
    process.stderr.write(`measuring ${what} in a child process…\n`);
    const heap = process.env.BENCH_SCALE_HEAP_MB ? [`--max-old-space-size=${process.env.BENCH_SCALE_HEAP_MB}`] : [];
    const child = spawnSync(process.execPath, [...heap, '--expose-gc', '--import', 'tsx', here, '--child', dir, String(accounts), profile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
    const base = { profile, accounts, roles, files: written.files, generateMs };
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) return { ...base, failure: `the child process ${child.signal ? `was killed (${child.signal})` : `exited ${child.status}`}` };
    const measures = JSON.parse(line) as ScaleMeasures;
    if (measures.stopped) return { ...base, failure: measures.stopped };
    if (process.env.BENCH_SCALE_ACCESS_MAP === '0') return { ...base, measures };
    process.stderr.write(`measuring \`report\` alone on ${what} in a child process…\n`);
    const alone = spawnSync(process.execPath, [...heap, '--import', 'tsx', here, '--report-child', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
    const aloneLine = alone.stdout.trim().split('\n').pop() ?? '';
    if (alone.status !== 0 || !aloneLine.startsWith('{')) return { ...base, measures };
    return { ...base, measures: { ...measures, reportAloneMaxRssMb: (JSON.parse(aloneLine) as { maxRssMb: number }).maxRssMb } };
  } finally {
    if (process.env.BENCH_SCALE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

interface Figure {
  readonly name: string;
  readonly value: (r: SizeResult) => number | undefined;
  readonly show: (v: number, r: SizeResult) => string;
  /** The target at 1,000 accounts (issue 4 for the default profile, issue 17 for the dense one), and whether a value meets it. */
  readonly target?: Partial<Record<SyntheticProfile, Target>>;
}

interface Target {
  readonly text: string;
  readonly met: (v: number) => boolean;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const millis = (ms: number): string => `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US')} ms`;
const megabytes = (mb: number): string => `${Math.round(mb).toLocaleString('en-US')} MB`;
const count = (n: number): string => n.toLocaleString('en-US');

const FIGURES: readonly Figure[] = [
  { name: 'roles / resources / files', value: (r) => r.files, show: () => '' },
  { name: 'generate + write (gen:estate)', value: (r) => r.generateMs, show: seconds },
  { name: 'load (loadEstate)', value: (r) => r.measures?.loadMs, show: seconds, target: { default: { text: '< 30 s', met: (v) => v < 30_000 } } },
  { name: 'heap after load (after gc)', value: (r) => r.measures?.heapAfterLoadMb, show: megabytes },
  { name: 'who-can, first query after load', value: (r) => r.measures?.whoCanColdMs, show: millis },
  { name: 'who-can, one resource (median of 7)', value: (r) => median(r.measures?.whoCanMs ?? []), show: millis, target: { default: { text: '< 100 ms', met: (v) => v < 100 } } },
  { name: 'who-can, slowest of the 7', value: (r) => max(r.measures?.whoCanMs), show: (v, r) => `${millis(v)} (${r.measures?.whoCanSlowest})` },
  { name: 'who-can, org-wide bucket (fan-out)', value: (r) => r.measures?.whoCanOrgWideMs, show: millis },
  { name: 'who-can naming people (median of 7)', value: (r) => (r.measures?.whoCanPeopleMs ? median(r.measures.whoCanPeopleMs) : undefined), show: millis, target: { default: { text: '< 200 ms', met: (v) => v < 200 } } },
  { name: 'paths, two principals (median of 7)', value: (r) => median(r.measures?.pathsMs ?? []), show: millis, target: { default: { text: '< 100 ms', met: (v) => v < 100 } } },
  { name: 'paths, slowest of the 7', value: (r) => max(r.measures?.pathsMs), show: (v, r) => `${millis(v)} (${r.measures?.pathsSlowest})` },
  { name: 'access-map (buildAccessMap)', value: (r) => r.measures?.accessMapMs, show: seconds, target: { default: { text: '< 60 s', met: (v) => v < 60_000 }, dense: { text: '< 60 s', met: (v) => v < 60_000 } } },
  { name: 'access-map entries', value: (r) => r.measures?.accessMapEntries, show: count },
  { name: 'access-map principals (pairs)', value: (r) => r.measures?.accessMapPairs, show: count },
  {
    name: 'report end to end',
    value: (r) => r.measures?.reportMs,
    show: (v, r) => `${seconds(v)} (findings ${seconds(r.measures?.findingsMs ?? Number.NaN)}, document ${seconds(r.measures?.reportDocumentMs ?? Number.NaN)})`,
    target: { dense: { text: '< 90 s', met: (v) => v < 90_000 } },
  },
  { name: 'peak RSS (maxRSS), every step', value: (r) => r.measures?.maxRssMb, show: megabytes, target: { default: { text: '< 3 GB', met: (v) => v < 3 * 1024 } } },
  { name: 'peak RSS, report alone', value: (r) => r.measures?.reportAloneMaxRssMb, show: megabytes, target: { dense: { text: '< 2 GB', met: (v) => v < 2 * 1024 } } },
];

function scaleTable(profile: SyntheticProfile, results: readonly SizeResult[]): string {
  const base = results.find((r) => r.accounts === 100) ?? results[0]!;
  const others = results.filter((r) => r !== base);
  const atTarget = results.find((r) => r.accounts === 1000);
  const header = [
    'figure',
    ...results.map((r) => `${r.accounts.toLocaleString('en-US')} accounts`),
    ...others.map((r) => `growth ${r.accounts.toLocaleString('en-US')}/${base.accounts.toLocaleString('en-US')}`),
    'target at 1,000',
    'at 1,000',
  ];
  const rows = FIGURES.map((f) => {
    const target = f.target?.[profile];
    if (f.name.startsWith('roles')) return [f.name, ...results.map((r) => `${r.roles.toLocaleString('en-US')} / ${(r.accounts * RESOURCES).toLocaleString('en-US')} / ${r.files.toLocaleString('en-US')}`), ...others.map(() => ''), '', ''];
    const cell = (r: SizeResult): string => {
      const v = f.value(r);
      return v === undefined || Number.isNaN(v) ? (r.failure ? 'stopped' : '—') : f.show(v, r);
    };
    const growth = (r: SizeResult): string => {
      const v = f.value(r);
      const b = f.value(base);
      return v === undefined || b === undefined || Number.isNaN(v) || Number.isNaN(b) || b === 0 ? '' : `×${(v / b).toFixed(1)}`;
    };
    const measured = atTarget ? f.value(atTarget) : undefined;
    const verdict = !target ? '' : measured === undefined || Number.isNaN(measured) ? 'not measured' : target.met(measured) ? 'met' : 'missed';
    return [f.name, ...results.map(cell), ...others.map(growth), target?.text ?? '', verdict];
  });
  const failures = results.filter((r) => r.failure).map((r) => `${r.accounts.toLocaleString('en-US')} accounts: ${r.failure}`);
  return [formatTable(header, rows), ...(failures.length > 0 ? ['', ...failures] : [])].join('\n');
}

function max(xs: readonly number[] | undefined): number | undefined {
  return xs && xs.length > 0 ? Math.max(...xs) : undefined;
}

const NOTES = `Each size runs in a fresh child process (node --expose-gc), after the generated folder is written.
who-can and paths: each query on a fresh AccessGraph built after the load, so the lazy indexes it
needs are built inside its timing (what one CLI command pays); 7 different resources and pairs
spread over the workload accounts, chosen by a seeded draw, after a first who-can that also pays
for compiling the engine's code (shown apart). access-map: one fresh graph, every
cross-account access; principals (pairs) counts each principal set by its members. report end to
end: what \`trustmap report DIR --out report.html\` does, from the folder: the load, the access map
above, the findings on that graph and map, and the HTML document (in memory). Peak RSS, every step: the
child's maxRSS at the end (who-can, paths, access-map and the report). Peak RSS, report alone:
\`trustmap report\`'s steps (load, access map, one full collection, findings, HTML) in a second
child process of their own, as the command runs.
The machine is shared (2 cores): timings move by tens of percent between runs.`;

/** Account counts of at least 5, separated by commas: from \`variable\`, or the default. */
/**
 * The default profile's estates hold IAM Identity Center (200 users, 20 groups and 10 permission
 * sets at 1,000 accounts) unless BENCH_SCALE_IDENTITY_CENTER=0; the dense profile's never do, so
 * that its figures stay comparable.
 */
function withIdentityCenter(profile: SyntheticProfile): boolean {
  return profile === 'default' && process.env.BENCH_SCALE_IDENTITY_CENTER !== '0';
}

function sizesOf(variable: string, fallback: string): number[] {
  const sizes = (process.env[variable] ?? fallback).split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 5)) {
    console.error(`${variable} must be account counts of at least 5, separated by commas, not \`${process.env[variable]}\``);
    process.exit(2);
  }
  return sizes;
}

function profilesOf(): SyntheticProfile[] {
  const names = (process.env.BENCH_SCALE_PROFILES ?? SYNTHETIC_PROFILES.join(',')).split(',').map((s) => s.trim());
  const bad = names.filter((n) => !isSyntheticProfile(n));
  if (bad.length > 0 || names.length === 0) {
    console.error(`BENCH_SCALE_PROFILES must be profiles among ${SYNTHETIC_PROFILES.join(', ')}, separated by commas, not \`${process.env.BENCH_SCALE_PROFILES}\``);
    process.exit(2);
  }
  return [...new Set(names as SyntheticProfile[])];
}

function main(): void {
  if (process.argv[2] === '--report-child') {
    process.stdout.write(`${JSON.stringify(runReportAlone(process.argv[3]!))}\n`);
  } else if (process.argv[2] === '--child') {
    const [dir, accounts, profile] = [process.argv[3]!, Number(process.argv[4]), process.argv[5] as SyntheticProfile];
    const measures = measureScale(dir, { accounts, rolesPerAccount: ROLES, resourcesPerAccount: RESOURCES, seed: SEED, profile, identityCenter: withIdentityCenter(profile) }, { accessMap: process.env.BENCH_SCALE_ACCESS_MAP !== '0' });
    process.stdout.write(`${JSON.stringify(measures)}\n`);
  } else if (process.env.BENCH_SCALE === '0') {
    console.log('\norganization scale: skipped (BENCH_SCALE=0)');
  } else {
    const profiles = profilesOf();
    const sizes = new Map(profiles.map((p) => [p, p === 'dense' ? sizesOf('BENCH_SCALE_DENSE_SIZES', '100,1000') : sizesOf('BENCH_SCALE_SIZES', '100,1000,3000')]));
    console.log(`\ntrustmap organization-scale bench — ${ROLES} roles and ${RESOURCES} resources per account, seed \`${SEED}\`, one child process per size`);
    for (const profile of profiles) {
      const results = sizes.get(profile)!.map((accounts) => runSize(profile, accounts));
      console.log(`\nprofile \`${profile}\` (targets of issue ${profile === 'dense' ? 17 : 4})\n\n${scaleTable(profile, results)}\n`);
    }
    console.log(NOTES);
  }
}

main();
