import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, not, residual, type ConditionAtom } from '../../../src/core/condition/tri.js';
import { compileClean, context } from './helpers.js';

/**
 * The residual algebra drops an alternative only when no request can satisfy it. These checks
 * tie that pruning to the condition engine: if some context makes both atoms true, their AND
 * must not be FALSE.
 */
const KEY = 'test:Key';

const atoms: fc.Arbitrary<ConditionAtom> = fc.oneof(
  fc.record({ operator: fc.constant('StringEquals'), values: fc.array(fc.constantFrom('a', 'b', 'A'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ operator: fc.constant('Bool'), values: fc.array(fc.constantFrom('true', 'TRUE', 'false'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ operator: fc.constant('NumericEquals'), values: fc.array(fc.constantFrom('10', '10.0', '11'), { minLength: 1, maxLength: 2 }) }),
  fc.record({
    operator: fc.constant('ArnEquals'),
    values: fc.array(fc.constantFrom('arn:aws:iam::*:role/x', 'arn:aws:iam::111122223333:role/x', 'arn:aws:iam::444455556666:role/x'), { minLength: 1, maxLength: 2 }),
  }),
).map((r) => ({ operator: r.operator, key: KEY, values: r.values, negated: false }));

const requestValues = fc.constantFrom('a', 'A', 'b', 'true', 'True', 'false', '10', '10.0', 'arn:aws:iam::111122223333:role/x', 'arn:aws:iam::444455556666:role/x');

function holds(atom: ConditionAtom, request: string): boolean {
  const r = compileClean({ [atom.operator]: { [atom.key]: [...atom.values] } }).evaluate(context({ [KEY]: request }));
  return (r.kind === 'true') !== atom.negated;
}

describe('tri.ts equality pruning is sound', () => {
  it('docs/aws-authorization.md#condition-operators: an AND of atoms some request satisfies is never FALSE', () => {
    fc.assert(
      fc.property(atoms, atoms, fc.boolean(), requestValues, (a, b0, negateB, request) => {
        const b = negateB ? { ...b0, negated: true } : b0;
        fc.pre(holds(a, request) && holds(b, request));
        const both = and(residual(a), negateB ? not(residual(b0)) : residual(b));
        expect(both.kind).not.toBe('false');
      }),
      { numRuns: 2000 },
    );
  });

  const satisfiable: readonly [string, ConditionAtom, ConditionAtom][] = [
    ['docs/aws-authorization.md#condition-operators ArnEquals takes wildcards', atom('ArnEquals', 'arn:aws:iam::*:role/x'), atom('ArnEquals', 'arn:aws:iam::111122223333:role/x')],
    ['docs/aws-authorization.md#condition-operators NumericEquals compares numbers', atom('NumericEquals', '10'), atom('NumericEquals', '10.0')],
    ['docs/aws-authorization.md#condition-operators Bool is case-insensitive', atom('Bool', 'true'), atom('Bool', 'TRUE')],
  ];
  it.each(satisfiable)('%s', (_, a, b) => {
    expect(and(residual(a), residual(b)).kind).toBe('residual');
  });

  it('docs/aws-authorization.md#condition-and-or disjoint StringEquals values on one single-valued key cannot both hold', () => {
    expect(and(residual(atom('StringEquals', 'a')), residual(atom('StringEquals', 'b'))).kind).toBe('false');
  });
});

function atom(operator: string, value: string): ConditionAtom {
  return { operator, key: KEY, values: [value], negated: false };
}
