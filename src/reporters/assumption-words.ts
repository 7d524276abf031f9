import type { Assumption, AssumptionCode } from '../core/decision/result.js';
import { RULES_DOC } from '../core/rules/rule-anchors.js';

/**
 * A working assumption an answer rests on, as every JSON output prints it (docs/explain-json.md):
 * its stable code, the rules reference anchor it rests on, and its words.
 */
export interface AssumptionJson {
  readonly code: AssumptionCode;
  /** Anchor of docs/aws-authorization.md. */
  readonly rule: string;
  readonly message: string;
}

/** The assumptions as JSON objects, keys in a fixed order. */
export function assumptionsJson(xs: readonly Assumption[]): AssumptionJson[] {
  return xs.map((a) => ({ code: a.code, rule: a.rule, message: a.message }));
}

/** `message (docs/aws-authorization.md#<anchor>)`: one assumption in words, for text output. */
export function assumptionText(a: Assumption | AssumptionJson): string {
  return `${a.message} (${RULES_DOC}#${a.rule})`;
}
