import { describe, expect, it } from 'vitest';
import { renderResidual, residualKeys } from '../../../src/core/condition/render-residual.js';
import { and, not, or, residual, FALSE, TRUE, type ConditionAtom } from '../../../src/core/condition/tri.js';

function atom(operator: string, key: string, values: string[], negated = false): ConditionAtom {
  return { operator, key, values, negated };
}

describe('renderResidual: positive atoms (results.md "Conditions with unknown keys")', () => {
  it('results.md: FALSE has no alternative, TRUE one empty block', () => {
    expect(renderResidual(FALSE)).toEqual([]);
    expect(renderResidual(TRUE)).toEqual([{}]);
  });

  it('results.md: one value is written as a string, several as a list', () => {
    expect(renderResidual(residual(atom('StringEquals', 'sts:ExternalId', ['acme-7f3a'])))).toEqual([{ StringEquals: { 'sts:ExternalId': 'acme-7f3a' } }]);
    expect(renderResidual(residual(atom('ForAnyValue:StringLike', 'aws:TagKeys', ['a*', 'b'])))).toEqual([{ 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'] } }]);
  });

  it('results.md: each alternative is one block; atoms of an alternative share it', () => {
    const a = residual(atom('StringEquals', 'sts:ExternalId', ['x']));
    const b = residual(atom('StringEquals', 'aws:SourceAccount', ['111122223333']));
    const c = residual(atom('Bool', 'aws:SecureTransport', ['true']));
    expect(renderResidual(and(a, b))).toEqual([{ StringEquals: { 'sts:ExternalId': 'x', 'aws:SourceAccount': '111122223333' } }]);
    expect(renderResidual(or(a, c))).toEqual([{ StringEquals: { 'sts:ExternalId': 'x' } }, { Bool: { 'aws:SecureTransport': 'true' } }]);
  });

  it('a second test with the same operator and key goes into a nested And block', () => {
    const t = and(residual(atom('StringLike', 'aws:userid', ['AROA*'])), residual(atom('StringLike', 'AWS:UserId', ['*:alice'])));
    expect(renderResidual(t)).toEqual([{ StringLike: { 'aws:userid': 'AROA*' }, And: { StringLike: { 'AWS:UserId': '*:alice' } } }]);
  });

  it('a second Not goes into a nested And block, a third one level deeper', () => {
    const t = not(residual(atom('BinaryEquals', 'k:a', ['AA=='])));
    const u = and(and(t, not(residual(atom('BinaryEquals', 'k:b', ['AQ=='])))), not(residual(atom('Bool', 'k:c', ['true']))));
    expect(renderResidual(u)).toEqual([
      { Not: { BinaryEquals: { 'k:a': 'AA==' } }, And: { Not: { BinaryEquals: { 'k:b': 'AQ==' } }, And: { Not: { Bool: { 'k:c': 'true' } } } } },
    ]);
  });
});

describe('renderResidual: negated atoms use the exact complement (docs/aws-authorization.md#missing-key-condition-false, #if-exists-operators, #null-operator)', () => {
  const rows: readonly [string, string[], Record<string, unknown>][] = [
    ['StringEquals', ['a', 'b'], { StringNotEquals: { k: ['a', 'b'] } }],
    ['StringNotEquals', ['a'], { StringEquals: { k: 'a' } }],
    ['StringEqualsIgnoreCase', ['a'], { StringNotEqualsIgnoreCase: { k: 'a' } }],
    ['StringNotEqualsIgnoreCase', ['a'], { StringEqualsIgnoreCase: { k: 'a' } }],
    ['StringLike', ['a*'], { StringNotLike: { k: 'a*' } }],
    ['StringNotLike', ['a*'], { StringLike: { k: 'a*' } }],
    ['ArnEquals', ['arn:aws:s3:::b'], { ArnNotEquals: { k: 'arn:aws:s3:::b' } }],
    ['ArnLike', ['arn:aws:s3:::b*'], { ArnNotLike: { k: 'arn:aws:s3:::b*' } }],
    ['ArnNotLike', ['arn:aws:s3:::b*'], { ArnLike: { k: 'arn:aws:s3:::b*' } }],
    ['IpAddress', ['10.0.0.0/8'], { NotIpAddress: { k: '10.0.0.0/8' } }],
    ['NotIpAddress', ['10.0.0.0/8'], { IpAddress: { k: '10.0.0.0/8' } }],
    ['NumericEquals', ['1'], { NumericNotEquals: { k: '1' } }],
    ['DateNotEquals', ['2024-01-01'], { DateEquals: { k: '2024-01-01' } }],
    ['NumericLessThan', ['10', '20'], { NumericGreaterThanEqualsIfExists: { k: '20' } }],
    ['NumericLessThanEquals', ['10'], { NumericGreaterThanIfExists: { k: '10' } }],
    ['NumericGreaterThan', ['10', '5'], { NumericLessThanEqualsIfExists: { k: '5' } }],
    ['NumericGreaterThanEquals', ['10'], { NumericLessThanIfExists: { k: '10' } }],
    ['NumericLessThanIfExists', ['10'], { NumericGreaterThanEquals: { k: '10' } }],
    ['DateLessThan', ['2024-01-01T00:00:00Z', '1600000000'], { DateGreaterThanEqualsIfExists: { k: '2024-01-01T00:00:00Z' } }],
    ['StringNotEqualsIfExists', ['a'], { StringEquals: { k: 'a' } }],
    ['Null', ['true'], { Null: { k: 'false' } }],
    ['Null', ['false'], { Null: { k: 'true' } }],
    ['StringEqualsIfExists', ['a'], { Not: { StringEqualsIfExists: { k: 'a' } } }],
    ['Bool', ['true'], { Not: { Bool: { k: 'true' } } }],
    ['BinaryEquals', ['AA=='], { Not: { BinaryEquals: { k: 'AA==' } } }],
    ['ForAllValues:StringEquals', ['a'], { Not: { 'ForAllValues:StringEquals': { k: 'a' } } }],
    ['ForAnyValue:StringNotLike', ['a'], { Not: { 'ForAnyValue:StringNotLike': { k: 'a' } } }],
    ['Null', ['true', 'false'], { Not: { Null: { k: ['true', 'false'] } } }],
  ];
  it.each(rows)('docs/aws-authorization.md#missing-key-condition-false NOT %s %j', (operator, values, expected) => {
    expect(renderResidual(not(residual(atom(operator, 'k', values))))).toEqual([expected]);
  });
});

describe('residualKeys', () => {
  it('lists the keys of every atom once, as first written, with keys of policy variables in values', () => {
    const t = and(
      residual(atom('StringEquals', 'sts:ExternalId', ['x'])),
      residual(atom('StringLike', 'STS:externalid', ['${aws:PrincipalTag/Team}-*'])),
    );
    expect(residualKeys(t)).toEqual(['sts:ExternalId', 'aws:PrincipalTag/Team']);
    expect(residualKeys(TRUE)).toEqual([]);
  });
});
