import type { z } from 'zod';
import { didYouMean } from '../../core/did-you-mean.js';
import { DiagnosticBag, escapePointerToken, locate, type Severity, type SourceContext, type SourceLocation } from '../../core/diagnostics.js';
import type { ScenarioSource } from './scenario-types.js';
import type { DiagnosticCode } from '../../core/diagnostic-codes.js';

export type Fields = Record<string, unknown>;

export function child(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(token)}`;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Reads the decoded scenario value by value. Every problem becomes a diagnostic at the value's
 * pointer and line, and the reader answers `undefined` so the caller can skip that part and go on.
 */
export class ScenarioReader {
  readonly bag = new DiagnosticBag();
  readonly context: SourceContext;

  constructor(readonly source: ScenarioSource) {
    this.context = { file: source.file, pointer: '', ...(source.locate ? { locate: source.locate } : {}) };
  }

  report(pointer: string, code: DiagnosticCode, severity: Severity, message: string, help?: string): void {
    this.bag.report(this.context, pointer, code, severity, message, help);
  }

  location(pointer: string): SourceLocation {
    return locate(this.context, pointer);
  }

  /** A mapping, or undefined for an omitted or null value (both mean none). */
  mapping(value: unknown, pointer: string, what: string): Fields | undefined {
    if (value === undefined || value === null) return undefined;
    if (isFields(value)) return value;
    this.report(pointer, 'scenario/invalid-type', 'error', `${what} must be a mapping, found ${describe(value)}`);
    return undefined;
  }

  /** A list; omitted or null is the empty list. */
  list(value: unknown, pointer: string, what: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.report(pointer, 'scenario/invalid-type', 'error', `${what} must be a list, found ${describe(value)}`);
    return [];
  }

  /**
   * Reports every field of `fields` that the format does not define here as an error: a misspelt
   * field would otherwise be ignored, and a check would pass without testing what it says.
   */
  knownFields(fields: Fields, pointer: string, known: readonly string[], where: string): void {
    for (const key of Object.keys(fields)) {
      if (known.includes(key)) continue;
      this.report(
        child(pointer, key),
        'scenario/unknown-field',
        'error',
        `unknown field \`${key}\` in ${where}`,
        didYouMean(key, known) ?? `the fields of ${where} are ${known.map((k) => `\`${k}\``).join(', ')}`,
      );
    }
  }

  string(value: unknown, pointer: string, what: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.report(pointer, 'scenario/invalid-type', 'error', `${what} must be a string, found ${describe(value)}`);
    return undefined;
  }

  requiredString(value: unknown, pointer: string, what: string): string | undefined {
    if (value === undefined || value === null) {
      this.report(pointer, 'scenario/missing-field', 'error', `${what} is required`);
      return undefined;
    }
    return this.string(value, pointer, what);
  }

  boolean(value: unknown, pointer: string, what: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.report(pointer, 'scenario/invalid-type', 'error', `${what} must be true or false, found ${describe(value)}`);
    return undefined;
  }

  /**
   * A 12-digit account id written as a string. A YAML number is reported, never repaired: an
   * unquoted `012345678901` has already lost its leading zero.
   */
  accountId(value: unknown, pointer: string, what: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number') return this.numericAccountId(String(value), pointer, what);
    const id = this.string(value, pointer, what);
    if (id === undefined) return undefined;
    if (ACCOUNT_ID.test(id)) return id;
    this.report(pointer, 'scenario/invalid-account-id', 'error', `${what} \`${id}\` is not a 12-digit account id`);
    return undefined;
  }

  /** An account id used as a mapping key (`accounts:`). */
  accountKey(key: string, pointer: string, what: string): string | undefined {
    if (this.source.nonStringKeys?.has(pointer)) return this.numericAccountId(key, pointer, what);
    return this.accountId(key, pointer, what);
  }

  private numericAccountId(digits: string, pointer: string, what: string): string | undefined {
    const lossless = ACCOUNT_ID.test(digits);
    const padded = /^\d{1,11}$/.test(digits) ? digits.padStart(12, '0') : undefined;
    this.report(
      pointer,
      'scenario/account-id-not-string',
      lossless ? 'warning' : 'error',
      `${what} \`${digits}\` is a number, not a string`,
      lossless
        ? `quote it: "${digits}"`
        : `an unquoted account id is a YAML number and loses its leading zeros; quote it${padded ? `, as in "${padded}" if that is the id` : ''}`,
    );
    return lossless ? digits : undefined;
  }

  /**
   * Checks a leaf shape with zod; its issues become our diagnostics at their own pointers.
   * Undefined when the shape does not hold.
   */
  withSchema<T>(schema: z.ZodType<T>, value: unknown, pointer: string, what: string): T | undefined {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const at = issue.path.reduce<string>((p, token) => child(p, String(token)), pointer);
      const field = issue.path.length > 0 ? `\`${issue.path.join('.')}\` of ${what}` : what;
      if (issue.code === 'invalid_type' && issue.input === undefined) {
        this.report(at, 'scenario/missing-field', 'error', `${field} is required`);
      } else if (issue.code === 'invalid_type') {
        this.report(at, 'scenario/invalid-type', 'error', `${field} must be ${article(issue.expected)}, found ${describe(issue.input)}`);
      } else if (issue.code === 'invalid_value') {
        const options = issue.values.map((v) => `\`${String(v)}\``).join(', ');
        this.report(at, 'scenario/invalid-value', 'error', `${field} cannot be ${describe(issue.input)}`, `use one of ${options}`);
      } else {
        this.report(at, 'scenario/invalid-value', 'error', `${field}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`);
      }
    }
    return undefined;
  }
}

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string \`${value}\``;
  return `the ${typeof value} \`${String(value)}\``;
}

function article(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'boolean') return 'true or false';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
