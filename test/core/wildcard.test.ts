import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MapContext, ABSENT, UNKNOWN, present } from '../../src/core/condition/request-context.js';
import { parseTemplate, partsToString, resolveTemplate } from '../../src/core/policy-variables.js';
import { compileWildcard, compileWildcardParts, hasWildcard, literalPart } from '../../src/core/wildcard.js';

/** The obvious (and, on hostile input, exponential) reference: a regular expression. */
function referenceMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const body = [...pattern]
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'i' : '').test(value);
}

describe('compileWildcard (docs/aws-authorization.md#condition-operators StringLike: `*` any run, `?` one character)', () => {
  const cases: Array<[pattern: string, value: string, expected: boolean]> = [
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['?', '', false],
    ['?', 'x', true],
    ['?', 'xy', false],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ba', false],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a**b', 'ab', true],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['iam:*AccessKey*', 'iam:CreateAccessKey', true],
    ['iam:*AccessKey*', 'iam:createaccesskey', false],
    ['s3:Get*', 's3:GetObject', true],
    ['a*b*c', 'abcbc', true],
    ['a*b?c', 'ab_c', true],
    ['a*b?c', 'abxbyc', true],
    ['Case', 'case', false],
  ];
  it.each(cases)('`%s` vs `%s` → %s', (pattern, value, expected) => {
    expect(compileWildcard(pattern).test(value)).toBe(expected);
  });

  it.each([
    ['iam:*AccessKey*', 'IAM:CREATEACCESSKEY', true],
    ['S3:GET*', 's3:getobject', true],
    ['Exact', 'eXACT', true],
    ['Exact', 'exactly', false],
    ['İ', 'İ', true],
  ] as const)('case-insensitive `%s` vs `%s` → %s', (pattern, value, expected) => {
    expect(compileWildcard(pattern, true).test(value)).toBe(expected);
  });

  it('treats literal parts (substituted variables) as plain text', () => {
    const m = compileWildcardParts([{ text: 'home/', literal: false }, literalPart('*'), { text: '/*', literal: false }]);
    expect(m.test('home/*/x')).toBe(true);
    expect(m.test('home/bob/x')).toBe(false);
  });

  it('matches a literal pattern longer than the call stack allows spreading', () => {
    const long = 'x'.repeat(200_000);
    expect(compileWildcard(long).test(long)).toBe(true);
    expect(compileWildcard(long).test(long + 'y')).toBe(false);
  });

  it('hasWildcard', () => {
    expect([hasWildcard('a*'), hasWildcard('a?'), hasWildcard('abc')]).toEqual([true, true, false]);
  });

  const patternArb = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ':', '/'), maxLength: 10 });
  const valueArb = fc.string({ unit: fc.constantFrom('a', 'b', ':', '/'), maxLength: 12 });

  it('agrees with a regular-expression matcher on random patterns and values', () => {
    fc.assert(
      fc.property(patternArb, valueArb, (pattern, value) => {
        expect(compileWildcard(pattern).test(value)).toBe(referenceMatch(pattern, value));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with a case-insensitive regular expression when ignoring case', () => {
    const mixed = fc.string({ unit: fc.constantFrom('a', 'B', '*', '?'), maxLength: 8 });
    const mixedValue = fc.string({ unit: fc.constantFrom('A', 'b', 'a', 'B'), maxLength: 10 });
    fc.assert(
      fc.property(mixed, mixedValue, (pattern, value) => {
        expect(compileWildcard(pattern, true).test(value)).toBe(referenceMatch(pattern, value, true));
      }),
      { numRuns: 3000 },
    );
  });

  it('a pattern without wildcards matches exactly itself', () => {
    const plain = fc.string({ maxLength: 20 }).filter((s) => !hasWildcard(s));
    fc.assert(
      fc.property(plain, fc.string({ maxLength: 20 }), (pattern, other) => {
        expect(compileWildcard(pattern).test(pattern)).toBe(true);
        expect(compileWildcard(pattern).test(other)).toBe(other === pattern);
      }),
    );
  });

  it('`*` matches everything', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(compileWildcard('*').test(value)).toBe(true);
      }),
    );
  });

  it('a literal part matches only its own text, wildcards included', () => {
    fc.assert(
      fc.property(patternArb, valueArb, (text, value) => {
        expect(compileWildcardParts([literalPart(text)]).test(value)).toBe(value === text);
      }),
    );
  });

  it('finishes on hostile patterns (no catastrophic backtracking)', () => {
    const value = 'a'.repeat(100_000);
    expect(compileWildcard('*a*a*a*a*a*a*a*a*b').test(value)).toBe(false);
    expect(compileWildcard('*a*a*a*a*a*a*a*a*a').test(value)).toBe(true);
    expect(compileWildcard('*?*?*?*?*?*?*?*?b').test(value)).toBe(false);
  });
});

