import type { CheckReport, CheckResult } from '../analyses/check-scenario.js';
import type { ConditionBlock } from '../core/decision/result.js';

const MARKS = { pass: '✓', fail: '✗', unchecked: '·', invalid: '!' } as const;

/** One line per request, then `N passed, N failed, N unchecked, N invalid`. */
export function renderCheckText(report: CheckReport): string {
  const lines = report.results.map(renderResultLine);
  lines.push(renderCheckSummary(report));
  return `${lines.join('\n')}\n`;
}

export function renderCheckSummary(report: CheckReport): string {
  return `${report.passed} passed, ${report.failed} failed, ${report.unchecked} unchecked, ${report.invalid} invalid`;
}

/** `✓ name: Allow (expected Allow), decided by trust (target)`. */
export function renderResultLine(result: CheckResult): string {
  if ('invalid' in result) {
    const at = result.invalid.location?.line !== undefined ? ` (line ${result.invalid.location.line})` : '';
    return `${MARKS.invalid} ${result.invalid.name}${at}: invalid: ${result.error}`;
  }
  const { request, decision } = result;
  const head = `${MARKS[result.outcome]} ${request.name}: `;
  if (!decision) return `${head}invalid: evaluation failed: ${result.error ?? 'unknown error'}`;
  const parts = [withResidual(decision.decision, decision.decision === 'Conditional' ? decision.residual : undefined)];
  if (request.expect !== undefined) {
    const expectedResidual = request.expect === 'Conditional' ? request.expectResidual : undefined;
    const by = request.expectDecidedBy !== undefined || request.expectSide !== undefined ? ` decided by ${request.expectDecidedBy ?? 'any gate'}${request.expectSide ? ` (${request.expectSide})` : ''}` : '';
    const resting = request.expectAssumptions !== undefined ? ` resting on [${request.expectAssumptions.join(', ')}]` : '';
    parts[0] += ` (expected ${withResidual(request.expect, expectedResidual)}${by}${resting})`;
  }
  if (decision.decidedBy !== undefined) parts.push(`decided by ${decision.decidedBy}${decision.side ? ` (${decision.side})` : ''}`);
  if (decision.decision === 'Unknown' && decision.missing.length > 0) parts.push(`missing: ${decision.missing.join('; ')}`);
  if (request.expectAssumptions !== undefined) parts.push(`resting on [${[...new Set(decision.assumptions.map((a) => a.code))].join(', ')}]`);
  return head + parts.join(', ');
}

function withResidual(kind: string, residual: readonly ConditionBlock[] | undefined): string {
  return residual === undefined ? kind : `${kind} ${JSON.stringify(residual)}`;
}
