import type { Finding } from './finding.js';

/** One accepted finding: its fingerprint and why it is accepted (a baseline file entry). */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly reason: string;
  /** For people reading the file; not used to match. */
  readonly ruleId?: string;
  readonly subject?: string;
}

export interface BaselinedFindings {
  /** The findings no baseline entry accepts. */
  readonly findings: readonly Finding[];
  /** The accepted findings, each with its entry. */
  readonly suppressed: ReadonlyArray<{ readonly finding: Finding; readonly entry: BaselineEntry }>;
  /** Entries that match no finding any more (the finding was fixed): candidates for removal. */
  readonly stale: readonly BaselineEntry[];
  /**
   * Entries that matched a finding by a fingerprint it had in an earlier form (`replaces`): still
   * accepted; the baseline should name the finding's fingerprint now.
   */
  readonly migrate: ReadonlyArray<{ readonly entry: BaselineEntry; readonly fingerprint: string }>;
}

/** Splits findings into the ones still to act on and the ones a baseline accepts, by fingerprint. */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[]): BaselinedFindings {
  const byFingerprint = new Map(entries.map((e) => [e.fingerprint, e]));
  const kept: Finding[] = [];
  const suppressed: Array<{ finding: Finding; entry: BaselineEntry }> = [];
  const used = new Set<string>();
  const migrate: Array<{ entry: BaselineEntry; fingerprint: string }> = [];
  for (const f of findings) {
    const entry = byFingerprint.get(f.fingerprint);
    if (entry) {
      suppressed.push({ finding: f, entry });
      used.add(f.fingerprint);
      continue;
    }
    // An earlier form of the finding: one per principal of what is now a set. Every one of them must be accepted.
    const former = f.replaces?.map((fp) => byFingerprint.get(fp));
    if (former && former.length > 0 && former.every((e) => e !== undefined)) {
      suppressed.push({ finding: f, entry: former[0]! });
      for (const e of former) {
        used.add(e!.fingerprint);
        migrate.push({ entry: e!, fingerprint: f.fingerprint });
      }
    } else kept.push(f);
  }
  return { findings: kept, suppressed, stale: entries.filter((e) => !used.has(e.fingerprint)), migrate };
}