describe('policy variables (docs/aws-authorization.md#policy-variables)', () => {
  const ctx = new MapContext(UNKNOWN)
    .set('aws:username', present('bob'))
    .set('aws:PrincipalTag/team', present('a*b'))
    .set('aws:userid', ABSENT)
    .set('aws:TagKeys', present(['x', 'y']));

  it('parses variables, defaults and the `${*}` `${?}` `${$}` escapes', () => {
    const t = parseTemplate("arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'company-wide'}/${*}${?}${$}", true);
    expect(t.hasVariables).toBe(true);
    expect(t.parts).toEqual([
      { kind: 'text', text: 'arn:aws:s3:::b/', literal: false },
      { kind: 'variable', key: 'aws:username', keyAsWritten: 'aws:username' },
      { kind: 'text', text: '/', literal: false },
      { kind: 'variable', key: 'aws:principaltag/team', keyAsWritten: 'aws:PrincipalTag/team', defaultValue: 'company-wide' },
      { kind: 'text', text: '/', literal: false },
      { kind: 'text', text: '*', literal: true },
      { kind: 'text', text: '?', literal: true },
      { kind: 'text', text: '$', literal: true },
    ]);
  });

  it('leaves `${...}` as literal text without Version 2012-10-17', () => {
    const t = parseTemplate('arn:aws:s3:::b/${aws:username}/*', false);
    expect(t.hasVariables).toBe(false);
    expect(resolveTemplate(t, ctx)).toEqual({ state: 'ok', parts: [{ kind: 'text', text: 'arn:aws:s3:::b/${aws:username}/*', literal: false }] });
  });

  it('looks keys up case-insensitively and substitutes values as literal text', () => {
    const r = resolveTemplate(parseTemplate('home/${AWS:UserName}/${aws:principaltag/TEAM}/*', true), ctx);
    expect(r.state).toBe('ok');
    if (r.state !== 'ok') return;
    expect(partsToString(r.parts)).toBe('home/bob/a*b/*');
    expect(r.parts.find((p) => p.text === 'a*b')?.literal).toBe(true);
  });

  it.each([
    ['${aws:userid}', { state: 'absent', key: 'aws:userid' }],
    ["${aws:userid, 'nobody'}", { state: 'ok' }],
    ['${aws:SourceIp}', { state: 'unknown', key: 'aws:SourceIp' }],
    ["${aws:SourceIp, 'x'}", { state: 'unknown', key: 'aws:SourceIp' }],
    ['${aws:TagKeys}', { state: 'invalid', key: 'aws:TagKeys' }],
  ])('`%s` resolves to %o', (source, expected) => {
    expect(resolveTemplate(parseTemplate(source, true), ctx)).toMatchObject(expected);
  });

  it('uses the default only when the key is absent', () => {
    const r = resolveTemplate(parseTemplate("${aws:userid, 'nobody'}", true), ctx);
    expect(r.state === 'ok' && partsToString(r.parts)).toBe('nobody');
  });
});
