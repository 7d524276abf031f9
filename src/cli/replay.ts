import { Option, type Command } from 'commander';
import { explainRequest } from '../analyses/explain/explain-request.js';
import { Replay, type ReplayDisagreement, type ReplayReport } from '../analyses/replay/replay.js';
import { EventTwins } from '../analyses/usage/event-twins.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { readCloudTrail } from '../loaders/cloudtrail/read-cloudtrail.js';
import { renderReplayJson } from '../reporters/replay-json.js';
import { renderReplayText } from '../reporters/replay-text.js';
import { loadEstateFor, reportUnusable } from './access-query-input.js';
import { cloudTrailProgress } from './cloudtrail-progress.js';
import { EXIT_DIFFERS, EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics } from './command-io.js';

export type ReplayFormat = 'text' | 'json';
export type ReplayFailOn = 'disagreement' | 'gap';

export interface ReplayFlags {
  readonly format: ReplayFormat;
  readonly failOn?: string;
  readonly snapshotTime?: string;
}

/**
 * `trustmap replay <estate> <cloudtrail…>`: every modelled call of the logs asked again of the
 * engine, and the answers compared with AWS's (docs/cloudtrail.md#replay). Exit 0 when answered, 1
 * when `--fail-on` trips, 2 for unusable input, including a log file that could not be read: a gate
 * that skipped part of its evidence does not pass.
 */
export async function runReplay(estatePath: string, logs: readonly string[], flags: ReplayFlags, io: CommandIo): Promise<number> {
  const bag = new DiagnosticBag();
  const failOn = readFailOn(flags.failOn, bag);
  const snapshotTime = readSnapshotTime(flags.snapshotTime, bag);
  if (bag.hasErrors) return reportUnusable(io, bag.items);
  const catalog = loadServiceCatalog();
  const loaded = loadEstateFor(estatePath, catalog, io);
  if (loaded.unusable) return reportUnusable(io, [...bag.items, ...loaded.diagnostics]);
  const replay = new Replay(loaded.estate, { catalog, ...(snapshotTime ? { snapshotTime } : {}) });
  const twins = new EventTwins((record, source) => replay.add(record, source));
  const summary = await readCloudTrail(logs, { onRecord: (record, source) => twins.add(record, source), onProgress: cloudTrailProgress(io) });
  twins.flush();
  const report: ReplayReport = replay.finish(twins);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...summary.diagnostics]);
  reportDiagnostics(io, diagnostics);
  const explain = (d: ReplayDisagreement) => explainRequest(loaded.estate, d.request, { catalog });
  const logsRead = { files: summary.files, records: summary.records, invalidRecords: summary.invalidRecords, unreadableFiles: summary.unreadableFiles, bytes: summary.bytes };
  io.stdout(flags.format === 'json' ? renderReplayJson(report, logsRead, explain, diagnostics) : renderReplayText(report, logsRead, explain));
  return exitCode(report, summary.diagnostics, failOn, io);
}

function exitCode(report: ReplayReport, logDiagnostics: readonly Diagnostic[], failOn: ReplayFailOn | undefined, io: CommandIo): number {
  const errors = logDiagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    io.stderr(`replay: ${errors} log file${errors === 1 ? '' : 's'} could not be read: the answer covers the rest only (exit 2)\n`);
    return EXIT_UNUSABLE;
  }
  const t = report.totals;
  if (failOn === 'disagreement' && t.gap + t.drift > 0) return EXIT_DIFFERS;
  if (failOn === 'gap' && t.gap > 0) return EXIT_DIFFERS;
  return EXIT_OK;
}

function readFailOn(value: string | undefined, bag: DiagnosticBag): ReplayFailOn | undefined {
  if (value === undefined) return undefined;
  if (value === 'disagreement' || value === 'gap') return value;
  bag.add({ code: 'replay/invalid-fail-on', severity: 'error', message: `\`--fail-on ${value}\` is not a kind of disagreement`, help: '`disagreement` (a gap or drift) or `gap` (a disagreement no policy change explains)' });
  return undefined;
}

function readSnapshotTime(value: string | undefined, bag: DiagnosticBag): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isNaN(Date.parse(value))) return value;
  bag.add({ code: 'replay/invalid-snapshot-time', severity: 'error', message: `\`--snapshot-time ${value}\` is not a date`, help: 'an ISO 8601 time, as `2026-11-28T09:00:00Z`' });
  return undefined;
}

const EXAMPLE = `
What is compared (docs/cloudtrail.md#replay):
  every call of docs/cloudtrail.md#modelled-calls, with the context its record carries, against
  AWS's outcome: success, or an authorization error (AccessDenied, AccessDeniedException, …).
  A disagreement is drift when a policy change on an entity of the request falls between the call
  and the snapshot (--snapshot-time, else the snapshot's collectedAt), and a gap otherwise.

Examples:
  $ trustmap replay examples/org-estate-snapshot examples/cloudtrail
  $ trustmap replay snapshots/main s3-logs/AWSLogs --format json --fail-on gap

Exit codes: 0 answered, 1 --fail-on tripped, 2 unusable input (the estate, or a log file that could not be read).`;

export function registerReplayCommand(program: Command, io: CommandIo): void {
  program
    .command('replay')
    .description('ask the engine again every modelled call CloudTrail recorded, and compare its answers with AWS\'s')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .argument('<cloudtrail...>', 'CloudTrail logs: folders as delivered to S3 (AWSLogs/…, .json.gz), files, or `aws cloudtrail lookup-events` output')
    .option('--fail-on <kind>', 'exit 1 when there is a disagreement (`disagreement`: a gap or drift) or a gap (`gap`)')
    .option('--snapshot-time <time>', 'the moment the estate stands for, when its input does not say (ISO 8601)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, logs: string[], opts: Omit<ReplayFlags, 'format'> & { format: ReplayFormat; json?: boolean }) => {
      process.exitCode = await runReplay(estate, logs, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
