import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import type { CommandIo } from '../cli/command-io.js';
import { EXIT_OK, EXIT_UNUSABLE } from '../cli/command-io.js';
import type { CloudTrailRecord } from '../core/cloudtrail/cloudtrail-record.js';
import { membershipOf } from '../core/decision/organization-chain.js';
import type { Estate } from '../core/model/estate.js';
import { loadScenarioFile } from '../loaders/scenario/load-scenario-file.js';
import type { ScenarioRequest } from '../loaders/scenario/scenario-types.js';
import { driftTarget, hexOf, policyChangeRecord, recordsForRequest } from './cloudtrail-records.js';

export const GEN_CLOUDTRAIL_USAGE = `usage: npm run gen:cloudtrail -- <scenario.yaml…> --out DIR [--start TIME] [--drift]

Writes the CloudTrail records AWS would have written for the requests of scenario files that
have an \`expect\` (Allow, ExplicitDeny, ImplicitDeny), in CloudTrail's S3 delivery layout:
DIR/AWSLogs/<organization id>/<account>/CloudTrail/<region>/YYYY/MM/DD/…json.gz (an organization
trail; AWSLogs/<account>/… for an account outside any organization), one gzipped
{"Records": […]} file per account, region and hour. \`trustmap replay\` of DIR against the scenario
agrees with every record. Requests the records cannot express (a call trustmap does not model, a
Conditional or Unknown answer, a context key a record cannot carry) are skipped, and listed.

  --out DIR        the folder to write; its AWSLogs folder is replaced
  --start TIME     the first record's time, ISO 8601 (default 2026-11-01T00:00:00Z); one minute
                   between requests (a request that gives aws:CurrentTime keeps its time)
  --drift          also writes, for the first denied request whose target is a resource with a
                   policy (else a role), the same call allowed one hour before --start, followed
                   by a change of the target's policy: replay shows it as drift
  -h, --help       this text

Exit codes: 0 written, 2 bad flags, a scenario that does not load or has no request with \`expect\`.`;

const DEFAULT_START = '2026-11-01T00:00:00Z';
const MINUTE = 60 * 1000;

export type GenCloudTrailArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly scenarios: readonly string[]; readonly out: string; readonly start: Date; readonly drift: boolean }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

export function readGenCloudTrailArgs(argv: readonly string[]): GenCloudTrailArgs {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, start: { type: 'string' }, drift: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { kind: 'invalid', problems: [message.charAt(0).toLowerCase() + message.slice(1)] };
  }
  const { values, positionals } = parsed;
  if (values['help']) return { kind: 'help' };
  const problems: string[] = [];
  if (positionals.length === 0) problems.push('name at least one scenario file');
  const out = values['out'];
  if (typeof out !== 'string' || out === '') problems.push('`--out DIR` is required');
  const startText = typeof values['start'] === 'string' ? values['start'] : DEFAULT_START;
  const start = new Date(startText);
  if (Number.isNaN(start.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(startText)) problems.push(`\`--start ${startText}\` is not an ISO 8601 time (2026-11-01T00:00:00Z)`);
  if (problems.length > 0) return { kind: 'invalid', problems };
  return { kind: 'run', scenarios: positionals, out: out as string, start, drift: values['drift'] === true };
}

/** One scenario's records, before they are laid out in files. */
interface Generated {
  readonly records: Array<{ readonly record: CloudTrailRecord; readonly estate: Estate }>;
  readonly calls: number;
  readonly skipped: Map<string, string[]>;
  readonly drift?: { readonly request: string; readonly change: string };
}

/**
 * `npm run gen:cloudtrail -- …`: loads each scenario, makes the records of its requests, and writes
 * them as CloudTrail delivers them to S3. What it wrote, and what it skipped and why, go to stderr.
 */
