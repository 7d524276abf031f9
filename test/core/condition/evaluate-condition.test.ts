import { compileCondition } from '../../../src/core/condition/compile-condition.js';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';
import { describe, expect, it } from 'vitest';
import { UNKNOWN } from '../../../src/core/condition/request-context.js';
import { FALSE, TRUE } from '../../../src/core/condition/tri.js';
import { compileClean, context, UNKNOWN_VALUE, type RequestValue } from './helpers.js';

interface Row {
  readonly rule: string;
  readonly block: Record<string, Record<string, string | readonly string[]>>;
  readonly request: Record<string, RequestValue>;
  readonly holds: boolean;
}

function table(name: string, rows: readonly Row[]): void {
  describe(name, () => {
    it.each(rows.map((r) => [`${r.rule}: ${JSON.stringify(r.block)} with ${JSON.stringify(r.request)}`, r] as const))('%s', (_, r) => {
      expect(compileClean(r.block).evaluate(context(r.request)).kind).toBe(r.holds ? 'true' : 'false');
    });
  });
}

const K = 'aws:PrincipalTag/Team';

table('missing keys (docs/aws-authorization.md#missing-key-condition-false, #if-exists-operators)', [
  { rule: 'docs/aws-authorization.md#missing-key-condition-false positive operator on a missing key is false', block: { StringEquals: { [K]: 'x' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false positive operator on a missing key is false', block: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false positive operator on a missing key is false', block: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false positive operator on a missing key is false', block: { Bool: { 'aws:SecureTransport': 'false' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false positive operator on a missing key is false', block: { ArnLike: { 'aws:SourceArn': '*' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false negated operator on a missing key is true', block: { StringNotEquals: { [K]: 'x' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false negated operator on a missing key is true', block: { StringNotLike: { [K]: '*' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false negated operator on a missing key is true', block: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false negated operator on a missing key is true', block: { ArnNotLike: { 'aws:SourceArn': '*' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#missing-key-condition-false negated operator on a missing key is true', block: { DateNotEquals: { 'aws:CurrentTime': '2024-01-01' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#if-exists-operators IfExists is true when the key is missing', block: { StringEqualsIfExists: { [K]: 'x' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#if-exists-operators IfExists tests normally when the key is present', block: { StringEqualsIfExists: { [K]: 'x' } }, request: { [K]: 'y' }, holds: false },
  { rule: 'docs/aws-authorization.md#if-exists-operators IfExists tests normally when the key is present', block: { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '60' } }, request: { 'aws:MultiFactorAuthAge': '30' }, holds: true },
  { rule: 'docs/aws-authorization.md#if-exists-operators, #set-operators an empty set counts as missing for IfExists', block: { 'StringEqualsIfExists': { 'aws:TagKeys': 'x' } }, request: { 'aws:TagKeys': [] }, holds: true },
  { rule: 'docs/aws-authorization.md#if-exists-operators negated IfExists is still true when missing', block: { StringNotEqualsIfExists: { [K]: 'x' } }, request: {}, holds: true },
]);

table('combination (docs/aws-authorization.md#condition-and-or, #condition-key-case)', [
  {
    rule: 'docs/aws-authorization.md#condition-and-or several keys under one operator are AND',
    block: { StringEquals: { 'aws:PrincipalAccount': '111122223333', [K]: 'ops' } },
    request: { 'aws:PrincipalAccount': '111122223333', [K]: 'dev' },
    holds: false,
  },
  {
    rule: 'docs/aws-authorization.md#condition-and-or several operators are AND',
    block: { StringEquals: { [K]: 'ops' }, Bool: { 'aws:SecureTransport': 'true' } },
    request: { [K]: 'ops', 'aws:SecureTransport': 'true' },
    holds: true,
  },
  {
    rule: 'docs/aws-authorization.md#condition-and-or several operators are AND',
    block: { StringEquals: { [K]: 'ops' }, Bool: { 'aws:SecureTransport': 'true' } },
    request: { [K]: 'ops', 'aws:SecureTransport': 'false' },
    holds: false,
  },
  { rule: 'docs/aws-authorization.md#condition-key-case key names are case-insensitive', block: { StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'ops' } }, request: { 'aws:principaltag/team': 'ops' }, holds: true },
  { rule: 'docs/aws-authorization.md#condition-key-case values are case-sensitive for StringEquals', block: { StringEquals: { [K]: 'ops' } }, request: { [K]: 'OPS' }, holds: false },
  { rule: 'docs/aws-authorization.md#condition-and-or an empty block is true', block: {}, request: {}, holds: true },
]);

table('set qualifiers (docs/aws-authorization.md#set-operators, #negated-set-operators)', [
  { rule: 'docs/aws-authorization.md#set-operators ForAllValues: every request value matches some policy value', block: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, request: { 'aws:TagKeys': ['a', 'b'] }, holds: true },
  { rule: 'docs/aws-authorization.md#set-operators ForAllValues: every request value matches some policy value', block: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, request: { 'aws:TagKeys': ['a', 'c'] }, holds: false },
  { rule: 'docs/aws-authorization.md#set-operators ForAllValues is true for a missing key', block: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#set-operators ForAllValues is true for an empty set', block: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } }, request: { 'aws:TagKeys': [] }, holds: true },
  { rule: 'docs/aws-authorization.md#set-operators ForAnyValue: some request value matches', block: { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost*' } }, request: { 'aws:TagKeys': ['owner', 'costcenter'] }, holds: true },
  { rule: 'docs/aws-authorization.md#set-operators ForAnyValue: some request value matches', block: { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost*' } }, request: { 'aws:TagKeys': ['owner'] }, holds: false },
  { rule: 'docs/aws-authorization.md#set-operators ForAnyValue is false for a missing key', block: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#set-operators ForAnyValue is false for an empty set', block: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' } }, request: { 'aws:TagKeys': [] }, holds: false },
  { rule: 'docs/aws-authorization.md#set-operators a single-valued key is a set of one', block: { 'ForAnyValue:StringEquals': { [K]: 'ops' } }, request: { [K]: 'ops' }, holds: true },
  { rule: 'docs/aws-authorization.md#negated-set-operators ForAllValues:StringNotEquals holds when no value is listed', block: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, request: { 'aws:TagKeys': ['c', 'd'] }, holds: true },
  { rule: 'docs/aws-authorization.md#negated-set-operators ForAllValues:StringNotEquals fails when some value is listed', block: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, request: { 'aws:TagKeys': ['c', 'a'] }, holds: false },
  { rule: 'docs/aws-authorization.md#negated-set-operators ForAllValues:StringNotEquals is true for a missing set', block: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'a' } }, request: {}, holds: true },
  { rule: 'docs/aws-authorization.md#negated-set-operators ForAnyValue:StringNotLike holds when some value matches no pattern', block: { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 'a*' } }, request: { 'aws:TagKeys': ['ab', 'x'] }, holds: true },
  { rule: 'docs/aws-authorization.md#negated-set-operators ForAnyValue:StringNotLike fails when every value matches', block: { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 'a*' } }, request: { 'aws:TagKeys': ['ab', 'ac'] }, holds: false },
  { rule: 'docs/aws-authorization.md#negated-set-operators ForAnyValue with a negated operator is false for a missing set (docs/aws-authorization.md#set-operators)', block: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'a' } }, request: {}, holds: false },
  { rule: 'docs/aws-authorization.md#if-exists-operators IfExists wins over ForAnyValue on a missing key', block: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'a' } }, request: {}, holds: true },
]);

table('unqualified operators on multivalued keys (docs/aws-authorization.md#set-operators; team reading, see evaluate-condition.ts)', [
  { rule: 'docs/aws-authorization.md#set-operators a plain positive operator matches if any request value matches', block: { StringEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } }, request: { 'aws:CalledVia': ['athena.amazonaws.com', 'kms.amazonaws.com'] }, holds: true },
  { rule: 'docs/aws-authorization.md#set-operators a plain positive operator matches if any request value matches', block: { StringEquals: { 'aws:CalledVia': 'glue.amazonaws.com' } }, request: { 'aws:CalledVia': ['athena.amazonaws.com', 'kms.amazonaws.com'] }, holds: false },
  { rule: 'docs/aws-authorization.md#set-operators a plain negated operator is the complement', block: { StringNotEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } }, request: { 'aws:CalledVia': ['athena.amazonaws.com', 'kms.amazonaws.com'] }, holds: false },
  { rule: 'docs/aws-authorization.md#set-operators a plain negated operator is the complement', block: { StringNotEquals: { 'aws:CalledVia': 'glue.amazonaws.com' } }, request: { 'aws:CalledVia': ['athena.amazonaws.com', 'kms.amazonaws.com'] }, holds: true },
]);

table('policy variables (docs/aws-authorization.md#policy-variables)', [
  { rule: 'docs/aws-authorization.md#policy-variables a variable is substituted', block: { StringEquals: { 's3:prefix': 'home/${aws:username}/' } }, request: { 's3:prefix': 'home/bob/', 'aws:username': 'bob' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables variable key names are case-insensitive', block: { StringEquals: { 's3:prefix': 'home/${AWS:UserName}/' } }, request: { 's3:prefix': 'home/bob/', 'aws:username': 'bob' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables substituted text is literal in StringLike', block: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, request: { 's3:prefix': 'home/bobby/x', 'aws:username': 'b*' }, holds: false },
  { rule: 'docs/aws-authorization.md#policy-variables substituted text is literal in StringLike', block: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, request: { 's3:prefix': 'home/b*/x', 'aws:username': 'b*' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables variable in ArnLike', block: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::${aws:PrincipalTag/bucket}' } }, request: { 'aws:SourceArn': 'arn:aws:s3:::logs', 'aws:principaltag/bucket': 'logs' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables positive operator with an absent variable does not match', block: { StringEquals: { [K]: '${aws:PrincipalTag/Other}' } }, request: { [K]: '' }, holds: false },
  { rule: 'docs/aws-authorization.md#policy-variables negated operator with an absent variable matches', block: { StringNotEquals: { [K]: '${aws:PrincipalTag/Other}' } }, request: { [K]: 'ops' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables an absent variable leaves the other values in play', block: { StringEquals: { [K]: ['${aws:PrincipalTag/Other}', 'ops'] } }, request: { [K]: 'ops' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables a default is used for an absent variable', block: { StringEquals: { [K]: "${aws:PrincipalTag/Other, 'company-wide'}" } }, request: { [K]: 'company-wide' }, holds: true },
  { rule: 'docs/aws-authorization.md#policy-variables only single-valued keys can be variables', block: { StringEquals: { [K]: '${aws:TagKeys}' } }, request: { [K]: 'a', 'aws:TagKeys': ['a', 'b'] }, holds: false },
  { rule: 'docs/aws-authorization.md#policy-variables ${*} is a literal star', block: { StringLike: { [K]: 'a${*}' } }, request: { [K]: 'abc' }, holds: false },
  { rule: 'docs/aws-authorization.md#policy-variables ${*} is a literal star', block: { StringLike: { [K]: 'a${*}' } }, request: { [K]: 'a*' }, holds: true },
]);

describe('docs/aws-authorization.md#policy-variables variables need Version 2012-10-17', () => {
  it('docs/aws-authorization.md#policy-variables without the version a variable is literal text', () => {
    const c = compileVersionless({ StringEquals: { [K]: '${aws:username}' } });
    expect(c.evaluate(context({ [K]: '${aws:username}', 'aws:username': 'bob' })).kind).toBe('true');
    expect(c.evaluate(context({ [K]: 'bob', 'aws:username': 'bob' })).kind).toBe('false');
  });
});

function compileVersionless(block: unknown) {
  // The variable-without-version warning is expected here; compile through the public API.
  return compileWarned(block, undefined);
}


function compileWarned(block: unknown, version: string | undefined) {
  const bag = new DiagnosticBag();
  const { condition, broken } = compileCondition(block, { version, pointer: '' }, bag);
  expect(broken).toEqual([]);
  expect(bag.items.map((d) => d.severity)).toEqual(['warning']);
  return condition!;
}

describe('docs/aws-authorization.md#global-condition-keys MFA patterns: aws:MultiFactorAuthPresent is absent for long-term access keys', () => {
  const MFA = 'aws:MultiFactorAuthPresent';
  const longTermKeys = {};
  const sessionWithoutMfa = { [MFA]: 'false' };
  const sessionWithMfa = { [MFA]: 'true' };
  const rows = [
    { rule: 'docs/aws-authorization.md#global-condition-keys Deny + Bool false does not deny long-term keys', block: { Bool: { [MFA]: 'false' } }, request: longTermKeys, applies: false },
    { rule: 'docs/aws-authorization.md#global-condition-keys Deny + Bool false denies a session without MFA', block: { Bool: { [MFA]: 'false' } }, request: sessionWithoutMfa, applies: true },
    { rule: 'docs/aws-authorization.md#global-condition-keys Deny + BoolIfExists false denies long-term keys', block: { BoolIfExists: { [MFA]: 'false' } }, request: longTermKeys, applies: true },
    { rule: 'docs/aws-authorization.md#global-condition-keys Deny + BoolIfExists false spares a session with MFA', block: { BoolIfExists: { [MFA]: 'false' } }, request: sessionWithMfa, applies: false },
    { rule: 'docs/aws-authorization.md#global-condition-keys Allow + Bool true allows only MFA sessions', block: { Bool: { [MFA]: 'true' } }, request: longTermKeys, applies: false },
    { rule: 'docs/aws-authorization.md#global-condition-keys Allow + Bool true allows only MFA sessions', block: { Bool: { [MFA]: 'true' } }, request: sessionWithMfa, applies: true },
    { rule: 'docs/aws-authorization.md#global-condition-keys Allow + BoolIfExists true also allows long-term keys', block: { BoolIfExists: { [MFA]: 'true' } }, request: longTermKeys, applies: true },
    { rule: 'docs/aws-authorization.md#global-condition-keys Allow + BoolIfExists true refuses a session without MFA', block: { BoolIfExists: { [MFA]: 'true' } }, request: sessionWithoutMfa, applies: false },
  ];
  it.each(rows.map((r) => [r.rule, r] as const))('%s', (_, r) => {
    expect(compileClean(r.block).evaluate(context(r.request)).kind).toBe(r.applies ? 'true' : 'false');
  });
});

describe('unknown keys become residual atoms (results.md "Conditions with unknown keys")', () => {
  it('results.md: a test over an unknown key is a residual atom with operator, key and values as written', () => {
    const c = compileClean({ 'ForAnyValue:StringLikeIfExists': { 'AWS:TagKeys': ['a*', 'b'] } });
    expect(c.evaluate(context({ 'aws:tagkeys': UNKNOWN_VALUE }))).toEqual({
      kind: 'residual',
      alternatives: [[{ operator: 'ForAnyValue:StringLikeIfExists', key: 'AWS:TagKeys', values: ['a*', 'b'], negated: false }]],
    });
  });

  it('results.md: numbers and booleans in the policy are written as text in the atom', () => {
    const c = compileClean({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } });
    const r = c.evaluate(context({}, UNKNOWN));
    expect(r.kind === 'residual' && r.alternatives[0]!.map((a) => a.values)).toEqual([['3600'], ['true']]);
  });

  it('docs/aws-authorization.md#condition-and-or a false test decides the block whatever else is unknown', () => {
    const c = compileClean({ StringEquals: { 'sts:ExternalId': 'x', [K]: 'ops' } });
    expect(c.evaluate(context({ 'sts:externalid': UNKNOWN_VALUE, [K]: 'dev' }))).toBe(FALSE);
  });

  it('docs/aws-authorization.md#condition-and-or known true tests drop out of the residual', () => {
    const c = compileClean({ StringEquals: { 'sts:ExternalId': 'x', [K]: 'ops' } });
    const r = c.evaluate(context({ 'sts:externalid': UNKNOWN_VALUE, [K]: 'ops' }));
    expect(r).toEqual({ kind: 'residual', alternatives: [[{ operator: 'StringEquals', key: 'sts:ExternalId', values: ['x'], negated: false }]] });
  });

  it('docs/aws-authorization.md#policy-variables a variable over an unknown key makes the test a residual atom, values as written', () => {
    const c = compileClean({ StringEquals: { [K]: '${aws:PrincipalTag/Lead}' } });
    const r = c.evaluate(context({ [K]: 'ops', 'aws:principaltag/lead': UNKNOWN_VALUE }));
    expect(r).toEqual({ kind: 'residual', alternatives: [[{ operator: 'StringEquals', key: K, values: ['${aws:PrincipalTag/Lead}'], negated: false }]] });
  });

  it('docs/aws-authorization.md#missing-key-condition-false a missing key decides even when a variable in the values is unknown', () => {
    const c = compileClean({ StringNotEquals: { [K]: '${aws:PrincipalTag/Lead}' } });
    expect(c.evaluate(context({ 'aws:principaltag/lead': UNKNOWN_VALUE }))).toBe(TRUE);
  });

  it('docs/aws-authorization.md#null-operator Null over an unknown key is a residual atom', () => {
    const c = compileClean({ Null: { 'aws:SourceVpce': 'true' } });
    expect(c.evaluate(context({}, UNKNOWN)).kind).toBe('residual');
  });
});

describe('compiled block shape', () => {
  it('lists every key it reads, lowercased, including keys of variables', () => {
    const c = compileClean({ StringEquals: { 'S3:Prefix': 'home/${AWS:username}/', [K]: 'x' }, Null: { 'aws:SourceVpce': 'false' } });
    expect([...c.keys].sort()).toEqual(['aws:principaltag/team', 'aws:sourcevpce', 'aws:username', 's3:prefix']);
    expect(c.size).toBe(3);
  });

  it('returns the shared TRUE and FALSE constants when every key is known (no residual allocated)', () => {
    const c = compileClean({ StringLike: { [K]: 'o*' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } });
    expect(c.evaluate(context({ [K]: 'ops', 'aws:SourceIp': '10.1.1.1' }))).toBe(TRUE);
    expect(c.evaluate(context({ [K]: 'ops', 'aws:SourceIp': '11.1.1.1' }))).toBe(FALSE);
    expect(c.evaluate(context({}))).toBe(FALSE);
  });
});
