import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileArnPattern, compileArnPatternString } from '../../src/core/arn/arn-pattern.js';
import { compileWildcard, literalPart } from '../../src/core/wildcard.js';

describe('docs/aws-authorization.md#condition-operators: ArnLike checks each of the six components separately', () => {
  const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
  const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';

  it('StringLike matches the worked example', () => {
    expect(compileWildcard(pattern).test(value)).toBe(true);
  });

  it('ArnLike does not match the worked example', () => {
    expect(compileArnPatternString(pattern).test(value)).toBe(false);
  });

  it('ArnLike matches when the account component is the pattern’s', () => {
    expect(compileArnPatternString(pattern).test('arn:aws:someservice:us-east-2:111122223333:finance/document.txt')).toBe(true);
  });
});

describe('docs/aws-authorization.md#resource-wildcard-examples: Resource wildcard examples for `arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*`', () => {
  const m = compileArnPatternString('arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*');
  const bucket = 'arn:aws:s3:::DOC-EXAMPLE-BUCKET';
  it.each([
    ['/1/test/object.jpg', true],
    ['/1/2/test/3/object.jpg', true],
    ['/1///test///object.jpg', true],
    ['/1/test/.jpg', true],
    ['//test/object.jpg', true],
    ['/1/test/', true],
    ['/1-test/object.jpg', false],
    ['/test/object.jpg', false],
    ['/1/2/test.jpg', false],
  ] as const)('`…%s` → %s', (suffix, expected) => {
    expect(m.test(bucket + suffix)).toBe(expected);
  });
});

describe('ARN patterns (docs/aws-authorization.md#condition-key-case Resource, docs/aws-authorization.md#condition-operators ArnLike)', () => {
  const cases: Array<[pattern: string, value: string, expected: boolean, why: string]> = [
    ['*', 'arn:aws:s3:::b', true, 'bare * matches any ARN'],
    ['*', '*', true, 'bare * matches the non-ARN resource *'],
    ['**', 'anything', true, 'several stars are one'],
    ['arn:aws:s3:::*', '*', false, 'an ARN pattern does not match the non-ARN resource *'],
    ['arn:aws:s3:::*', 'arn:aws:s3:::bucket', true, 'resource wildcard'],
    ['arn:aws:s3:::*', 'arn:aws:s3:::bucket/key:with:colons', true, '* in the resource spans / and :'],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::b/x', true, 'prefix in the resource'],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::a', false, 'prefix mismatch'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', true, 'exact'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/', false, 'exact is exact'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::Bucket', false, 'case-sensitive'],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/x', true, '? one character'],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/xy', false, '? exactly one'],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/', false, '? not zero'],
    ['arn:aws:sqs:*:111122223333:q', 'arn:aws:sqs:us-east-1:111122223333:q', true, 'region wildcard'],
    ['arn:aws:sqs:*:111122223333:q', 'arn:aws:sqs::111122223333:q', true, '* matches an empty region'],
    ['arn:aws:sqs:*:111122223333:q', 'arn:aws:sqs:a:b:111122223333:q', false, '* in the region cannot cross a colon'],
    ['arn:aws:sqs:us-?ast-1:*:q', 'arn:aws:sqs:us-east-1:111122223333:q', true, '? in the region'],
    ['arn:aws:sqs:us-?ast-1:*:q', 'arn:aws:sqs:us:ast-1:111122223333:q', false, '? cannot match a colon'],
    ['arn:*:s3:::b', 'arn:aws-cn:s3:::b', true, 'partition wildcard'],
    ['arn:aws:*:*:*:*', 'arn:aws:iam::111122223333:role/r', true, 'every component a wildcard'],
    ['arn:aws:*:*:*:*', 'arn:aws-cn:iam::111122223333:role/r', false, 'literal partition'],
    ['arn:aws:*:*:*:*', 'arn:aws:iam:111122223333:role/r', false, 'five components are not an ARN'],
    ['arn:aws:iam::*:role/admin-*', 'arn:aws:iam::111122223333:role/admin-ops', true, 'account wildcard'],
    ['arn:aws:iam::*:role/admin-*', 'arn:aws:iam::111122223333:role/dev', false, 'resource mismatch'],
    ['arn:aws:logs:*:*:log-group:app:*', 'arn:aws:logs:us-east-1:1:log-group:app:log-stream:x', true, 'colons in the resource part'],
    ['arn:aws:logs:*:*:log-group:app:*', 'arn:aws:logs:us-east-1:1:log-group:other:log-stream:x', false, 'colons in the resource part are literal'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false, 'object pattern does not match the bucket'],
    ['arn:aws:s3:::b/a*b*c', 'arn:aws:s3:::b/aXbYc', true, 'several wildcards in the resource'],
    ['arn:aws:s3:::b/a*b*c', 'arn:aws:s3:::b/aXbY', false, 'several wildcards in the resource'],
    ['arn:*', 'arn:aws:s3:::b', true, 'a non-ARN pattern is matched as a whole string'],
    ['arn:*', 's3:b', false, 'a non-ARN pattern is matched as a whole string'],
    ['notanarn', 'notanarn', true, 'plain text matches itself'],
    ['', '', true, 'empty matches empty'],
    ['', 'arn:aws:s3:::b', false, 'empty matches nothing else'],
  ];
  it.each(cases)('`%s` vs `%s` → %s (%s)', (pattern, value, expected) => {
    expect(compileArnPatternString(pattern).test(value)).toBe(expected);
  });

  it('treats literal parts (substituted policy variables) as text, not wildcards', () => {
    const m = compileArnPattern([{ text: 'arn:aws:s3:::home/', literal: false }, literalPart('b*b'), { text: '/*', literal: false }]);
    expect(m.test('arn:aws:s3:::home/b*b/file')).toBe(true);
    expect(m.test('arn:aws:s3:::home/bob/file')).toBe(false);
  });

  it('splits at colons inside substituted text too', () => {
    const m = compileArnPattern([{ text: 'arn:aws:sqs:', literal: false }, literalPart('us-east-1:111122223333'), { text: ':*', literal: false }]);
    expect(m.test('arn:aws:sqs:us-east-1:111122223333:q')).toBe(true);
    expect(m.test('arn:aws:sqs:us-east-1:999999999999:q')).toBe(false);
  });
});

