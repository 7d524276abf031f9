import { describe, expect, it } from 'vitest';
import { ABSENT, MapContext, UNKNOWN, present, type RequestContext } from '../../src/core/condition/request-context.js';
import { compileResourceMatcher } from '../../src/core/policy/resource-matcher.js';
import type { ResourceMatch } from '../../src/core/policy/policy-types.js';

const untouchable: RequestContext = {
  lookup(key) {
    throw new Error(`patterns without variables must not read the context (asked for \`${key}\`)`);
  },
};

const bob = new MapContext(UNKNOWN)
  .set('aws:username', present('bob'))
  .set('aws:PrincipalTag/team', ABSENT)
  .set('aws:TagKeys', present(['a', 'b']));

describe('Resource / NotResource without variables (docs/aws-authorization.md#condition-key-case, #resource-wildcard-examples, #not-resource)', () => {
  const cases: Array<[patterns: string[], arn: string, resource: ResourceMatch, why: string]> = [
    [['*'], 'arn:aws:s3:::b', 'match', 'docs/aws-authorization.md#condition-key-case: * matches every resource'],
    [['*'], '*', 'match', '* matches the non-ARN resource of actions without resource types'],
    [['arn:aws:s3:::b'], 'arn:aws:s3:::b', 'match', 'exact ARN'],
    [['arn:aws:s3:::b'], 'arn:aws:s3:::B', 'no-match', 'docs/aws-authorization.md#resource-case-sensitive: case-sensitive'],
    [['arn:aws:s3:::b/*'], 'arn:aws:s3:::b', 'no-match', 'objects pattern does not name the bucket'],
    [['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], 'arn:aws:s3:::b/k', 'match', 'any listed pattern'],
    [['arn:aws:s3:::*'], '*', 'no-match', 'docs/aws-authorization.md#not-action: arn:aws:s3:::* does not cover resource *'],
    [['arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*'], 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg', 'match', 'docs/aws-authorization.md#resource-wildcard-examples'],
    [['arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*'], 'arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test.jpg', 'no-match', 'docs/aws-authorization.md#resource-wildcard-examples'],
    [['arn:aws:iam::*:role/admin'], 'arn:aws:iam::111122223333:role/admin', 'match', 'account wildcard'],
    [[], 'arn:aws:s3:::b', 'no-match', 'an empty list names nothing'],
  ];

  it.each(cases)('Resource %j vs `%s` → %s (%s)', (patterns, arn, expected) => {
    expect(compileResourceMatcher(patterns, false, true).match(arn, untouchable)).toBe(expected);
  });

  const flip = (m: ResourceMatch): ResourceMatch => (m === 'match' ? 'no-match' : 'match');
  it.each(cases)('NotResource %j vs `%s` → the opposite of %s (docs/aws-authorization.md#not-resource)', (patterns, arn, expected) => {
    expect(compileResourceMatcher(patterns, true, true).match(arn, untouchable)).toBe(flip(expected));
  });
});

describe('Resource with policy variables (docs/aws-authorization.md#policy-variables)', () => {
  const home = 'arn:aws:s3:::b/home/${aws:username}/*';

  it('resolves the variable against the request', () => {
    const m = compileResourceMatcher([home], false, true);
    expect(m.match('arn:aws:s3:::b/home/bob/notes.txt', bob)).toBe('match');
    expect(m.match('arn:aws:s3:::b/home/alice/notes.txt', bob)).toBe('no-match');
  });

  it('looks the key up case-insensitively', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/home/${AWS:UserName}/*'], false, true);
    expect(m.match('arn:aws:s3:::b/home/bob/x', bob)).toBe('match');
  });

  it('substitutes the value as literal text: a `*` in it is not a wildcard', () => {
    const m = compileResourceMatcher([home], false, true);
    const star = new MapContext(UNKNOWN).set('aws:username', present('*'));
    expect(m.match('arn:aws:s3:::b/home/*/x', star)).toBe('match');
    expect(m.match('arn:aws:s3:::b/home/bob/x', star)).toBe('no-match');
  });

  it('treats `${*}` as a literal star', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${*}'], false, true);
    expect(m.match('arn:aws:s3:::b/*', untouchable)).toBe('match');
    expect(m.match('arn:aws:s3:::b/x', untouchable)).toBe('no-match');
  });

  it('without Version 2012-10-17 `${aws:username}` is literal text', () => {
    const m = compileResourceMatcher([home], false, false);
    expect(m.match('arn:aws:s3:::b/home/${aws:username}/x', untouchable)).toBe('match');
    expect(m.match('arn:aws:s3:::b/home/bob/x', untouchable)).toBe('no-match');
  });

  it('a variable whose key is absent matches no resource (Resource)', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${aws:PrincipalTag/team}/*'], false, true);
    expect(m.match('arn:aws:s3:::b//x', bob)).toBe('no-match');
    expect(m.match('arn:aws:s3:::b/${aws:PrincipalTag/team}/x', bob)).toBe('no-match');
  });

  it('a variable whose key is absent lists no resource (NotResource matches)', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${aws:PrincipalTag/team}/*'], true, true);
    expect(m.match('arn:aws:s3:::b/x/y', bob)).toBe('match');
  });

  it('an absent key takes the default value', () => {
    const m = compileResourceMatcher(["arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*"], false, true);
    expect(m.match('arn:aws:s3:::b/shared/x', bob)).toBe('match');
    expect(m.match('arn:aws:s3:::b/other/x', bob)).toBe('no-match');
  });

  it('a multi-valued key cannot be substituted: the pattern matches nothing', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${aws:TagKeys}'], false, true);
    expect(m.match('arn:aws:s3:::b/a', bob)).toBe('no-match');
  });

  it('an unknown key makes the match a residual on that key, named as written (results.md)', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${aws:PrincipalTag/Project}/*'], false, true);
    const atom = { operator: 'StringEquals', key: 'aws:PrincipalTag/Project', values: ['p'], negated: false };
    expect(m.match('arn:aws:s3:::b/p/x', bob)).toEqual({ unknownKey: 'aws:PrincipalTag/Project', residual: { kind: 'residual', alternatives: [[atom]] } });
    expect(compileResourceMatcher(['arn:aws:s3:::b/${aws:PrincipalTag/Project}/*'], true, true).match('arn:aws:s3:::b/p/x', bob)).toEqual({
      unknownKey: 'aws:PrincipalTag/Project',
      residual: { kind: 'residual', alternatives: [[{ ...atom, negated: true }]] },
    });
  });

  it('every value that makes the pattern match is listed; none means no match for any value', () => {
    const m = compileResourceMatcher(['arn:aws:s3:::b/${aws:PrincipalTag/Project}/*'], false, true);
    const r = m.match('arn:aws:s3:::b/p/q/x', bob);
    expect(r).toMatchObject({ residual: { kind: 'residual', alternatives: [[{ values: ['p', 'p/q'] }]] } });
    expect(m.match('arn:aws:s3:::other/p/x', bob)).toEqual({ unknownKey: 'aws:PrincipalTag/Project', residual: { kind: 'false' } });
  });

  it('another matching pattern settles an unknown one', () => {
    const patterns = ['arn:aws:s3:::b/${aws:PrincipalTag/Project}/*', 'arn:aws:s3:::b/public/*'];
    expect(compileResourceMatcher(patterns, false, true).match('arn:aws:s3:::b/public/x', bob)).toBe('match');
    expect(compileResourceMatcher(patterns, true, true).match('arn:aws:s3:::b/public/x', bob)).toBe('no-match');
    expect(compileResourceMatcher(patterns, false, true).match('arn:aws:s3:::b/private/x', bob)).toMatchObject({
      unknownKey: 'aws:PrincipalTag/Project',
      residual: { kind: 'residual', alternatives: [[{ key: 'aws:PrincipalTag/Project', values: ['private'] }]] },
    });
  });

  it('a resolved variable pattern that matches settles an unknown one listed before it', () => {
    const patterns = ['arn:aws:s3:::b/${aws:SourceIp}/*', home];
    expect(compileResourceMatcher(patterns, false, true).match('arn:aws:s3:::b/home/bob/x', bob)).toBe('match');
    expect(compileResourceMatcher(patterns, true, true).match('arn:aws:s3:::b/home/bob/x', bob)).toBe('no-match');
  });

  it('stays correct across more distinct callers than it caches', () => {
    const m = compileResourceMatcher([home], false, true);
    for (let i = 0; i < 100; i++) {
      const ctx = new MapContext(UNKNOWN).set('aws:username', present(`user${i % 40}`));
      expect(m.match(`arn:aws:s3:::b/home/user${i % 40}/x`, ctx)).toBe('match');
      expect(m.match(`arn:aws:s3:::b/home/user${(i + 1) % 40}/x`, ctx)).toBe('no-match');
    }
  });
});
