import { compileArnPattern } from '../arn/arn-pattern.js';
import { partsToString } from '../policy-variables.js';
import { compileWildcardParts, type PatternPart } from '../wildcard.js';
import {
  decodeBase64,
  parseBool,
  parseCidr,
  parseDate,
  parseIp,
  parseNumber,
  rangeContains,
} from './value-parsers.js';

export type ValueKind = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** One policy value, compiled: does a request value match it? */
export interface ValueTest {
  test(requestValue: string): boolean;
}

export type ParsedValue = { readonly ok: true; readonly test: ValueTest } | { readonly ok: false; readonly error: string };

export interface OperatorDefinition {
  /** Canonical AWS spelling, e.g. `StringNotLike`. */
  readonly name: string;
  readonly kind: ValueKind;
  /** Negated operators are true when the key is missing (docs/aws-authorization.md#missing-key-condition-false). */
  readonly negated: boolean;
  /** Policy variables are substituted only in string and ARN operators (docs/aws-authorization.md#policy-variables). */
  readonly takesVariables: boolean;
  /** Parses a literal policy value (`${...}` in it is plain text). */
  parse(value: string): ParsedValue;
  /** Builds the test from a resolved template; only for operators that take variables. */
  fromParts?(parts: readonly PatternPart[]): ValueTest;
  /**
   * The AWS operator that is this one's exact complement *including the missing-key behaviour*,
   * for rendering negated residuals. For ordering operators the complement holds with the
   * extreme policy value (`pick`) and flips `IfExists` (NumericLessThan ⇔ NumericGreaterThanEqualsIfExists).
   */
  readonly complement?: { readonly operator: string; readonly flipsIfExists: boolean; readonly pick?: 'max' | 'min' };
  /** Numeric and date values in sortable form, for `pick`. */
  order?(value: string): number | undefined;
}

type Ordering = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

const COMPARE: Record<Ordering, (request: number, policy: number) => boolean> = {
  eq: (r, p) => r === p,
  lt: (r, p) => r < p,
  le: (r, p) => r <= p,
  gt: (r, p) => r > p,
  ge: (r, p) => r >= p,
};

/** The complement of `request <op> policy` for one request value: `lt` ⇔ `ge`, `le` ⇔ `gt`. */
const ORDER_COMPLEMENT: Record<Exclude<Ordering, 'eq'>, { suffix: string; pick: 'max' | 'min' }> = {
  lt: { suffix: 'GreaterThanEquals', pick: 'max' },
  le: { suffix: 'GreaterThan', pick: 'max' },
  gt: { suffix: 'LessThanEquals', pick: 'min' },
  ge: { suffix: 'LessThan', pick: 'min' },
};

const ORDER_SUFFIX: Record<Ordering, string> = {
  eq: 'Equals',
  lt: 'LessThan',
  le: 'LessThanEquals',
  gt: 'GreaterThan',
  ge: 'GreaterThanEquals',
};

type StringMatch = 'equals' | 'equalsIgnoreCase' | 'like';

function stringTest(match: StringMatch, parts: readonly PatternPart[]): ValueTest {
  switch (match) {
    case 'equals': {
      const expected = partsToString(parts);
      return { test: (v) => v === expected };
    }
    case 'equalsIgnoreCase': {
      const expected = partsToString(parts).toLowerCase();
      return { test: (v) => v.length === expected.length && v.toLowerCase() === expected };
    }
    case 'like':
      return compileWildcardParts(parts);
  }
}

function literal(value: string): PatternPart[] {
  return [{ text: value, literal: false }];
}

function stringOperator(name: string, negated: boolean, match: StringMatch, complement: string): OperatorDefinition {
  return {
    name,
    kind: 'string',
    negated,
    takesVariables: true,
    parse: (value) => ({ ok: true, test: stringTest(match, literal(value)) }),
    fromParts: (parts) => stringTest(match, parts),
    complement: { operator: complement, flipsIfExists: false },
  };
}

