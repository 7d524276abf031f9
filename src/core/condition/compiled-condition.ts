import type { Tri } from './tri.js';
import type { RequestContext } from './request-context.js';
import type { ConditionTest } from './evaluate-condition.js';

/**
 * A `Condition` block compiled once per policy: the AND of its operator/key tests.
 * Evaluation never throws and never allocates on the all-known fast path beyond its result.
 */
export interface CompiledCondition {
  /** Number of (operator, key) tests; 0 means the block was empty and always true. */
  readonly size: number;
  /** Lowercased keys the block reads, including keys read through policy variables. */
  readonly keys: readonly string[];
  /** The (operator, key) tests, for checks that read the block's form rather than evaluate it (S3's public-policy test). */
  readonly tests: readonly ConditionTest[];
  evaluate(ctx: RequestContext): Tri;
}
