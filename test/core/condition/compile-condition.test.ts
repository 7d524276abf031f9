import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/core/condition/compile-condition.js';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';

const POINTER = '/Statement/0/Condition';

function compile(block: unknown, version: string | undefined = '2012-10-17') {
  const bag = new DiagnosticBag();
  const result = compileCondition(block, { version, pointer: POINTER, source: { file: 'p.json', pointer: '' } }, bag);
  return { ...result, diagnostics: bag.items.map((d) => ({ code: d.code, severity: d.severity, pointer: d.source?.pointer, help: d.help })) };
}

interface Row {
  readonly why: string;
  readonly block: unknown;
  readonly version?: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly pointer: string;
  readonly broken: boolean;
  readonly help?: string;
}

const rows: readonly Row[] = [
  { why: 'a block that is not an object', block: ['StringEquals'], code: 'policy/malformed-condition', severity: 'error', pointer: POINTER, broken: true },
  { why: 'an operator that does not map keys', block: { StringEquals: 'x' }, code: 'policy/malformed-condition', severity: 'error', pointer: `${POINTER}/StringEquals`, broken: true },
  { why: 'a value that is an object', block: { StringEquals: { 'a:b': { x: 1 } } }, code: 'policy/malformed-condition', severity: 'error', pointer: `${POINTER}/StringEquals/a:b`, broken: true },
  { why: 'a null value', block: { StringEquals: { 'a:b': [null] } }, code: 'policy/malformed-condition', severity: 'error', pointer: `${POINTER}/StringEquals/a:b`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators an unknown operator', block: { StringEqual: { 'a:b': 'x' } }, code: 'policy/unknown-condition-operator', severity: 'error', pointer: `${POINTER}/StringEqual`, broken: true, help: 'did you mean `StringEquals`?' },
  {
    why: 'docs/aws-authorization.md#condition-operators operator names are case-sensitive (IAM rejects `stringEquals`)',
    block: { stringEquals: { 'a:b': 'x' } },
    code: 'policy/unknown-condition-operator',
    severity: 'error',
    pointer: `${POINTER}/stringEquals`,
    broken: true,
    help: 'did you mean `StringEquals`? operator names are case-sensitive',
  },
  {
    why: 'docs/aws-authorization.md#set-operators set qualifiers are spelt exactly',
    block: { 'forallvalues:StringEquals': { 'a:b': 'x' } },
    code: 'policy/unknown-condition-operator',
    severity: 'error',
    pointer: `${POINTER}/forallvalues:StringEquals`,
    broken: true,
    help: 'did you mean `ForAllValues:StringEquals`? operator names are case-sensitive',
  },
  { why: 'an operator with no near miss', block: { Frobnicate: { 'a:b': 'x' } }, code: 'policy/unknown-condition-operator', severity: 'error', pointer: `${POINTER}/Frobnicate`, broken: true },
  { why: 'docs/aws-authorization.md#if-exists-operators IfExists cannot be added to Null', block: { NullIfExists: { 'a:b': 'true' } }, code: 'policy/null-if-exists', severity: 'error', pointer: `${POINTER}/NullIfExists`, broken: true },
  { why: 'docs/aws-authorization.md#null-operator Null takes no set qualifier', block: { 'ForAnyValue:Null': { 'a:b': 'true' } }, code: 'policy/null-set-qualifier', severity: 'error', pointer: `${POINTER}/ForAnyValue:Null`, broken: true },
  { why: 'docs/aws-authorization.md#null-operator Null takes true or false', block: { Null: { 'a:b': 'yes' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/Null/a:b`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators a bad CIDR', block: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '10.0.0.300/24'] } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/IpAddress/aws:SourceIp/1`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators a CIDR prefix too long', block: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/IpAddress/aws:SourceIp`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators a bad IPv6 address', block: { NotIpAddress: { 'aws:SourceIp': '2001:db8:::1/64' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/NotIpAddress/aws:SourceIp`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators a bad date', block: { DateLessThan: { 'aws:CurrentTime': '2024-02-30T00:00:00Z' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/DateLessThan/aws:CurrentTime`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators a bad number', block: { NumericLessThan: { 'aws:MultiFactorAuthAge': '1h' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/NumericLessThan/aws:MultiFactorAuthAge`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators bad base 64', block: { BinaryEquals: { 'k:b': 'abc' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/BinaryEquals/k:b`, broken: true },
  { why: 'docs/aws-authorization.md#condition-operators Bool takes true or false', block: { Bool: { 'aws:SecureTransport': 'yes' } }, code: 'policy/malformed-condition-value', severity: 'error', pointer: `${POINTER}/Bool/aws:SecureTransport`, broken: true },
  { why: 'an empty value list', block: { StringEquals: { 'a:b': [] } }, code: 'policy/empty-condition-values', severity: 'error', pointer: `${POINTER}/StringEquals/a:b`, broken: true },
  { why: 'an operator with no keys', block: { StringEquals: {} }, code: 'policy/empty-condition-operator', severity: 'warning', pointer: `${POINTER}/StringEquals`, broken: false },
  {
    why: 'docs/aws-authorization.md#policy-variables variables only in string and ARN operators',
    block: { StringLike: { 'a:b': '${aws:username}' }, IpAddress: { 'aws:SourceIp': ['${aws:username}'] } },
    code: 'policy/condition-variable-not-supported',
    severity: 'warning',
    pointer: `${POINTER}/IpAddress/aws:SourceIp/0`,
    broken: true,
  },
  {
    why: 'docs/aws-authorization.md#policy-variables variables need Version 2012-10-17',
    block: { StringEquals: { 'a:b': '${aws:username}' } },
    version: '2008-10-17',
    code: 'policy/variable-without-version',
    severity: 'warning',
    pointer: `${POINTER}/StringEquals/a:b`,
    broken: false,
  },
  {
    why: 'pointer tokens are escaped (RFC 6901)',
    block: { StringEqualz: { 'aws:PrincipalTag/a~b': 'x' } },
    code: 'policy/unknown-condition-operator',
    severity: 'error',
    pointer: `${POINTER}/StringEqualz`,
    broken: true,
  },
  {
    why: 'pointer tokens are escaped (RFC 6901)',
    block: { NumericEquals: { 'aws:PrincipalTag/a~b': 'x' } },
    code: 'policy/malformed-condition-value',
    severity: 'error',
    pointer: `${POINTER}/NumericEquals/aws:PrincipalTag~1a~0b`,
    broken: true,
  },
];

describe('diagnostics for malformed blocks', () => {
  it.each(rows.map((r) => [r.why, r] as const))('%s', (_, r) => {
    const result = compile(r.block, r.version);
    const d = result.diagnostics.find((x) => x.code === r.code);
    expect(d, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(d!.severity).toBe(r.severity);
    expect(d!.pointer).toBe(r.pointer);
    if (r.help !== undefined) expect(d!.help).toBe(r.help);
    expect(result.broken.length > 0).toBe(r.broken);
  });

  it('messages are lowercase, without a final period, with user input in backticks', () => {
    const { diagnostics } = compile({ StringEqual: { 'a:b': 'x' } });
    const bag = new DiagnosticBag();
    compileCondition({ StringEqual: { 'a:b': 'x' } }, { version: undefined, pointer: '' }, bag);
    expect(diagnostics).toHaveLength(1);
    expect(bag.items[0]!.message).toBe('unknown condition operator `StringEqual`');
  });

  it('a broken test is left out; the other tests of the block are kept', () => {
    const result = compile({ StringEqual: { 'a:b': 'x' }, StringEquals: { 'c:d': 'y' } });
    expect(result.broken).toEqual(['unknown condition operator `StringEqual`']);
    expect(result.condition!.size).toBe(1);
    expect(result.condition!.keys).toEqual(['c:d']);
  });

  it('no block: no condition and nothing broken', () => {
    expect(compile(undefined)).toEqual({ broken: [], diagnostics: [] });
  });

  it('numbers and booleans are accepted as values, as AWS does', () => {
    const result = compile({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': [false] } });
    expect(result.diagnostics).toEqual([]);
    expect(result.broken).toEqual([]);
  });

  it('every operator of docs/aws-authorization.md#condition-operators, with IfExists and set qualifiers, compiles', () => {
    const operators = [
      'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
      'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
      'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
      'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
    ];
    const value = (op: string) =>
      op.startsWith('Numeric') ? '1' : op.startsWith('Date') ? '2024-01-01T00:00:00Z' : op === 'Bool' ? 'true' : op === 'BinaryEquals' ? 'AAAA' : op.includes('Ip') ? '10.0.0.0/8' : 'x';
    const block: Record<string, Record<string, string>> = { Null: { 'k:null': 'true' } };
    for (const op of operators) {
      for (const written of [op, `${op}IfExists`, `ForAllValues:${op}`, `ForAnyValue:${op}IfExists`]) block[written] = { 'k:v': value(op) };
    }
    const result = compile(block);
    expect(result.diagnostics).toEqual([]);
    expect(result.condition!.size).toBe(operators.length * 4 + 1);
  });
});
