/**
 * `npm run bench` (check part): `trustmap check --format json` end to end on a JSON scenario of
 * 100,000 requests, minus the same run with none, per request (issue "Memory, streaming and more
 * than one machine": ≤ 5 µs). The requests cycle through the bundled example's own, each also asked
 * from a second session of its role, so the mix holds more than 30 distinct requests. Each run is a
 * process of its own; medians of BENCH_CHECK_RUNS (default 3).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { formatTable, median } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 3);
const REQUESTS = Number(process.env.BENCH_CHECK_REQUESTS ?? 100_000);

type Request = Record<string, unknown> & { name: string; principal: string };
const scenario = parse(readFileSync(path.join(root, 'examples', 'org-estate.yaml'), 'utf8')) as { requests: Request[] } & Record<string, unknown>;
const distinct: Request[] = [];
for (const r of scenario.requests) {
  distinct.push(r);
  if (r.principal.includes(':assumed-role/')) distinct.push({ ...r, name: `${r.name} (another session)`, principal: r.principal.replace(/\/[^/]+$/, '/bench-session') });
}

const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-bench-check-'));
function write(n: number): string {
  const requests = Array.from({ length: n }, (_, i) => ({ ...distinct[i % distinct.length]!, name: `${distinct[i % distinct.length]!.name} #${i}` }));
  const file = path.join(dir, `scenario-${n}.json`);
  writeFileSync(file, JSON.stringify({ ...scenario, requests }));
  return file;
}

function seconds(file: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'main.ts'), 'check', file, '--format', 'json', '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const elapsed = (performance.now() - start) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`check exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

try {
  const none = write(0);
  const many = write(REQUESTS);
  const zero = median(Array.from({ length: RUNS }, () => seconds(none)));
  const full = median(Array.from({ length: RUNS }, () => seconds(many)));
  const perRequest = ((full - zero) / REQUESTS) * 1e6;
  console.log(`\ncheck --format json (medians of ${RUNS} runs, each a process; ${distinct.length} distinct requests cycled)\n`);
  console.log(formatTable(['requests', 's', 'per request beyond zero requests'], [['0', zero.toFixed(2), ''], [REQUESTS.toLocaleString('en-US'), full.toFixed(2), `${perRequest.toFixed(1)} µs`]]));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
