/**
 * `npm run bench` (CloudTrail part): reading CloudTrail logs with the usage overlay, and replay,
 * on generated logs of several sizes (gz bytes), each in a child process so that its peak RSS is
 * its own. The floor is gunzip + `JSON.parse` of the same files in the same child: the ratio
 * cancels the machine's speed. Targets (issue "CloudTrail"): reading and overlay ≥ 50,000
 * records/s; peak memory flat (±10 %) from 100 MB to 1 GB of gz logs.
 *
 * The logs are generated once per size under $TMPDIR/trustmap-bench-cloudtrail-v2/<MB>/ and kept:
 * record templates from examples/cloudtrail, with times, ids, addresses, sessions and object keys
 * drawn from a seeded PRNG, so they compress about as real logs do. BENCH_CLOUDTRAIL_MB sets the
 * sizes (default `100,1000`), BENCH_CLOUDTRAIL_RUNS the runs per size (default 3: medians).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SeededRandom } from '../src/synthetic/seeded-random.js';
import { formatTable, median } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const SIZES = (process.env.BENCH_CLOUDTRAIL_MB ?? '100,1000').split(',').map(Number).filter((n) => n > 0);
const RUNS = Number(process.env.BENCH_CLOUDTRAIL_RUNS ?? 3);
/** Replay asks the engine every call: sizes above this one are read with the overlay only (replay of 1 GB takes about 15 minutes). */
const REPLAY_MAX_MB = Number(process.env.BENCH_CLOUDTRAIL_REPLAY_MB ?? 100);
const RECORDS_PER_FILE = 20_000;
const CACHE = path.join(tmpdir(), 'trustmap-bench-cloudtrail-v2');
const ESTATE = path.join(root, 'examples', 'org-estate.yaml');

type Rec = Record<string, unknown> & { eventTime: string; userIdentity: Record<string, unknown>; requestParameters?: Record<string, unknown> | null };

function templates(): Rec[] {
  const out: Rec[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json.gz')) out.push(...(JSON.parse(gunzipSync(readFileSync(p)).toString('utf8')) as { Records: Rec[] }).Records);
    }
  };
  walk(path.join(root, 'examples', 'cloudtrail'));
  return out.filter((r) => r['eventName'] !== 'PutBucketPolicy');
}

function hex(rng: SeededRandom, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}

/** Placeholders a template record is written with; each record fills them in. */
const SLOTS = ['@@TIME@@', '@@EID@@', '@@RID@@', '@@SHARED@@', '@@IP@@', '@@SESSION@@', '@@KEY@@'] as const;

