import type { CloudTrailProgress } from '../loaders/cloudtrail/read-cloudtrail.js';
import { reportProgress, type CommandIo } from './command-io.js';

/** How often a progress line is written while CloudTrail logs are read. */
const EVERY_MS = 2000;

/** Progress on stderr while logs are read: a line every two seconds, and one at the end. */
export function cloudTrailProgress(io: CommandIo, now: () => number = Date.now): (p: CloudTrailProgress) => void {
  let last = now();
  return (p) => {
    const t = now();
    if (t - last < EVERY_MS && p.files < p.filesTotal) return;
    last = t;
    reportProgress(io, `cloudtrail: ${p.files}/${p.filesTotal} files, ${p.records.toLocaleString('en-US')} records, ${(p.bytes / 1e6).toFixed(1)} MB read`);
  };
}
