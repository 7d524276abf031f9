import { DEFAULT_UNUSED_DAYS, type UsageEvidence } from '../analyses/usage/entry-usage.js';
import { EventTwins } from '../analyses/usage/event-twins.js';
import { UsageLog } from '../analyses/usage/usage-log.js';
import { roleLastUsedEvidence } from '../analyses/usage/role-last-used-evidence.js';
import type { DiagnosticBag, Diagnostic } from '../core/diagnostics.js';
import type { Estate } from '../core/model/estate.js';
import { readCloudTrail } from '../loaders/cloudtrail/read-cloudtrail.js';
import { cloudTrailProgress } from './cloudtrail-progress.js';
import type { CommandIo } from './command-io.js';


export interface UsageFlags {
  /** CloudTrail logs (`--cloudtrail`, repeatable). */
  readonly cloudtrail?: readonly string[];
  readonly unusedDays?: string;
}

export function readUnusedDays(value: string | undefined, bag: DiagnosticBag): number | undefined {
  if (value === undefined) return DEFAULT_UNUSED_DAYS;
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  bag.add({ code: 'usage/invalid-unused-days', severity: 'error', message: `\`--unused-days ${value}\` is not a whole number of days`, help: `a positive whole number; ${DEFAULT_UNUSED_DAYS} when not given` });
  return undefined;
}

/**
 * The usage evidence of a command (docs/cloudtrail.md#usage): the CloudTrail logs it was given, read
 * once; without logs, the roles' `RoleLastUsed` where the estate has it; undefined when there is
 * neither. Log diagnostics are returned: a file that could not be read is an error the command
 * reports, and a gate fails on.
 */
export async function readUsageEvidence(flags: UsageFlags, unusedDays: number, estate: Estate, io: CommandIo): Promise<{ evidence?: UsageEvidence; diagnostics: readonly Diagnostic[] }> {
  const logs = flags.cloudtrail ?? [];
  if (logs.length > 0) {
    const log = new UsageLog(estate);
    const twins = new EventTwins((record) => log.add(record));
    const summary = await readCloudTrail(logs, { onRecord: (record, source) => twins.add(record, source), onProgress: cloudTrailProgress(io) });
    twins.flush();
    const collected = estate.collectedAt !== undefined ? Date.parse(estate.collectedAt) : NaN;
    const now = !Number.isNaN(collected) ? collected : log.window?.to ?? 0;
    return { evidence: { log, now, unusedDays }, diagnostics: summary.diagnostics };
  }
  const evidence = roleLastUsedEvidence(estate, unusedDays);
  return evidence ? { evidence, diagnostics: [] } : { diagnostics: [] };
}

/** A log file that could not be read leaves the usage partial: the command answers, and exits 2 (fail closed). */
export function logsUnreadable(diagnostics: readonly Diagnostic[], io: CommandIo): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors === 0) return false;
  io.stderr(`usage: ${errors} CloudTrail input${errors === 1 ? '' : 's'} could not be read: what is marked unused may have been used (exit 2)\n`);
  return true;
}
