import { compileCondition } from '../../../src/core/condition/compile-condition.js';
import type { CompiledCondition } from '../../../src/core/condition/compiled-condition.js';
import { ABSENT, MapContext, UNKNOWN, present } from '../../../src/core/condition/request-context.js';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';

/** A request value in test tables: a string, a list (multivalued), null (absent) or 'UNKNOWN'. */
export type RequestValue = string | readonly string[] | null | typeof UNKNOWN_VALUE;
export const UNKNOWN_VALUE = Symbol('unknown');

/** Compiles a block that must compile cleanly (no broken tests, no diagnostics). */
export function compileClean(block: unknown, version: string | undefined = '2012-10-17'): CompiledCondition {
  const bag = new DiagnosticBag();
  const { condition, broken } = compileCondition(block, { version, pointer: '/Statement/0/Condition' }, bag);
  if (broken.length > 0 || bag.items.length > 0 || !condition) {
    throw new Error(`block did not compile cleanly: ${JSON.stringify({ broken, diagnostics: bag.items })}`);
  }
  return condition;
}

/** A context where unlisted keys are absent (the common case in tables). */
export function context(values: Record<string, RequestValue>, fallback = ABSENT): MapContext {
  const ctx = new MapContext(fallback);
  for (const [key, v] of Object.entries(values)) {
    if (v === UNKNOWN_VALUE) ctx.set(key, UNKNOWN);
    else if (v === null) ctx.set(key, ABSENT);
    else ctx.set(key, present(v as string | readonly string[]));
  }
  return ctx;
}

/** Evaluates one operator → key → value test against one request value of that key. */
export function evaluateOne(operator: string, policy: string | readonly string[], request: RequestValue, key = 'test:key') {
  const condition = compileClean({ [operator]: { [key]: policy } });
  return condition.evaluate(context({ [key]: request }));
}
