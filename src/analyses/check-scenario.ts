import type { Diagnostic } from '../core/diagnostics.js';
import type { ConditionBlock, Decision } from '../core/decision/result.js';
import type { InvalidScenarioRequest, ScenarioRequest } from '../loaders/scenario/scenario-types.js';

/**
 * Whether a request's answer meets the scenario's `expect` (scenario-format.md, `trustmap check`).
 * `invalid`: the request could not be read well enough to ask, or the engine failed on it.
 */
export type CheckOutcome = 'pass' | 'fail' | 'unchecked' | 'invalid';

export type CheckResult =
  | {
      readonly request: ScenarioRequest;
      /** Undefined when the engine failed on this request; `error` then says why. */
      readonly decision?: Decision;
      readonly outcome: CheckOutcome;
      readonly error?: string;
    }
  | {
      /** A request that could not be read: only its name and place are known. */
      readonly invalid: InvalidScenarioRequest;
      readonly outcome: 'invalid';
      readonly error: string;
    };

export interface CheckReport {
  readonly results: readonly CheckResult[];
  readonly passed: number;
  readonly failed: number;
  readonly unchecked: number;
  readonly invalid: number;
  /** Problems met while checking (an engine failure on one request). */
  readonly diagnostics: readonly Diagnostic[];
}

export type Evaluate = (request: ScenarioRequest) => Decision;

/** Evaluates every request and compares each answer with its `expect`; invalid requests are listed after them. */
export function checkScenario(requests: readonly ScenarioRequest[], evaluate: Evaluate, invalidRequests: readonly InvalidScenarioRequest[] = []): CheckReport {
  const diagnostics: Diagnostic[] = [];
  const asked = requests.map((request): CheckResult => {
    try {
      const decision = evaluate(request);
      return { request, decision, outcome: outcomeOf(request, decision) };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      diagnostics.push({
        code: 'check/evaluation-failed',
        severity: 'error',
        message: `the request \`${request.name}\` could not be evaluated: ${error}`,
        ...(request.location ? { source: request.location } : {}),
      });
      return { request, outcome: 'invalid', error };
    }
  });
  const unreadable = invalidRequests.map((invalid): CheckResult => ({ invalid, outcome: 'invalid', error: invalid.problems.map((d) => d.message).join('; ') || 'the request could not be read' }));
  const results = [...asked, ...unreadable];
  const count = (outcome: CheckOutcome): number => results.filter((r) => r.outcome === outcome).length;
  return { results, passed: count('pass'), failed: count('fail'), unchecked: count('unchecked'), invalid: count('invalid'), diagnostics };
}

/**
 * A request without `expect` is unchecked. `expectDecidedBy` and `expectSide`, when given, must be
 * the deciding gate and its side as well. `expect: Conditional` with `expectResidual` passes only
 * when the residual is the same set of alternatives.
 */
export function outcomeOf(request: ScenarioRequest, decision: Decision): CheckOutcome {
  if (request.expect === undefined) return 'unchecked';
  if (decision.decision !== request.expect) return 'fail';
  if (request.expectDecidedBy !== undefined && decision.decidedBy !== request.expectDecidedBy) return 'fail';
  if (request.expectSide !== undefined && decision.side !== request.expectSide) return 'fail';
  if (request.expectAssumptions !== undefined && !sameCodes(request.expectAssumptions, decision.assumptions.map((a) => a.code))) return 'fail';
  if (request.expect === 'Conditional' && request.expectResidual !== undefined) {
    return sameResidual(request.expectResidual, decision.residual) ? 'pass' : 'fail';
  }
  return 'pass';
}

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((c, i) => c === y[i]);
}

/** Residuals are equal as sets of alternatives, whatever the order of alternatives, keys or values. */
export function sameResidual(a: readonly ConditionBlock[], b: readonly ConditionBlock[]): boolean {
  const left = canonicalAlternatives(a);
  const right = canonicalAlternatives(b);
  return left.length === right.length && left.every((alt, i) => alt === right[i]);
}

/** Each alternative as canonical JSON (sorted keys, sorted values, condition keys lowercased), sorted and unique. */
export function canonicalAlternatives(blocks: readonly ConditionBlock[]): string[] {
  return [...new Set(blocks.map((block) => JSON.stringify(canonicalBlock(block))))].sort();
}

type Canonical = { [key: string]: Canonical | string[] };

function canonicalBlock(block: ConditionBlock): Canonical {
  const out: Canonical = {};
  for (const operator of Object.keys(block).sort()) {
    const body = block[operator];
    if (body === undefined) continue;
    out[operator] = operator === 'Not' ? canonicalBlock(body as ConditionBlock) : canonicalKeys(body);
  }
  return out;
}

/** Condition key names are case-insensitive (docs/aws-authorization.md#condition-key-case); values are compared as sets. */
function canonicalKeys(body: ConditionBlock[string]): Canonical {
  const out: Canonical = {};
  const entries = Object.entries(body).map(([key, values]) => [key.toLowerCase(), values] as const);
  for (const [key, values] of entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const list = typeof values === 'string' ? [values] : Array.isArray(values) ? values.map(String) : [JSON.stringify(canonicalBlock(values as ConditionBlock))];
    out[key] = [...new Set(list)].sort();
  }
  return out;
}
