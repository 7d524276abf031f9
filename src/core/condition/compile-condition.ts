import { escapePointerToken, type DiagnosticBag, type SourceContext } from '../diagnostics.js';
import { parseTemplate } from '../policy-variables.js';
import type { CompiledCondition } from './compiled-condition.js';
import { conditionFromTests, type ConditionTest, type PolicyValue } from './evaluate-condition.js';
import { parseOperatorName, suggestOperator, type OperatorName, type ValueTest } from './operators.js';
import type { DiagnosticCode } from '../diagnostic-codes.js';

export interface CompileConditionOptions {
  /** The policy's `Version`: policy variables are substituted only under `2012-10-17` (docs/aws-authorization.md#policy-variables). */
  readonly version: string | undefined;
  readonly source?: SourceContext;
  /** Pointer of the `Condition` element relative to the policy document root. */
  readonly pointer: string;
}

export interface CompiledConditionResult {
  /** Undefined when there is no block, or when it is not an object at all. */
  readonly condition?: CompiledCondition;
  /**
   * Why the block cannot be evaluated faithfully. Each broken test is left out of `condition`;
   * the caller must treat the statement as broken (the answer becomes Unknown, never a guess).
   */
  readonly broken: string[];
}

/**
 * Compiles a `Condition` block once: operator → key → value(s), every value parsed up front
 * (CIDRs, dates, numbers, base 64, wildcard patterns, policy-variable templates).
 */
export function compileCondition(
  block: unknown,
  options: CompileConditionOptions,
  diagnostics: DiagnosticBag,
): CompiledConditionResult {
  const broken: string[] = [];
  if (block === undefined) return { broken };
  const at = new Reporter(options, diagnostics, broken);
  if (!isPlainObject(block)) {
    at.error('', 'policy/malformed-condition', '`Condition` must be an object of operators');
    return { broken };
  }
  const tests: ConditionTest[] = [];
  for (const [operator, keyMap] of Object.entries(block)) {
    const name = readOperator(operator, at);
    if (!name) continue;
    const opPointer = `/${escapePointerToken(operator)}`;
    if (!isPlainObject(keyMap)) {
      at.error(opPointer, 'policy/malformed-condition', `\`${operator}\` must map condition keys to values`);
      continue;
    }
    if (Object.keys(keyMap).length === 0) {
      at.report(opPointer, 'policy/empty-condition-operator', 'warning', `\`${operator}\` lists no condition keys`);
    }
    for (const [key, raw] of Object.entries(keyMap)) {
      const test = compileTest(operator, name, key, raw, `${opPointer}/${escapePointerToken(key)}`, options.version, at);
      if (test) tests.push(test);
    }
  }
  return { condition: conditionFromTests(tests, keysRead(tests)), broken };
}

/** Diagnostics for one block, at pointers relative to its `Condition` element. */
class Reporter {
  constructor(
    private readonly options: CompileConditionOptions,
    private readonly diagnostics: DiagnosticBag,
    private readonly broken: string[],
  ) {}

  report(relative: string, code: DiagnosticCode, severity: 'error' | 'warning', message: string, help?: string): void {
    this.diagnostics.report(this.options.source, this.options.pointer + relative, code, severity, message, help);
  }

  /** An error that makes the statement impossible to evaluate faithfully. */
  error(relative: string, code: DiagnosticCode, message: string, help?: string): void {
    this.report(relative, code, 'error', message, help);
    this.broken.push(message);
  }
}

