import type { CheckReport, CheckResult } from '../analyses/check-scenario.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { ConditionBlock, DecisionKind, GateId, Side } from '../core/decision/result.js';

/** One entry of `results[]` in `trustmap check --json` (scenario-format.md). */
export interface CheckJsonResult {
  readonly name: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Null only when the engine failed on the request (a `check/evaluation-failed` diagnostic says why). */
  readonly decision: DecisionKind | null;
  readonly expected: DecisionKind | null;
  /** Null for a request without `expect` (unchecked). */
  readonly pass: boolean | null;
  readonly decidedBy: GateId | null;
  readonly side: Side | null;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  readonly assumptions: readonly string[];
}

export interface CheckJson {
  readonly results: readonly CheckJsonResult[];
  readonly passed: number;
  readonly failed: number;
  readonly unchecked: number;
  readonly diagnostics: readonly Diagnostic[];
}

export function toCheckJson(report: CheckReport, diagnostics: readonly Diagnostic[]): CheckJson {
  return {
    results: report.results.map(toResult),
    passed: report.passed,
    failed: report.failed,
    unchecked: report.unchecked,
    diagnostics,
  };
}

export function renderCheckJson(report: CheckReport, diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(toCheckJson(report, diagnostics), null, 2)}\n`;
}

function toResult(result: CheckResult): CheckJsonResult {
  const { request, decision } = result;
  return {
    name: request.name,
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    decision: decision?.decision ?? null,
    expected: request.expect ?? null,
    pass: result.outcome === 'unchecked' ? null : result.outcome === 'pass',
    decidedBy: decision?.decidedBy ?? null,
    side: decision?.side ?? null,
    residual: decision?.decision === 'Conditional' ? decision.residual : [],
    missing: decision?.missing ?? [],
    assumptions: decision?.assumptions ?? [],
  };
}
