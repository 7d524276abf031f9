import type { CheckOutcome, CheckReport, CheckResult } from '../analyses/check-scenario.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { assumptionsJson, type AssumptionJson } from './assumption-words.js';
import type { ConditionBlock, DecisionKind, GateId, Side } from '../core/decision/result.js';

/** One entry of `results[]` in `trustmap check --json` (scenario-format.md). */
export interface CheckJsonResult {
  readonly name: string;
  /** Null only for an invalid request whose principal, action or resource could not be read. */
  readonly principal: string | null;
  readonly action: string | null;
  readonly resource: string | null;
  /** `pass`, `fail`, `unchecked` (no `expect`) or `invalid` (not readable, or the engine failed on it). */
  readonly outcome: CheckOutcome;
  /** Null for an invalid request; `error` then says why. */
  readonly decision: DecisionKind | null;
  readonly expected: DecisionKind | null;
  /** Null for a request without `expect` (unchecked) and for an invalid one. */
  readonly pass: boolean | null;
  readonly error?: string;
  readonly decidedBy: GateId | null;
  readonly side: Side | null;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  /** The working assumptions the answer rests on, each `{ code, rule, message }`. */
  readonly assumptions: readonly AssumptionJson[];
}

export interface CheckJson {
  readonly results: readonly CheckJsonResult[];
  readonly passed: number;
  readonly failed: number;
  readonly unchecked: number;
  readonly invalid: number;
  readonly diagnostics: readonly Diagnostic[];
}

export function toCheckJson(report: CheckReport, diagnostics: readonly Diagnostic[]): CheckJson {
  return {
    results: report.results.map(toResult),
    passed: report.passed,
    failed: report.failed,
    unchecked: report.unchecked,
    invalid: report.invalid,
    diagnostics,
  };
}

export function renderCheckJson(report: CheckReport, diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(toCheckJson(report, diagnostics), null, 2)}\n`;
}

function toResult(result: CheckResult): CheckJsonResult {
  if ('invalid' in result) {
    const none = { decidedBy: null, side: null, residual: [], missing: [], assumptions: [] };
    return { name: result.invalid.name, principal: null, action: null, resource: null, outcome: 'invalid', decision: null, expected: null, pass: null, error: result.error, ...none };
  }
  const { request, decision } = result;
  return {
    name: request.name,
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    outcome: result.outcome,
    decision: decision?.decision ?? null,
    expected: request.expect ?? null,
    pass: result.outcome === 'pass' ? true : result.outcome === 'fail' ? false : null,
    ...(result.error !== undefined ? { error: result.error } : {}),
    decidedBy: decision?.decidedBy ?? null,
    side: decision?.side ?? null,
    residual: decision?.decision === 'Conditional' ? decision.residual : [],
    missing: decision?.missing ?? [],
    assumptions: decision ? assumptionsJson(decision.assumptions) : [],
  };
}
