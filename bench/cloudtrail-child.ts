/**
 * One measured run of bench/cloudtrail.ts, in a process of its own: the floor (gunzip +
 * `JSON.parse` of every file), then the workload (`usage`: reading with the usage overlay, as
 * `--cloudtrail` does; `replay`: reading with every modelled call asked of the engine). Prints one
 * JSON line: records, seconds of each, and the process's peak RSS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Replay } from '../src/analyses/replay/replay.js';
import { EventTwins } from '../src/analyses/usage/event-twins.js';
import { UsageLog } from '../src/analyses/usage/usage-log.js';
import { loadServiceCatalog } from '../src/catalog/iam-data-catalog.js';
import { readCloudTrail } from '../src/loaders/cloudtrail/read-cloudtrail.js';
import { loadScenarioFile } from '../src/loaders/scenario/load-scenario-file.js';

const [mode, dir, estatePath] = process.argv.slice(2) as ['usage' | 'replay', string, string];
const catalog = loadServiceCatalog();
const { estate } = loadScenarioFile(estatePath, { catalog });

function files(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.json.gz') ? [p] : [];
  });
}

let t = performance.now();
let floorRecords = 0;
for (const f of files(dir)) floorRecords += (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: unknown[] }).Records.length;
const floorSeconds = (performance.now() - t) / 1000;

t = performance.now();
let sink: (record: Parameters<EventTwins['add']>[0], source: Parameters<EventTwins['add']>[1]) => void;
let finish: () => void;
if (mode === 'usage') {
  const log = new UsageLog(estate);
  sink = (r) => log.add(r);
  finish = () => void log.window;
} else {
  const replay = new Replay(estate, { catalog });
  sink = (r, s) => replay.add(r, s);
  finish = () => void replay.finish();
}
const twins = new EventTwins(sink);
const summary = await readCloudTrail([dir], { onRecord: (r, s) => twins.add(r, s) });
twins.flush();
finish();
const seconds = (performance.now() - t) / 1000;
if (summary.records !== floorRecords) throw new Error(`read ${summary.records} records, the floor ${floorRecords}`);
console.log(JSON.stringify({ mode, records: summary.records, seconds, floorSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: summary.bytes }));