function arnOperator(name: string, negated: boolean, complement: string): OperatorDefinition {
  // ArnEquals and ArnLike behave identically (docs/aws-authorization.md#condition-operators): both match per component with wildcards.
  return {
    name,
    kind: 'arn',
    negated,
    takesVariables: true,
    parse: (value) => ({ ok: true, test: compileArnPattern(literal(value)) }),
    fromParts: (parts) => compileArnPattern(parts),
    complement: { operator: complement, flipsIfExists: false },
  };
}

function orderedOperator(
  family: 'Numeric' | 'Date',
  ordering: Ordering,
  negated: boolean,
): OperatorDefinition {
  const read = family === 'Numeric' ? parseNumber : parseDate;
  const what = family === 'Numeric' ? 'a number' : 'a date (ISO 8601 or epoch seconds)';
  const compare = COMPARE[ordering];
  const name = `${family}${negated ? 'NotEquals' : ORDER_SUFFIX[ordering]}`;
  const complement =
    ordering === 'eq'
      ? { operator: `${family}${negated ? 'Equals' : 'NotEquals'}`, flipsIfExists: false }
      : { operator: `${family}${ORDER_COMPLEMENT[ordering].suffix}`, flipsIfExists: true, pick: ORDER_COMPLEMENT[ordering].pick };
  return {
    name,
    kind: family === 'Numeric' ? 'numeric' : 'date',
    negated,
    takesVariables: false,
    parse: (value) => {
      const policy = read(value);
      if (policy === undefined) return { ok: false, error: `\`${value}\` is not ${what}` };
      return {
        ok: true,
        test: {
          test: (v) => {
            const request = read(v);
            return request !== undefined && compare(request, policy);
          },
        },
      };
    },
    complement,
    order: read,
  };
}

const BOOL: OperatorDefinition = {
  name: 'Bool',
  kind: 'bool',
  negated: false,
  takesVariables: false,
  parse: (value) => {
    const policy = parseBool(value);
    if (policy === undefined) return { ok: false, error: `\`${value}\` is not \`true\` or \`false\`` };
    return { ok: true, test: { test: (v) => parseBool(v) === policy } };
  },
};

const BINARY_EQUALS: OperatorDefinition = {
  name: 'BinaryEquals',
  kind: 'binary',
  negated: false,
  takesVariables: false,
  parse: (value) => {
    const bytes = decodeBase64(value);
    if (bytes === undefined) return { ok: false, error: `\`${value}\` is not base-64` };
    return { ok: true, test: { test: (v) => decodeBase64(v) === bytes } };
  },
};

function ipOperator(name: string, negated: boolean, complement: string): OperatorDefinition {
  return {
    name,
    kind: 'ip',
    negated,
    takesVariables: false,
    parse: (value) => {
      const range = parseCidr(value);
      if (range === undefined) return { ok: false, error: `\`${value}\` is not an IP address or CIDR range` };
      return {
        ok: true,
        test: {
          test: (v) => {
            const address = parseIp(v);
            return address !== undefined && rangeContains(range, address);
          },
        },
      };
    },
    complement: { operator: complement, flipsIfExists: false },
  };
}

/**
 * `Null` (docs/aws-authorization.md#null-operator) is evaluated on the word for the key's state: `true` when it is missing,
 * `false` when present. Its complement is the other word, rendered by the residual writer.
 */
const NULL_CHECK: OperatorDefinition = {
  name: 'Null',
  kind: 'null',
  negated: false,
  takesVariables: false,
  parse: (value) => {
    const policy = parseBool(value);
    if (policy === undefined) return { ok: false, error: `\`${value}\` is not \`true\` or \`false\`` };
    return { ok: true, test: { test: (state) => state === policy } };
  },
};

