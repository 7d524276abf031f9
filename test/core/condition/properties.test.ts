import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionBlock } from '../../../src/core/decision/result.js';
import { OPERATORS, type ValueKind } from '../../../src/core/condition/operators.js';
import { renderResidual } from '../../../src/core/condition/render-residual.js';
import { and, not, residual, TRUE, type Tri } from '../../../src/core/condition/tri.js';
import type { RequestContext } from '../../../src/core/condition/request-context.js';
import { compileClean, context, type RequestValue } from './helpers.js';

const KEY = 'test:Key';

/** Small value pools per kind, so that policy and request values often collide. */
const policyValue: Record<ValueKind, fc.Arbitrary<string>> = {
  string: fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '?'), maxLength: 3 }),
  numeric: fc.oneof(fc.integer({ min: -3, max: 3 }).map(String), fc.constantFrom('1.5', '-0.5')),
  date: fc.integer({ min: 0, max: 3 }).chain((n) => fc.constantFrom(String(1_700_000_000 + n), new Date((1_700_000_000 + n) * 1000).toISOString())),
  bool: fc.constantFrom('true', 'false', 'TRUE'),
  binary: fc.constantFrom('AA==', 'AQ==', 'AAA=', 'QQ=='),
  ip: fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '192.168.0.1', '::/0', '2001:db8::/32', '0.0.0.0/0'),
  arn: fc.constantFrom('arn:aws:s3:::b*', 'arn:aws:iam::111122223333:role/*', '*', 'arn:aws:iam::*:role/x'),
  null: fc.constantFrom('true', 'false'),
};

const requestValue: Record<ValueKind, fc.Arbitrary<string>> = {
  string: fc.string({ unit: fc.constantFrom('a', 'b', 'A'), maxLength: 3 }),
  numeric: fc.oneof(fc.integer({ min: -3, max: 3 }).map(String), fc.constantFrom('1.5', 'x')),
  date: fc.oneof(policyValue.date, fc.constant('never')),
  bool: fc.constantFrom('true', 'false', 'True', 'maybe'),
  binary: fc.constantFrom('AA==', 'AQ==', 'AAA=', 'QQ==', '!!'),
  ip: fc.constantFrom('10.1.2.3', '10.2.0.1', '192.168.0.1', '2001:db8::5', '::ffff:10.1.0.1', 'junk', '8.8.8.8'),
  arn: fc.constantFrom('arn:aws:s3:::bucket', 'arn:aws:iam::111122223333:role/x', 'arn:aws:iam::444455556666:role/x', 'other'),
  null: fc.constantFrom('x'),
};

const baseOperators = [...OPERATORS.values()];

/** Every spelling: base, IfExists and both set qualifiers (Null takes none of them). */
const spellings = baseOperators.flatMap((d) =>
  d.kind === 'null' ? [{ written: d.name, d }] : ['', 'IfExists'].flatMap((s) => ['', 'ForAllValues:', 'ForAnyValue:'].map((q) => ({ written: `${q}${d.name}${s}`, d }))),
);

function policyValues(kind: ValueKind): fc.Arbitrary<string[]> {
  return fc.array(policyValue[kind], { minLength: 1, maxLength: 3 });
}

/** A key state: absent, the empty set, one value, or several. */
function keyState(kind: ValueKind): fc.Arbitrary<RequestValue> {
  return fc.oneof(fc.constant(null), fc.constant([]), requestValue[kind], fc.array(requestValue[kind], { minLength: 1, maxLength: 3 }));
}

function evaluateAtom(operator: string, values: readonly string[], ctx: RequestContext): Tri {
  return compileClean({ [operator]: { [KEY]: [...values] } }).evaluate(ctx);
}

/** Evaluates a rendered block as AWS would, with `Not` and nested `And` as results.md defines them. */
function evaluateBlock(block: ConditionBlock, ctx: RequestContext): Tri {
  let acc: Tri = TRUE;
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(block)) {
    if (k === 'Not') acc = and(acc, not(evaluateBlock(v as ConditionBlock, ctx)));
    else if (k === 'And') acc = and(acc, evaluateBlock(v as ConditionBlock, ctx));
    else plain[k] = v;
  }
  return and(acc, compileClean(plain).evaluate(ctx));
}

