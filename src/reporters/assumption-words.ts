import type { Assumption, AssumptionCode } from '../core/decision/result.js';
import { RULES_DOC, ruleReference } from '../core/rules/rule-anchors.js';

/**
 * A working assumption an answer rests on, as every JSON output prints it (docs/explain-json.md):
 * its stable code, the rules reference anchor it rests on, and its words.
 */
export interface AssumptionJson {
  readonly code: AssumptionCode;
  /** Anchor of docs/aws-authorization.md. */
  readonly rule: string;
  readonly message: string;
  /** The AWS documentation page the rule comes from. */
  readonly url: string;
}

/** The assumptions as JSON objects, keys in a fixed order. */
export function assumptionsJson(xs: readonly Assumption[]): AssumptionJson[] {
  return xs.map((a) => ({ code: a.code, rule: a.rule, message: a.message, url: ruleReference(a.rule)?.url ?? '' }));
}

/** `message (docs/aws-authorization.md#<anchor>; <AWS page>)`: one assumption in words, for text output. */
export function assumptionText(a: Assumption | AssumptionJson): string {
  const url = ruleReference(a.rule)?.url;
  return `${a.message} (${RULES_DOC}#${a.rule}${url ? `; ${url}` : ''})`;
}
