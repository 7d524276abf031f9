/**
 * Organization-scale figures, run by `npm run bench` after the engine table (docs/scale.md).
 *
 * For each size of `BENCH_SCALE_SIZES` (default 100,1000,3000 accounts; 50 roles and 20 resources
 * each), a synthetic estate is generated into a temporary folder, then measured in a fresh child
 * process, so each size's peak memory is its own: loading it (`loadEstate`), `who-can` and `paths`
 * after the load, `access-map`, and the peak RSS. `BENCH_SCALE=0` skips it all.
 *
 * Environment: BENCH_SCALE_SIZES, BENCH_SCALE=0, BENCH_SCALE_HEAP_MB (the children's
 * --max-old-space-size; default Node's), BENCH_SCALE_ACCESS_MAP=0 (skip access-map),
 * BENCH_SCALE_KEEP=1 (keep the generated folders).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SyntheticEstateBuilder } from '../src/synthetic/synthetic-estate.js';
import { writeSyntheticSnapshot } from '../src/synthetic/write-synthetic-snapshot.js';
import { measureScale, type ScaleMeasures } from './scale-child.js';
import { formatTable, median } from './stats.js';

const ROLES = 50;
const RESOURCES = 20;
const SEED = 'trustmap';
const here = fileURLToPath(import.meta.url);

interface SizeResult {
  readonly accounts: number;
  readonly roles: number;
  readonly files: number;
  readonly generateMs: number;
  readonly measures?: ScaleMeasures;
  /** Why there are no measures: the child stopped with a diagnostic or died. */
  readonly failure?: string;
}

function runSize(accounts: number): SizeResult {
  const dir = mkdtempSync(path.join(tmpdir(), `trustmap-scale-${accounts}-`));
  try {
    process.stderr.write(`generating ${accounts.toLocaleString('en-US')} accounts into ${dir}…\n`);
    const start = performance.now();
    const builder = new SyntheticEstateBuilder({ accounts, rolesPerAccount: ROLES, resourcesPerAccount: RESOURCES, seed: SEED });
    const written = writeSyntheticSnapshot(builder, dir);
    const generateMs = performance.now() - start;
    const roles = builder.plan.roleCounts.reduce((a, b) => a + b, 0);
    process.stderr.write(`measuring ${accounts.toLocaleString('en-US')} accounts in a child process…\n`);
    const heap = process.env.BENCH_SCALE_HEAP_MB ? [`--max-old-space-size=${process.env.BENCH_SCALE_HEAP_MB}`] : [];
    const child = spawnSync(process.execPath, [...heap, '--expose-gc', '--import', 'tsx', here, '--child', dir, String(accounts)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
    const base = { accounts, roles, files: written.files, generateMs };
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) return { ...base, failure: `the child process ${child.signal ? `was killed (${child.signal})` : `exited ${child.status}`}` };
    const measures = JSON.parse(line) as ScaleMeasures;
    return measures.stopped ? { ...base, failure: measures.stopped } : { ...base, measures };
  } finally {
    if (process.env.BENCH_SCALE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

interface Figure {
  readonly name: string;
  readonly value: (r: SizeResult) => number | undefined;
  readonly show: (v: number, r: SizeResult) => string;
  /** The target at 1,000 accounts (issue 4), and whether a value meets it. */
  readonly target?: { readonly text: string; readonly met: (v: number) => boolean };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const millis = (ms: number): string => `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US')} ms`;
const megabytes = (mb: number): string => `${Math.round(mb).toLocaleString('en-US')} MB`;

const FIGURES: readonly Figure[] = [
  { name: 'roles / resources / files', value: (r) => r.files, show: () => '' },
  { name: 'generate + write (gen:estate)', value: (r) => r.generateMs, show: seconds },
  { name: 'load (loadEstate)', value: (r) => r.measures?.loadMs, show: seconds, target: { text: '< 30 s', met: (v) => v < 30_000 } },
  { name: 'heap after load (after gc)', value: (r) => r.measures?.heapAfterLoadMb, show: megabytes },
  { name: 'who-can, first query after load', value: (r) => r.measures?.whoCanColdMs, show: millis },
  { name: 'who-can, one resource (median of 7)', value: (r) => median(r.measures?.whoCanMs ?? []), show: millis, target: { text: '< 100 ms', met: (v) => v < 100 } },
  { name: 'who-can, slowest of the 7', value: (r) => max(r.measures?.whoCanMs), show: (v, r) => `${millis(v)} (${r.measures?.whoCanSlowest})` },
  { name: 'who-can, org-wide bucket (fan-out)', value: (r) => r.measures?.whoCanOrgWideMs, show: millis },
  { name: 'paths, two principals (median of 7)', value: (r) => median(r.measures?.pathsMs ?? []), show: millis, target: { text: '< 100 ms', met: (v) => v < 100 } },
  { name: 'paths, slowest of the 7', value: (r) => max(r.measures?.pathsMs), show: (v, r) => `${millis(v)} (${r.measures?.pathsSlowest})` },
  { name: 'access-map (buildAccessMap)', value: (r) => r.measures?.accessMapMs, show: seconds, target: { text: '< 60 s', met: (v) => v < 60_000 } },
  { name: 'access-map entries', value: (r) => r.measures?.accessMapEntries, show: (v) => v.toLocaleString('en-US') },
  { name: 'peak RSS (maxRSS)', value: (r) => r.measures?.maxRssMb, show: megabytes, target: { text: '< 3 GB', met: (v) => v < 3 * 1024 } },
];

function scaleTable(results: readonly SizeResult[]): string {
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
    const verdict = !f.target ? '' : measured === undefined || Number.isNaN(measured) ? 'not measured' : f.target.met(measured) ? 'met' : 'missed';
    return [f.name, ...results.map(cell), ...others.map(growth), f.target?.text ?? '', verdict];
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
cross-account access. Peak RSS is the child's maxRSS at the end, so it includes access-map.
The machine is shared (2 cores): timings move by tens of percent between runs.`;

function main(): void {
  if (process.argv[2] === '--child') {
    const [dir, accounts] = [process.argv[3]!, Number(process.argv[4])];
    const measures = measureScale(dir, { accounts, rolesPerAccount: ROLES, resourcesPerAccount: RESOURCES, seed: SEED }, { accessMap: process.env.BENCH_SCALE_ACCESS_MAP !== '0' });
    process.stdout.write(`${JSON.stringify(measures)}\n`);
  } else if (process.env.BENCH_SCALE === '0') {
    console.log('\norganization scale: skipped (BENCH_SCALE=0)');
  } else {
    const sizes = (process.env.BENCH_SCALE_SIZES ?? '100,1000,3000').split(',').map((s) => Number(s.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n < 5)) {
      console.error(`BENCH_SCALE_SIZES must be account counts of at least 5, separated by commas, not \`${process.env.BENCH_SCALE_SIZES}\``);
      process.exit(2);
    }
    console.log(`\ntrustmap organization-scale bench — ${ROLES} roles and ${RESOURCES} resources per account, seed \`${SEED}\`, one child process per size`);
    const results = sizes.map(runSize);
    console.log(`\n${scaleTable(results)}\n`);
    console.log(NOTES);
  }
}

main();
