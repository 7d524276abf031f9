import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileActionMatcher } from '../../src/core/policy/action-matcher.js';
import { compileWildcard } from '../../src/core/wildcard.js';

describe('Action (docs/aws-authorization.md#condition-key-case: case-insensitive, `*` anywhere in the name)', () => {
  const cases: Array<[patterns: string[], action: string, expected: boolean]> = [
    [['*'], 's3:getobject', true],
    [['*'], 'kms:decrypt', true],
    [['s3:GetObject'], 's3:getobject', true],
    [['S3:GETOBJECT'], 's3:getobject', true],
    [['s3:GetObject'], 's3:getobjectacl', false],
    [['s3:Get*'], 's3:getobjectacl', true],
    [['s3:Get*'], 's3:putobject', false],
    [['s3:*'], 's3:listallmybuckets', true],
    [['s3:*'], 's3control:getjob', false],
    [['iam:*AccessKey*'], 'iam:createaccesskey', true],
    [['iam:*AccessKey*'], 'iam:listaccesskeys', true],
    [['iam:*AccessKey*'], 'iam:createuser', false],
    [['iam:Get?ser'], 'iam:getuser', true],
    [['iam:Get?ser'], 'iam:getuuser', false],
    [['*:Get*'], 'sqs:getqueueurl', true],
    [['sqs:SendMessage', 'sns:Publish'], 'sns:publish', true],
    [['sqs:SendMessage', 'sns:Publish'], 'sns:subscribe', false],
    [[], 's3:getobject', false],
  ];
  it.each(cases)('Action %j vs `%s` → %s', (patterns, action, expected) => {
    expect(compileActionMatcher(patterns, false).test(action)).toBe(expected);
  });

  it.each(cases)('NotAction %j vs `%s` → the complement of %s (docs/aws-authorization.md#not-action)', (patterns, action, expected) => {
    expect(compileActionMatcher(patterns, true).test(action)).toBe(!expected);
  });

  it('docs/aws-authorization.md#not-action: NotAction s3:DeleteBucket matches every other action, of any service', () => {
    const m = compileActionMatcher(['s3:DeleteBucket'], true);
    expect([m.test('s3:deletebucket'), m.test('s3:listallmybuckets'), m.test('ec2:runinstances')]).toEqual([false, true, true]);
  });

  it('agrees with a case-insensitive wildcard match on random patterns', () => {
    const unit = fc.constantFrom('s', '3', ':', 'g', 'E', 't', '*', '?');
    const actionUnit = fc.constantFrom('s', '3', ':', 'g', 'e', 't');
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 6 }), { maxLength: 3 }), fc.string({ unit: actionUnit, maxLength: 8 }), (patterns, action) => {
        const expected = patterns.some((p) => compileWildcard(p, true).test(action));
        expect(compileActionMatcher(patterns, false).test(action)).toBe(expected);
        expect(compileActionMatcher(patterns, true).test(action)).toBe(!expected);
      }),
      { numRuns: 3000 },
    );
  });
});