export function runGenCloudTrail(argv: readonly string[], io: CommandIo): number {
  const args = readGenCloudTrailArgs(argv);
  if (args.kind === 'help') {
    io.stdout(`${GEN_CLOUDTRAIL_USAGE}\n`);
    return EXIT_OK;
  }
  if (args.kind === 'invalid') {
    io.stderr(`${args.problems.map((p) => `error: ${p}`).join('\n')}\n\n${GEN_CLOUDTRAIL_USAGE}\n`);
    return EXIT_UNUSABLE;
  }
  const catalog = loadServiceCatalog();
  let index = 0;
  let clock = args.start.getTime();
  const all: Generated[] = [];
  for (const file of args.scenarios) {
    const loaded = loadScenarioFile(file, { catalog });
    if (loaded.unusable) {
      const why = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      io.stderr(`error: the scenario \`${file}\` does not load${why.length > 0 ? `: ${why.join('; ')}` : ''}\n`);
      return EXIT_UNUSABLE;
    }
    const requests = loaded.requests.filter((r) => r.expect !== undefined);
    if (requests.length === 0) {
      io.stderr(`error: the scenario \`${file}\` has no request with an \`expect\`: there is nothing to record\n`);
      return EXIT_UNUSABLE;
    }
    const generated = generate(requests, loaded.estate, { start: clock, drift: args.drift, nextIndex: () => index++, driftTime: args.start.getTime() - 60 * MINUTE });
    clock += generated.calls * MINUTE;
    all.push(generated);
    io.stderr(`${file}: ${generated.calls} of ${requests.length} requests with \`expect\` recorded (${generated.records.length} records)\n`);
    for (const [why, names] of [...generated.skipped].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
      const shown = names.slice(0, 3).map((n) => `"${n}"`).join(', ');
      io.stderr(`  skipped ${names.length}: ${why} (${shown}${names.length > 3 ? `, and ${names.length - 3} more` : ''})\n`);
    }
    if (generated.drift) io.stderr(`  drift: "${generated.drift.request}" allowed an hour before --start, then ${generated.drift.change}\n`);
    else if (args.drift) io.stderr('  drift: no denied request whose target is a resource with a policy or a role: none written\n');
  }

  const files = layOut(all.flatMap((g) => g.records));
  try {
    rmSync(join(args.out, 'AWSLogs'), { recursive: true, force: true });
    for (const [path, records] of files) {
      const full = join(args.out, path);
      mkdirSync(full.slice(0, full.lastIndexOf('/')), { recursive: true });
      writeFileSync(full, gzipSync(JSON.stringify({ Records: records })));
    }
  } catch (e) {
    io.stderr(`error: cannot write to \`${args.out}\`: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_UNUSABLE;
  }
  const total = [...files.values()].reduce((n, r) => n + r.length, 0);
  for (const [path, records] of files) io.stderr(`  ${join(args.out, path)}: ${records.length} record${records.length === 1 ? '' : 's'}\n`);
  io.stderr(`wrote ${total} records in ${files.size} files to ${args.out}\n`);
  return EXIT_OK;
}

function generate(requests: readonly ScenarioRequest[], estate: Estate, options: { start: number; drift: boolean; driftTime: number; nextIndex: () => number }): Generated {
  const records: Generated['records'] = [];
  const skipped = new Map<string, string[]>();
  let calls = 0;
  const recorded: ScenarioRequest[] = [];
  for (const request of requests) {
    const out = recordsForRequest(request, estate, { time: new Date(options.start + calls * MINUTE), index: options.nextIndex() });
    if ('skipped' in out) {
      const list = skipped.get(out.skipped) ?? [];
      list.push(request.name);
      skipped.set(out.skipped, list);
      continue;
    }
    calls++;
    recorded.push(request);
    for (const record of out.records) records.push({ record, estate });
  }
  let drift: Generated['drift'];
  if (options.drift) {
    const denied = recorded.filter((r) => r.expect === 'ExplicitDeny' || r.expect === 'ImplicitDeny');
    const chosen = denied.find((r) => driftTarget(r, estate) === 'resource') ?? denied.find((r) => driftTarget(r, estate) === 'role');
    if (chosen) {
      const before = recordsForRequest({ ...chosen, expect: 'Allow' }, estate, { time: new Date(options.driftTime), index: options.nextIndex() });
      const change = policyChangeRecord(chosen, estate, { time: new Date(options.driftTime + MINUTE), index: options.nextIndex() });
      if ('records' in before && change) {
        for (const record of [...before.records, change]) records.push({ record, estate });
        drift = { request: chosen.name, change: `\`${change.eventName}\` on ${targetName(change)}` };
      }
    }
  }
  return { records, calls, skipped, ...(drift ? { drift } : {}) };
}

function targetName(change: CloudTrailRecord): string {
  const p = change.requestParameters ?? {};
  const name = p['bucketName'] ?? p['roleName'] ?? p['keyId'] ?? p['queueUrl'] ?? p['topicArn'] ?? p['secretId'] ?? p['functionName'];
  return `\`${String(name)}\``;
}

/**
 * CloudTrail's S3 delivery layout: `AWSLogs/<org id>/<account>/CloudTrail/<region>/YYYY/MM/DD/
 * <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz`, one file per account, region and
 * hour here, its records in time order. Accounts outside the estate's organization deliver to
 * their own trail (`AWSLogs/<account>/…`).
 */
export function layOut(records: ReadonlyArray<{ readonly record: CloudTrailRecord; readonly estate: Estate }>): Map<string, CloudTrailRecord[]> {
  const groups = new Map<string, { prefix: string; account: string; region: string; hour: number; records: CloudTrailRecord[] }>();
  for (const { record, estate } of records) {
    const account = record.recipientAccountId!;
    const region = record.awsRegion ?? 'us-east-1';
    const hour = Math.floor(Date.parse(record.eventTime) / (60 * MINUTE)) * 60 * MINUTE;
    const org = estate.organization;
    const prefix = org && membershipOf(estate, account).status === 'member' ? `AWSLogs/${org.id}/${account}` : `AWSLogs/${account}`;
    const key = `${prefix} ${region} ${hour}`;
    const group = groups.get(key) ?? { prefix, account, region, hour, records: [] };
    group.records.push(record);
    groups.set(key, group);
  }
  const out = new Map<string, CloudTrailRecord[]>();
  for (const [key, g] of [...groups].sort((a, b) => a[1].hour - b[1].hour || a[0].localeCompare(b[0]))) {
    g.records.sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
    const last = Date.parse(g.records[g.records.length - 1]!.eventTime);
    const delivered = new Date(Math.floor(last / (5 * MINUTE)) * 5 * MINUTE).toISOString();
    const day = delivered.slice(0, 10).replace(/-/g, '/');
    const stamp = `${delivered.slice(0, 4)}${delivered.slice(5, 7)}${delivered.slice(8, 10)}T${delivered.slice(11, 13)}${delivered.slice(14, 16)}Z`;
    const id = base62(hexOf(key, 16)).slice(0, 8);
    out.set(`${g.prefix}/CloudTrail/${g.region}/${day}/${g.account}_CloudTrail_${g.region}_${stamp}_${id}.json.gz`, g.records);
  }
  return out;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(hex: string): string {
  let out = '';
  for (let i = 0; i + 2 <= hex.length; i += 2) out += ALPHABET[parseInt(hex.slice(i, i + 2), 16) % 62];
  return out;
}