describe('ARN patterns: properties', () => {
  /** Reference: split both at the first five colons, then match each component as StringLike. */
  function reference(pattern: string, value: string): boolean {
    const split = (s: string): string[] | undefined => {
      const parts = s.split(':');
      return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
    };
    const p = split(pattern);
    if (p === undefined) return compileWildcard(pattern).test(value);
    const v = split(value);
    return v !== undefined && p.every((c, i) => compileWildcard(c).test(v[i]!));
  }

  const componentArb = (alphabet: string[]) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 4 });
  const patternArb = fc
    .array(componentArb(['a', 'b', '*', '?']), { minLength: 6, maxLength: 6 })
    .chain((cs) => componentArb(['a', '*', ':', '/']).map((extra) => cs.join(':') + extra));
  const valueArb = fc
    .array(componentArb(['a', 'b']), { minLength: 6, maxLength: 6 })
    .chain((cs) => componentArb(['a', ':', '/']).map((extra) => cs.join(':') + extra));

  it('agrees with component-wise StringLike on random patterns and values', () => {
    fc.assert(
      fc.property(patternArb, valueArb, (pattern, value) => {
        expect(compileArnPatternString(pattern).test(value)).toBe(reference(pattern, value));
      }),
      { numRuns: 5000 },
    );
  });

  it('a pattern without wildcards matches exactly itself', () => {
    const plain = valueArb;
    fc.assert(
      fc.property(plain, valueArb, (pattern, other) => {
        expect(compileArnPatternString(pattern).test(pattern)).toBe(true);
        expect(compileArnPatternString(pattern).test(other)).toBe(other === pattern);
      }),
    );
  });

  it('`*` matches everything', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(compileArnPatternString('*').test(value)).toBe(true);
      }),
    );
  });

  it('finishes on hostile resource patterns', () => {
    const value = 'arn:aws:s3:::b/' + 'a'.repeat(100_000);
    expect(compileArnPatternString('arn:aws:s3:::b/*a*a*a*a*a*a*a*a*b').test(value)).toBe(false);
    expect(compileArnPatternString('*a*a*a*a*a*a*a*a*b').test('a'.repeat(100_000))).toBe(false);
  });
});
