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
}

/** Splits findings into the ones still to act on and the ones a baseline accepts, by fingerprint. */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[]): BaselinedFindings {
  const byFingerprint = new Map(entries.map((e) => [e.fingerprint, e]));
  const kept: Finding[] = [];
  const suppressed: Array<{ finding: Finding; entry: BaselineEntry }> = [];
  const used = new Set<string>();
  for (const f of findings) {
    const entry = byFingerprint.get(f.fingerprint);
    if (entry) {
      suppressed.push({ finding: f, entry });
      used.add(f.fingerprint);
    } else kept.push(f);
  }
  return { findings: kept, suppressed, stale: entries.filter((e) => !used.has(e.fingerprint)) };
}