/** A template as string parts around its placeholders: filling one in is a join, not a JSON round trip. */
function compile(t: Rec): { parts: string[]; slots: number[] } {
  const r: Rec = JSON.parse(JSON.stringify(t));
  r.eventTime = '@@TIME@@';
  r['eventID'] = '@@EID@@';
  r['requestID'] = '@@RID@@';
  if (r['sharedEventID']) r['sharedEventID'] = '@@SHARED@@';
  if (typeof r['sourceIPAddress'] === 'string' && /^\d/.test(r['sourceIPAddress'] as string)) r['sourceIPAddress'] = '@@IP@@';
  const arn = r.userIdentity['arn'];
  if (typeof arn === 'string' && arn.includes(':assumed-role/')) r.userIdentity['arn'] = arn.replace(/\/[^/]+$/, '/@@SESSION@@');
  const params = r.requestParameters;
  if (params && typeof params['key'] === 'string') {
    params['key'] = '@@KEY@@';
    r['resources'] = (r['resources'] as Array<Record<string, unknown>> | undefined)?.map((x) => (x['type'] === 'AWS::S3::Object' ? { ...x, ARN: `arn:aws:s3:::${params['bucketName'] as string}/@@KEY@@` } : x));
  }
  if (params && typeof params['roleSessionName'] === 'string') params['roleSessionName'] = '@@SESSION@@';
  const text = JSON.stringify(r);
  const parts: string[] = [];
  const slots: number[] = [];
  const re = /@@[A-Z]+@@/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    slots.push(SLOTS.indexOf(m[0] as (typeof SLOTS)[number]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, slots };
}

/** One generated call: its copies (twins share a sharedEventID), each a fresh record from a template group. */
function generate(dir: string, megabytes: number): void {
  const groups = new Map<string, Rec[]>();
  for (const t of templates()) {
    const key = (t['sharedEventID'] as string | undefined) ?? (t['eventID'] as string);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const calls = [...groups.values()].map((g) => g.map(compile));
  const rng = new SeededRandom(`bench-cloudtrail-${megabytes}`);
  const out = path.join(dir, 'AWSLogs', 'o-exmpl12345', 'mixed', 'CloudTrail', 'us-east-1');
  mkdirSync(out, { recursive: true });
  const uuid = (): string => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${hex(rng, 4)}-${hex(rng, 12)}`;
  let written = 0;
  let time = Date.UTC(2026, 9, 1);
  for (let file = 0; written < megabytes * 1e6; file++) {
    const records: string[] = [];
    while (records.length < RECORDS_PER_FILE) {
      const call = calls[Math.floor(rng.next() * calls.length)]!;
      time += 20 + Math.floor(rng.next() * 40);
      const values = ['', '', '', call.length > 1 ? uuid() : '', `198.51.${Math.floor(rng.next() * 256)}.${Math.floor(rng.next() * 256)}`, `s-${hex(rng, 6)}`, `data/${hex(rng, 2)}/${hex(rng, 10)}.parquet`];
      values[0] = new Date(time).toISOString().replace('.000Z', 'Z');
      for (const t of call) {
        values[1] = uuid();
        values[2] = hex(rng, 16).toUpperCase();
        let text = t.parts[0]!;
        for (let i = 0; i < t.slots.length; i++) text += values[t.slots[i]!]! + t.parts[i + 1]!;
        records.push(text);
      }
    }
    const stamp = new Date(time).toISOString().replace(/[-:]/g, '').slice(0, 13);
    const gz = gzipSync(`{"Records":[${records.join(',')}]}`, { level: 1 });
    writeFileSync(path.join(out, `000000000000_CloudTrail_us-east-1_${stamp}Z_${String(file).padStart(6, '0')}.json.gz`), gz);
    written += gz.length;
  }
  writeFileSync(path.join(dir, 'complete'), String(written));
}

function logsOf(megabytes: number): string {
  const dir = path.join(CACHE, String(megabytes));
  if (!existsSync(path.join(dir, 'complete'))) {
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`bench: generating ${megabytes} MB of gz CloudTrail logs in ${dir} (kept for the next run)…\n`);
    generate(dir, megabytes);
  }
  return dir;
}

interface ChildResult {
  readonly mode: string;
  readonly records: number;
  readonly seconds: number;
  readonly floorSeconds: number;
  readonly maxRssMb: number;
  readonly bytes: number;
}

function child(mode: 'usage' | 'replay', dir: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'cloudtrail-child.ts'), mode, dir, ESTATE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], cwd: root });
  if (r.status !== 0) throw new Error(`bench child ${mode} ${dir} exited ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

const rows: string[][] = [];
const peaks = new Map<string, number>();
for (const mb of SIZES) {
  const dir = logsOf(mb);
  for (const mode of mb <= REPLAY_MAX_MB ? (['usage', 'replay'] as const) : (['usage'] as const)) {
    const runs = Array.from({ length: RUNS }, () => child(mode, dir));
    const records = runs[0]!.records;
    const seconds = median(runs.map((x) => x.seconds));
    const floor = median(runs.map((x) => x.floorSeconds));
    const rss = median(runs.map((x) => x.maxRssMb));
    peaks.set(`${mode} ${mb}`, rss);
    rows.push([mode === 'usage' ? 'read + usage overlay' : 'read + replay (engine)', `${mb}`, records.toLocaleString('en-US'), seconds.toFixed(1), Math.round(records / seconds).toLocaleString('en-US'), (seconds / floor).toFixed(2), rss.toFixed(0)]);
  }
}
console.log(`\nCloudTrail logs (medians of ${RUNS} runs per size, each in its own process; floor = gunzip + JSON.parse of the same files in the same process)\n`);
console.log(formatTable(['workload', 'gz MB', 'records', 's', 'records/s', '× floor', 'peak RSS MB'], rows));
if (SIZES.length > 1) {
  const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
  for (const mode of ['usage', 'replay']) {
    const a = peaks.get(`${mode} ${small}`);
    const b = peaks.get(`${mode} ${large}`);
    if (a === undefined || b === undefined) continue;
    console.log(`${mode}: peak RSS ${a.toFixed(0)} MB at ${small} MB of logs, ${b.toFixed(0)} MB at ${large} MB: ${(((b - a) / a) * 100).toFixed(1)} %`);
  }
}