describe('property: the missing-key rule holds for every operator (docs/aws-authorization.md#missing-key-condition-false, #if-exists-operators, #null-operator, #set-operators)', () => {
  it.each(spellings.map((s) => [s.written, s] as const))('%s', (written, { d }) => {
    fc.assert(
      fc.property(policyValues(d.kind), fc.constantFrom<RequestValue>(null, []), (values, missing) => {
        const got = evaluateAtom(written, values, context({ [KEY]: missing }));
        let expected: boolean;
        if (d.kind === 'null') expected = values.some((v) => v.toLowerCase() === 'true');
        else if (written.endsWith('IfExists')) expected = true;
        else if (written.startsWith('ForAllValues:')) expected = true;
        else if (written.startsWith('ForAnyValue:')) expected = false;
        else expected = d.negated;
        expect(got.kind).toBe(expected ? 'true' : 'false');
      }),
      { numRuns: 30 },
    );
  });
});

describe('property: a negated operator is the complement of its positive twin on a present single value (docs/aws-authorization.md#condition-operators, #condition-and-or)', () => {
  const pairs = baseOperators.filter((d) => d.negated).map((d) => [d.name, d.complement!.operator, d.kind] as const);
  it('covers every negated operator', () => {
    expect(pairs.map((p) => p[0]).sort()).toEqual(
      ['ArnNotEquals', 'ArnNotLike', 'DateNotEquals', 'NotIpAddress', 'NumericNotEquals', 'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike'].sort(),
    );
  });
  it.each(pairs)('%s is NOT %s', (negated, positive, kind) => {
    fc.assert(
      fc.property(policyValues(kind), requestValue[kind], fc.boolean(), (values, request, ifExists) => {
        const ctx = context({ [KEY]: request });
        const suffix = ifExists ? 'IfExists' : '';
        const n = evaluateAtom(negated + suffix, values, ctx).kind;
        const p = evaluateAtom(positive + suffix, values, ctx).kind;
        expect(n).toBe(p === 'true' ? 'false' : 'true');
      }),
      { numRuns: 100 },
    );
  });
});

describe('property: renderResidual of a negated atom is NOT the atom on any context (docs/aws-authorization.md#missing-key-condition-false; results.md)', () => {
  it.each(spellings.map((s) => [s.written, s] as const))('%s', (written, { d }) => {
    // Ordering operators render their negation as the reversed comparison with the extreme
    // policy value, which is exact for one well-formed value: AWS supplies numeric and date keys
    // as a single number or date, so contexts for them are drawn that way.
    const ordered = d.kind === 'numeric' || d.kind === 'date';
    const state = ordered ? fc.oneof(fc.constant<RequestValue>(null), policyValue[d.kind]) : keyState(d.kind);
    fc.assert(
      fc.property(policyValues(d.kind), state, (values, state) => {
        const ctx = context({ [KEY]: state });
        const original = evaluateAtom(written, values, ctx);
        const blocks = renderResidual(not(residual({ operator: written, key: KEY, values, negated: false })));
        expect(blocks).toHaveLength(1);
        expect(evaluateBlock(blocks[0]!, ctx).kind).toBe(original.kind === 'true' ? 'false' : 'true');
      }),
      { numRuns: 60 },
    );
  });
});

describe('property: IP containment agrees with a bit-string reference (docs/aws-authorization.md#condition-operators)', () => {
  const bits = (n: bigint, width: number) => n.toString(2).padStart(width, '0');
  const v4 = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
  const v6 = (n: bigint) => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

  it('IPv4', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.boolean(), (address, network, prefix, near) => {
        // Half the time the address shares a long prefix with the network, so containment is exercised.
        const a = near ? ((network & ~0xff) | (address & 0xff)) >>> 0 : address;
        const expected = bits(BigInt(a), 32).slice(0, prefix) === bits(BigInt(network), 32).slice(0, prefix);
        expect(evaluateAtom('IpAddress', [`${v4(network)}/${prefix}`], context({ [KEY]: v4(a) })).kind).toBe(expected ? 'true' : 'false');
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6', () => {
    const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).filter((n) => n >> 32n !== 0xffffn);
    fc.assert(
      fc.property(u128, u128, fc.integer({ min: 0, max: 128 }), fc.boolean(), (address, network, prefix, near) => {
        const a = near ? (network & ~0xffffn) | (address & 0xffffn) : address;
        fc.pre(a >> 32n !== 0xffffn);
        const expected = bits(a, 128).slice(0, prefix) === bits(network, 128).slice(0, prefix);
        expect(evaluateAtom('IpAddress', [`${v6(network)}/${prefix}`], context({ [KEY]: v6(a) })).kind).toBe(expected ? 'true' : 'false');
      }),
      { numRuns: 300 },
    );
  });
});
