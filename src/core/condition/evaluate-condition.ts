import { resolveTemplate, type Template } from '../policy-variables.js';
import type { CompiledCondition } from './compiled-condition.js';
import type { OperatorDefinition, SetQualifier, ValueTest } from './operators.js';
import type { ContextEntry, RequestContext } from './request-context.js';
import { and, residual, FALSE, TRUE, type Tri } from './tri.js';

/** One policy value: compiled once, or (string and ARN operators) a template resolved per request. */
export type PolicyValue = { readonly fixed: ValueTest } | { readonly template: Template };

/** One (operator, key) test of a `Condition` block, compiled. */
export interface ConditionTest {
  /** Operator, key and values as written, for residual atoms (results.md). */
  readonly operatorAsWritten: string;
  readonly keyAsWritten: string;
  readonly valuesAsWritten: readonly string[];
  /** Lowercased key (docs/aws-authorization.md#condition-key-case: key names are case-insensitive). */
  readonly key: string;
  readonly definition: OperatorDefinition;
  readonly qualifier?: SetQualifier;
  readonly ifExists: boolean;
  readonly values: readonly PolicyValue[];
  /** The tests of `values` when none holds a policy variable (the common, allocation-free case). */
  readonly fixed?: readonly ValueTest[];
}

/** The AND of a block's tests (docs/aws-authorization.md#condition-and-or). */
export function conditionFromTests(tests: readonly ConditionTest[], keys: readonly string[]): CompiledCondition {
  return {
    size: tests.length,
    keys,
    tests,
    evaluate(ctx: RequestContext): Tri {
      let acc: Tri = TRUE;
      for (const t of tests) {
        const r = evaluateTest(t, ctx);
        if (r.kind === 'false') return FALSE;
        if (r.kind === 'residual') acc = and(acc, r);
      }
      return acc;
    },
  };
}

export function evaluateTest(t: ConditionTest, ctx: RequestContext): Tri {
  const entry = ctx.lookup(t.key);
  if (entry.state === 'unknown') return atomOf(t);
  const values = presentValues(entry);
  // Null (docs/aws-authorization.md#null-operator) tests the word for the key's state; it takes no variables, so its values are fixed.
  if (t.definition.kind === 'null') return matchesAny(t.fixed ?? [], values ? 'false' : 'true') ? TRUE : FALSE;
  if (values === undefined) return whenMissing(t);
  const tests = t.fixed ?? resolveValues(t, ctx);
  if (tests === 'unknown') return atomOf(t);
  return matchesRequest(t, tests, values) ? TRUE : FALSE;
}

/**
 * An empty set is treated as a missing key everywhere. docs/aws-authorization.md#set-operators gives it the missing-key result
 * for both set qualifiers; for plain operators the two agree anyway (no value can match); for
 * `…IfExists` (true) and `Null` (`true`) it is the team's reading: a key with no value does not exist.
 */
function presentValues(entry: ContextEntry): readonly string[] | undefined {
  return entry.state === 'present' && entry.values.length > 0 ? entry.values : undefined;
}

/**
 * Missing key: `…IfExists` ⇒ true (docs/aws-authorization.md#if-exists-operators; checked first, so it also wins over `ForAnyValue:`),
 * `ForAllValues:` ⇒ true and `ForAnyValue:` ⇒ false (docs/aws-authorization.md#set-operators), otherwise positive operators
 * false and negated ones true (docs/aws-authorization.md#missing-key-condition-false).
 */
function whenMissing(t: ConditionTest): Tri {
  if (t.ifExists) return TRUE;
  if (t.qualifier === 'ForAllValues') return TRUE;
  if (t.qualifier === 'ForAnyValue') return FALSE;
  return t.definition.negated ? TRUE : FALSE;
}

/**
 * The request's values against the policy values. Policy values are OR'd; a negated operator
 * holds for a request value that matches none of them (docs/aws-authorization.md#condition-and-or).
 *
 * Without a set qualifier, a key with several request values matches a positive operator when
 * ANY of them matches, and a negated operator is its exact complement (no request value matches
 * any policy value). The spec (docs/aws-authorization.md#set-operators, [E24]) only says that multivalued keys need a set qualifier;
 * it does not define the unqualified case, so this reading is the team's choice.
 *
 * With a set qualifier, a negated operator is applied to each request value (working assumption
 * docs/aws-authorization.md#negated-set-operators): `ForAllValues:StringNotEquals` holds when no request value equals a listed value.
 */
function matchesRequest(t: ConditionTest, tests: readonly ValueTest[], values: readonly string[]): boolean {
  const negated = t.definition.negated;
  if (t.qualifier === 'ForAllValues') {
    for (const v of values) if (matchesAny(tests, v) === negated) return false;
    return true;
  }
  if (t.qualifier === 'ForAnyValue') {
    for (const v of values) if (matchesAny(tests, v) !== negated) return true;
    return false;
  }
  for (const v of values) if (matchesAny(tests, v)) return !negated;
  return negated;
}

function matchesAny(tests: readonly ValueTest[], value: string): boolean {
  for (const t of tests) if (t.test(value)) return true;
  return false;
}

/**
 * The policy values as tests for this request. A policy variable whose key is absent makes its
 * value match nothing, so positive operators fail on it and negated ones pass (docs/aws-authorization.md#policy-variables); a
 * default (`${key, 'x'}`) is used instead where given. A variable over a multivalued key is
 * treated the same way: AWS only substitutes single-valued keys (docs/aws-authorization.md#policy-variables). A variable over an
 * unknown key leaves the whole test unknown.
 */
function resolveValues(t: ConditionTest, ctx: RequestContext): readonly ValueTest[] | 'unknown' {
  const out: ValueTest[] = [];
  for (const v of t.values) {
    if (isFixed(v)) {
      out.push(v.fixed);
      continue;
    }
    const resolved = resolveTemplate(v.template, ctx);
    if (resolved.state === 'unknown') return 'unknown';
    if (resolved.state === 'ok') out.push(t.definition.fromParts!(resolved.parts));
  }
  return out;
}

function isFixed(v: PolicyValue): v is { readonly fixed: ValueTest } {
  return 'fixed' in v;
}

function atomOf(t: ConditionTest): Tri {
  return residual({ operator: t.operatorAsWritten, key: t.keyAsWritten, values: t.valuesAsWritten, negated: false });
}
