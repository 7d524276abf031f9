import type { Estate } from '../../core/model/estate.js';
import { applyBaseline, type BaselineEntry } from './apply-baseline.js';
import { atLeast, SEVERITY_ORDER, type Finding, type FindingSeverity } from './finding.js';
import type { FindingRule } from './finding-rule.js';
import { runFindings, type FindingsOptions } from './run-findings.js';

/** What `trustmap findings` reports: the findings still to act on, what the baseline accepted, and whether `--fail-on` was crossed. */
export interface FindingsReport {
  readonly findings: readonly Finding[];
  readonly suppressed: ReadonlyArray<{ readonly finding: Finding; readonly entry: BaselineEntry }>;
  /** Baseline entries that match no finding any more. */
  readonly stale: readonly BaselineEntry[];
  /** Baseline entries that matched a finding in its earlier, per-principal form: replace each fingerprint. */
  readonly migrate: ReadonlyArray<{ readonly entry: BaselineEntry; readonly fingerprint: string }>;
  readonly rules: readonly FindingRule[];
  readonly evaluations: number;
  readonly failOn?: FindingSeverity;
  /** Some finding not accepted by the baseline is at least as severe as `failOn`. */
  readonly failed: boolean;
}

export interface FindingsReportOptions extends FindingsOptions {
  readonly baseline?: readonly BaselineEntry[];
  readonly failOn?: FindingSeverity;
}

export function findingsReport(estate: Estate, options: FindingsReportOptions = {}): FindingsReport {
  const result = runFindings(estate, options);
  const split = applyBaseline(result.findings, options.baseline ?? []);
  const failOn = options.failOn;
  return {
    findings: split.findings,
    suppressed: split.suppressed,
    stale: split.stale,
    migrate: split.migrate,
    rules: result.rules,
    evaluations: result.evaluations,
    ...(failOn ? { failOn } : {}),
    failed: failOn !== undefined && split.findings.some((f) => atLeast(f.severity, failOn)),
  };
}

/** Findings per severity, most severe first, every severity present (0 where none). */
export function countBySeverity(findings: readonly Finding[]): Record<FindingSeverity, number> {
  const out = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<FindingSeverity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}
