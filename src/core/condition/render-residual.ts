import type { ConditionBlock } from '../decision/result.js';
import { parseTemplate } from '../policy-variables.js';
import { parseOperatorName, type OperatorName } from './operators.js';
import type { Alternative, ConditionAtom, Tri } from './tri.js';

/**
 * Writes a residual as AWS condition blocks (results.md): one block per alternative, each an AND
 * of operator → key → values. `TRUE` is one empty block (no condition), `FALSE` no block at all.
 *
 * A negated atom is written with the AWS operator that is its exact complement, missing-key
 * behaviour included (docs/aws-authorization.md#missing-key-condition-false, #if-exists-operators): `StringEquals` ⇔ `StringNotEquals` (the positive is false
 * on a missing key, the negated true), `NumericLessThan` ⇔ `NumericGreaterThanEqualsIfExists`,
 * `StringNotEqualsIfExists` ⇒ `StringEquals`, `Null` `true` ⇔ `false`. Where no operator says
 * it exactly (`Bool`, `BinaryEquals`, set qualifiers, a positive `…IfExists` on an equality test)
 * it is written `{ "Not": { operator: { key: values } } }`.
 *
 * One block cannot hold two tests with the same operator and key (JSON keys are unique), nor two
 * `Not`s. Such a test goes into a nested `{ "And": block }`, which again may nest an `And`; the
 * whole reads as the AND of every level. (An array wrapper would not fit `ConditionBlock`.)
 */
export function renderResidual(t: Tri): ConditionBlock[] {
  if (t.kind === 'false') return [];
  if (t.kind === 'true') return [{}];
  return t.alternatives.map(renderAlternative);
}

/** The condition keys a residual depends on, as first written, including keys of policy variables in its values. */
export function residualKeys(t: Tri): string[] {
  if (t.kind !== 'residual') return [];
  const seen = new Map<string, string>();
  const add = (key: string): void => {
    if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
  };
  for (const alt of t.alternatives) {
    for (const atom of alt) {
      add(atom.key);
      for (const value of atom.values) {
        if (!value.includes('${')) continue;
        for (const part of parseTemplate(value, true).parts) if (part.kind === 'variable') add(part.keyAsWritten);
      }
    }
  }
  return [...seen.values()];
}

/** One operator test ready to write, or its negation wrapped in `Not`. */
type Entry = { readonly operator: string; readonly key: string; readonly values: readonly string[]; readonly not?: true };

type MutableBlock = Record<string, unknown>;

export const AND = 'And';
export const NOT = 'Not';

function renderAlternative(alt: Alternative): ConditionBlock {
  const block: MutableBlock = {};
  for (const atom of alt) place(block, atom.negated ? negationOf(atom) : atom);
  return block as ConditionBlock;
}

function place(block: MutableBlock, entry: Entry): void {
  const test = { [entry.key]: entry.values.length === 1 ? entry.values[0]! : [...entry.values] };
  if (entry.not) {
    if (block[NOT] === undefined) {
      block[NOT] = { [entry.operator]: test };
      return;
    }
  } else {
    const existing = block[entry.operator] as Record<string, unknown> | undefined;
    if (existing === undefined) {
      block[entry.operator] = test;
      return;
    }
    if (!Object.keys(existing).some((k) => k.toLowerCase() === entry.key.toLowerCase())) {
      existing[entry.key] = test[entry.key];
      return;
    }
  }
  block[AND] ??= {};
  place(block[AND] as MutableBlock, entry);
}

function negationOf(atom: ConditionAtom): Entry {
  const wrapped: Entry = { operator: atom.operator, key: atom.key, values: atom.values, not: true };
  const name = parseOperatorName(atom.operator);
  if (!name || name.qualifier) return wrapped;
  return complementOf(name, atom) ?? wrapped;
}

function complementOf(name: OperatorName, atom: ConditionAtom): Entry | undefined {
  const { definition } = name;
  if (definition.kind === 'null') {
    const words = new Set(atom.values.map((v) => v.toLowerCase()));
    if (words.size !== 1) return undefined;
    return { operator: 'Null', key: atom.key, values: [words.has('true') ? 'false' : 'true'] };
  }
  const complement = definition.complement;
  if (!complement) return undefined;
  if (complement.flipsIfExists) {
    // NOT (v < p1 or v < p2) = v >= max(p): exact for one well-formed request value, which is
    // how AWS supplies numeric and date keys (a non-number would fail both comparisons).
    const extreme = pickExtreme(atom.values, complement.pick!, definition.order!);
    if (extreme === undefined) return undefined;
    const operator = complement.operator + (name.ifExists ? '' : 'IfExists');
    return { operator, key: atom.key, values: [extreme] };
  }
  if (definition.negated) return { operator: complement.operator, key: atom.key, values: atom.values };
  // NOT StringEqualsIfExists = present and no match: no single operator says it.
  if (name.ifExists) return undefined;
  return { operator: complement.operator, key: atom.key, values: atom.values };
}

function pickExtreme(
  values: readonly string[],
  pick: 'max' | 'min',
  order: (value: string) => number | undefined,
): string | undefined {
  let best: string | undefined;
  let bestOrder = 0;
  for (const v of values) {
    const o = order(v);
    if (o === undefined) return undefined;
    if (best === undefined || (pick === 'max' ? o > bestOrder : o < bestOrder)) {
      best = v;
      bestOrder = o;
    }
  }
  return best;
}
