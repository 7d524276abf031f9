/**
 * `npm run bench` (distinct requests): the engine on 20,000 distinct requests drawn over the dense
 * generated organization (1,000 accounts × 50 roles × 20 resources unless
 * BENCH_DISTINCT_ACCOUNTS says), a first and a second pass, so that memo tables cannot hide the
 * cost of a decision: every request is a new session of a random role asking a random action of a
 * random resource (new object keys), as CloudTrail replay asks them. Targets (issue "Memory,
 * streaming and more than one machine"): ≤ 20 µs first pass, ≤ 3 µs second.
 */
import { loadServiceCatalog } from '../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../src/core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../src/core/decision/request.js';
import type { Resource } from '../src/core/model/estate.js';
import { SeededRandom } from '../src/synthetic/seeded-random.js';
import { buildSyntheticEstate } from '../src/synthetic/synthetic-estate.js';
import { formatTable } from './stats.js';

const ACCOUNTS = Number(process.env.BENCH_DISTINCT_ACCOUNTS ?? 1000);
const REQUESTS = Number(process.env.BENCH_DISTINCT_REQUESTS ?? 20_000);

const ACTIONS: Readonly<Record<string, readonly string[]>> = {
  bucket: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
  queue: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
  topic: ['sns:Publish'],
  key: ['kms:Decrypt', 'kms:GenerateDataKey'],
  secret: ['secretsmanager:GetSecretValue'],
  function: ['lambda:InvokeFunction'],
};

const catalog = loadServiceCatalog();
let t = performance.now();
const { estate } = buildSyntheticEstate({ accounts: ACCOUNTS, rolesPerAccount: 50, resourcesPerAccount: 20, seed: 'trustmap', profile: 'dense' });
const built = (performance.now() - t) / 1000;

const rng = new SeededRandom('bench-distinct');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const roles = [...estate.accounts.values()].flatMap((a) => [...a.roles.values()].filter((r) => !r.isServiceLinked));
const resources = [...estate.resources.values()].filter((r): r is Resource => ACTIONS[r.type] !== undefined);
const requests: AuthorizationRequest[] = [];
for (let i = 0; i < REQUESTS; i++) {
  const role = pick(roles);
  const principal = `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/s-${i}`;
  if (rng.next() < 0.2) {
    requests.push({ principal, action: 'sts:AssumeRole', resource: pick(roles).arn });
    continue;
  }
  const resource = pick(resources);
  const action = pick(ACTIONS[resource.type]!);
  const arn = resource.type === 'bucket' && action !== 's3:ListBucket' ? `${resource.arn}/data/${i}.parquet` : resource.arn;
  requests.push({ principal, action, resource: arn });
}

function pass(): number {
  const start = performance.now();
  for (const r of requests) evaluateRequest(estate, r, { catalog });
  return ((performance.now() - start) * 1000) / requests.length;
}

const first = pass();
const second = pass();
console.log(`\nengine, ${REQUESTS.toLocaleString('en-US')} distinct requests over the dense profile at ${ACCOUNTS.toLocaleString('en-US')} accounts (built in memory in ${built.toFixed(1)} s)\n`);
console.log(formatTable(['pass', 'µs per decision', 'target'], [['first (compiling included)', first.toFixed(1), '≤ 20'], ['second', second.toFixed(1), '≤ 3']]));
