/**
 * `npm run bench`: throughput and memory of the decision engine, printed as a table.
 *
 * Machines here are shared and noisy, so every figure is the median of several runs, and each is
 * also given as a ratio to a baseline workload run in the same process (a fixed JSON round trip),
 * which cancels most of the machine's speed out of the comparison.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadServiceCatalog } from '../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../src/core/decision/evaluate-request.js';
import { loadScenarioFile } from '../src/loaders/scenario/load-scenario-file.js';
import { measureCompiledMemory } from './memory.js';
import type { Policy } from '../src/core/policy/policy-types.js';
import { median, formatTable } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SECONDS_PER_RUN = Number(process.env.BENCH_SECONDS ?? 1);

const catalog = loadServiceCatalog();
const scenario = loadScenarioFile(path.join(here, '..', 'examples', 'org-estate.yaml'), { catalog });
if (scenario.diagnostics.some((d) => d.severity === 'error')) {
  console.error(scenario.diagnostics);
  process.exit(2);
}
const requests = scenario.requests;

/** Runs `fn` over and over for about `seconds`; returns operations per second. */
function throughput(fn: () => number, seconds: number): number {
  const end = performance.now() + seconds * 1000;
  let ops = 0;
  const start = performance.now();
  while (performance.now() < end) ops += fn();
  return ops / ((performance.now() - start) / 1000);
}

function decisionsBatch(): number {
  for (const r of requests) evaluateRequest(scenario.estate, r, { catalog });
  return requests.length;
}

const baselineDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] });
function baselineBatch(): number {
  for (let i = 0; i < 100; i++) JSON.parse(baselineDoc);
  return 100;
}

// Warm up: the steady state is what we measure.
throughput(decisionsBatch, 1);
throughput(baselineBatch, 0.5);

const decisionRuns: number[] = [];
const baselineRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  baselineRuns.push(throughput(baselineBatch, SECONDS_PER_RUN / 2));
  decisionRuns.push(throughput(decisionsBatch, SECONDS_PER_RUN));
}
const decisions = median(decisionRuns);
const baseline = median(baselineRuns);

const mix = new Map<string, number>();
for (const r of requests) {
  const d = evaluateRequest(scenario.estate, r, { catalog });
  const kinds = [
    d.crossAccount ? 'cross-account' : 'same-account',
    ...(d.hops.some((h) => h.gates.some((g) => g.guardrail)) ? ['SCP/RCP'] : []),
    ...(d.hops.some((h) => h.action.toLowerCase().startsWith('kms:')) ? ['KMS'] : []),
    ...(d.hops.some((h) => h.gates.some((g) => g.statements.some((st) => hasCondition(scenario.estate, st.policy, st.index)))) ? ['with conditions'] : []),
  ];
  for (const k of kinds) mix.set(k, (mix.get(k) ?? 0) + 1);
}

const memory = measureCompiledMemory(100_000);

console.log(`trustmap bench — node ${process.version}, ${RUNS} runs of ${SECONDS_PER_RUN}s, medians`);
console.log(`workload: ${requests.length} requests (${[...mix].map(([k, v]) => `${v} ${k}`).join(', ')})\n`);
console.log(
  formatTable(
    ['figure', 'median', 'min', 'max', 'target', 'met'],
    [
      ['decisions / s (one thread)', fmt(decisions), fmt(Math.min(...decisionRuns)), fmt(Math.max(...decisionRuns)), '≥ 300,000', decisions >= 300_000 ? 'yes' : 'NO'],
      ['baseline JSON.parse / s', fmt(baseline), fmt(Math.min(...baselineRuns)), fmt(Math.max(...baselineRuns)), '', ''],
      ['decisions per baseline op', (decisions / baseline).toFixed(3), '', '', '', ''],
      ['µs per decision', (1e6 / decisions).toFixed(2), '', '', '≤ 3.33', decisions >= 300_000 ? 'yes' : 'NO'],
      [`heap for ${fmt(memory.statements)} compiled statements`, `${memory.megabytes.toFixed(0)} MB`, '', '', '< 500 MB', memory.megabytes < 500 ? 'yes' : 'NO'],
      ['compile time for those statements', `${memory.compileSeconds.toFixed(2)} s`, '', '', '', ''],
    ],
  ),
);

/** Whether the statement that matched carries a Condition block (for describing the mix). */
function hasCondition(estate: typeof scenario.estate, policyName: string, index: number): boolean {
  for (const p of allPolicies(estate)) {
    if (p.name !== policyName) continue;
    const raw = p.statements.find((s) => s.index === index)?.raw as { Condition?: unknown } | undefined;
    return raw?.Condition !== undefined;
  }
  return false;
}

function* allPolicies(estate: typeof scenario.estate): Generator<Policy> {
  for (const a of estate.accounts.values()) {
    for (const e of [...a.users.values(), ...a.roles.values()]) {
      yield* e.policies;
      if ('trustPolicy' in e && e.trustPolicy) yield e.trustPolicy;
    }
  }
  for (const r of estate.resources.values()) if (r.policy && 'statements' in r.policy) yield r.policy;
  for (const n of estate.organization?.nodes.values() ?? []) {
    if (Array.isArray(n.scps)) yield* n.scps;
    if (Array.isArray(n.rcps)) yield* n.rcps;
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