function readOperator(operator: string, at: Reporter): OperatorName | undefined {
  const pointer = `/${escapePointerToken(operator)}`;
  const name = parseOperatorName(operator);
  if (!name) {
    const suggestion = suggestOperator(operator);
    const help =
      suggestion === undefined
        ? undefined
        : suggestion.toLowerCase() === operator.toLowerCase()
          ? `did you mean \`${suggestion}\`? operator names are case-sensitive`
          : `did you mean \`${suggestion}\`?`;
    at.error(pointer, 'policy/unknown-condition-operator', `unknown condition operator \`${operator}\``, help);
    return undefined;
  }
  if (name.definition.kind === 'null' && name.ifExists) {
    at.error(pointer, 'policy/null-if-exists', '`IfExists` cannot be added to `Null`', 'use `Null` alone: it already tests whether the key exists');
    return undefined;
  }
  if (name.definition.kind === 'null' && name.qualifier) {
    at.error(pointer, 'policy/null-set-qualifier', `\`${name.qualifier}:\` cannot be added to \`Null\``);
    return undefined;
  }
  return name;
}

function compileTest(
  operator: string,
  name: OperatorName,
  key: string,
  raw: unknown,
  pointer: string,
  version: string | undefined,
  at: Reporter,
): ConditionTest | undefined {
  const written = readValues(raw);
  if (written === undefined) {
    at.error(pointer, 'policy/malformed-condition', `values of \`${key}\` under \`${operator}\` must be strings, numbers, booleans or a list of them`);
    return undefined;
  }
  if (written.length === 0) {
    at.error(pointer, 'policy/empty-condition-values', `\`${key}\` under \`${operator}\` lists no values`);
    return undefined;
  }
  const values: PolicyValue[] = [];
  let ok = true;
  written.forEach((value, i) => {
    const valuePointer = Array.isArray(raw) ? `${pointer}/${i}` : pointer;
    const compiled = compileValue(operator, name, value, valuePointer, version, at);
    if (compiled) values.push(compiled);
    else ok = false;
  });
  if (!ok) return undefined;
  const fixed = values.every((v): v is { fixed: ValueTest } => 'fixed' in v) ? values.map((v) => v.fixed) : undefined;
  const test: ConditionTest = {
    operatorAsWritten: operator,
    keyAsWritten: key,
    valuesAsWritten: written,
    key: key.toLowerCase(),
    definition: name.definition,
    ifExists: name.ifExists,
    values,
    ...(name.qualifier ? { qualifier: name.qualifier } : {}),
    ...(fixed ? { fixed } : {}),
  };
  return test;
}

/** AWS accepts numbers and booleans as values and reads them as their text. */
function readValues(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const v of list) {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else return undefined;
  }
  return out;
}

function compileValue(
  operator: string,
  name: OperatorName,
  value: string,
  pointer: string,
  version: string | undefined,
  at: Reporter,
): PolicyValue | undefined {
  const { definition } = name;
  const variablesOn = version === '2012-10-17';
  const hasVariable = value.includes('${') && parseTemplate(value, true).hasVariables;
  if (hasVariable && definition.takesVariables && variablesOn) {
    return { template: parseTemplate(value, true) };
  }
  if (hasVariable && !variablesOn) {
    at.report(
      pointer,
      'policy/variable-without-version',
      'warning',
      `\`${value}\` is read as literal text: policy variables need \`"Version": "2012-10-17"\``,
    );
  } else if (hasVariable) {
    at.report(
      pointer,
      'policy/condition-variable-not-supported',
      'warning',
      `\`${value}\` is read as literal text: \`${operator}\` does not substitute policy variables`,
      'policy variables work only with string and ARN operators',
    );
  }
  const parsed = definition.parse(value);
  if (!parsed.ok) {
    at.error(pointer, 'policy/malformed-condition-value', `${parsed.error} (\`${operator}\`)`);
    return undefined;
  }
  return { fixed: parsed.test };
}

function keysRead(tests: readonly ConditionTest[]): string[] {
  const keys = new Set<string>();
  for (const t of tests) {
    keys.add(t.key);
    for (const v of t.values) {
      if (!('template' in v)) continue;
      for (const part of v.template.parts) if (part.kind === 'variable') keys.add(part.key);
    }
  }
  return [...keys];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