const DEFINITIONS: readonly OperatorDefinition[] = [
  stringOperator('StringEquals', false, 'equals', 'StringNotEquals'),
  stringOperator('StringNotEquals', true, 'equals', 'StringEquals'),
  stringOperator('StringEqualsIgnoreCase', false, 'equalsIgnoreCase', 'StringNotEqualsIgnoreCase'),
  stringOperator('StringNotEqualsIgnoreCase', true, 'equalsIgnoreCase', 'StringEqualsIgnoreCase'),
  stringOperator('StringLike', false, 'like', 'StringNotLike'),
  stringOperator('StringNotLike', true, 'like', 'StringLike'),
  ...(['Numeric', 'Date'] as const).flatMap((family) => [
    orderedOperator(family, 'eq', false),
    orderedOperator(family, 'eq', true),
    orderedOperator(family, 'lt', false),
    orderedOperator(family, 'le', false),
    orderedOperator(family, 'gt', false),
    orderedOperator(family, 'ge', false),
  ]),
  BOOL,
  BINARY_EQUALS,
  ipOperator('IpAddress', false, 'NotIpAddress'),
  ipOperator('NotIpAddress', true, 'IpAddress'),
  arnOperator('ArnEquals', false, 'ArnNotEquals'),
  arnOperator('ArnLike', false, 'ArnNotLike'),
  arnOperator('ArnNotEquals', true, 'ArnEquals'),
  arnOperator('ArnNotLike', true, 'ArnLike'),
  NULL_CHECK,
];

/**
 * Every condition operator of docs/aws-authorization.md#condition-operators by its exact name
 * (names are case-sensitive: IAM rejects `stringEquals`). A negated operator shares its positive
 * twin's comparison: the key-level rule "the request value matches none of the policy values"
 * (docs/aws-authorization.md#condition-and-or) is applied by the evaluator, not here. `IfExists` and the set qualifiers
 * (`ForAllValues:` / `ForAnyValue:`) are modifiers, parsed in `parseOperatorName`.
 */
export const OPERATORS: ReadonlyMap<string, OperatorDefinition> = new Map(DEFINITIONS.map((d) => [d.name, d]));

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** An operator as written, split into its parts: `ForAnyValue:StringLikeIfExists`. */
export interface OperatorName {
  readonly definition: OperatorDefinition;
  readonly qualifier?: SetQualifier;
  readonly ifExists: boolean;
}

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'IfExists';

/** Undefined when the name is not an AWS operator (exact spelling; see `suggestOperator`). */
export function parseOperatorName(written: string): OperatorName | undefined {
  let rest = written;
  let qualifier: SetQualifier | undefined;
  const colon = written.indexOf(':');
  if (colon >= 0) {
    const prefix = written.slice(0, colon);
    qualifier = QUALIFIERS.find((q) => q === prefix);
    if (qualifier === undefined) return undefined;
    rest = written.slice(colon + 1);
  }
  let definition = OPERATORS.get(rest);
  let ifExists = false;
  if (!definition && rest.endsWith(IF_EXISTS)) {
    definition = OPERATORS.get(rest.slice(0, -IF_EXISTS.length));
    ifExists = definition !== undefined;
  }
  if (!definition) return undefined;
  return qualifier ? { definition, qualifier, ifExists } : { definition, ifExists };
}

/** Every spelling AWS accepts, for "did you mean" suggestions. */
function allSpellings(): string[] {
  const bases = DEFINITIONS.flatMap((d) => (d.kind === 'null' ? [d.name] : [d.name, d.name + IF_EXISTS]));
  return [
    ...bases,
    ...QUALIFIERS.flatMap((q) => bases.filter((b) => b !== 'Null').map((b) => `${q}:${b}`)),
  ];
}

let spellings: string[] | undefined;

/** The closest AWS operator to a misspelt one, if any is close: a case slip or a few typos. */
export function suggestOperator(written: string): string | undefined {
  spellings ??= allSpellings();
  const lower = written.toLowerCase();
  const sameLetters = spellings.find((s) => s.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(written.length / 6)) + 1;
  for (const s of spellings) {
    const d = editDistance(lower, s.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once every path is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length]!, limit);
}
