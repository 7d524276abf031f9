import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';
import { MatcherCache } from '../../../src/core/policy/matcher-cache.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';
import { UNKNOWN } from '../../../src/core/condition/request-context.js';

const OPEN = { lookup: () => UNKNOWN };

function identity(statement: Record<string, unknown>, version = '2012-10-17') {
  return parsePolicy({ Version: version, Statement: [statement] }, { kind: 'identity', name: 'p' }, new DiagnosticBag()).statements[0]!;
}

describe('compiled Action and Resource elements are shared between documents (docs/scale.md)', () => {
  it('two documents with the same elements hold the same matchers', () => {
    const a = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' });
    const b = identity({ Sid: 'Other', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' });
    expect(b.action).toBe(a.action);
    expect(b.resource).toBe(a.resource);
  });

  it('a Resource with a policy variable is not shared between versions where variables apply and where they are text', () => {
    const modern = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' });
    const legacy = identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }, '2008-10-17');
    expect(legacy.resource).not.toBe(modern.resource);
    // under 2008-10-17 `${aws:username}` is literal text (docs/aws-authorization.md#policy-variables)
    expect(legacy.resource!.match('arn:aws:s3:::home/${aws:username}/k', OPEN)).toBe('match');
    expect(modern.resource!.match('arn:aws:s3:::home/${aws:username}/k', OPEN)).not.toBe('match');
  });

  it('NotAction is not Action', () => {
    const plain = identity({ Effect: 'Allow', Action: 'iam:*', Resource: '*' });
    const not = identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expect(not.action).not.toBe(plain.action);
    expect(not.action.test('iam:createuser')).toBe(false);
    expect(plain.action.test('iam:createuser')).toBe(true);
  });

  it('past its limit the table starts over; what was handed out stays as it was', () => {
    const cache = new MatcherCache<{ n: number }>(2);
    let made = 0;
    const first = cache.get('a', () => ({ n: ++made }));
    cache.get('b', () => ({ n: ++made }));
    expect(cache.get('a', () => ({ n: ++made }))).toBe(first);
    cache.get('c', () => ({ n: ++made }));
    const again = cache.get('a', () => ({ n: ++made }));
    expect(again).not.toBe(first);
    expect(first.n).toBe(1);
    expect(made).toBe(4);
  });
});
