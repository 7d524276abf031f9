import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { present, ABSENT, MapContext } from '../../../src/core/condition/request-context.js';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';
import { evaluatePolicy, evaluatePreparedPolicy, preparePolicy, type MatchRequest, type PolicyEvaluation } from '../../../src/core/decision/evaluate-policy.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';
import type { CallerIdentity, PrincipalMatchKind } from '../../../src/core/policy/principal-matcher.js';
import * as reference from './reference-policy-evaluation.js';

/**
 * The speed path for resource policies (compiled once per caller, action and resource: its
 * context-free Resource matched and its Principal matched ahead of time) must say exactly what
 * the plain evaluation says, statement for statement: the same allow and deny bounds, the same
 * statements in the same order, the same problems, the same allows by principal kind. And both say
 * what the reference says, which visits every statement without the action index
 * (`reference-policy-evaluation.ts`). Seeded, so a failure replays. The whole engine is compared
 * with the reference in `fast-paths-equivalence.test.ts`.
 */
const KINDS: readonly PrincipalMatchKind[] = ['none', 'account', 'role', 'session', 'user', 'federated-user', 'service', 'wildcard', 'canonical', 'root', 'unique-id'] as PrincipalMatchKind[];

const CALLERS: readonly CallerIdentity[] = [
  { kind: 'user', accountId: '111111111111', partition: 'aws', arn: 'arn:aws:iam::111111111111:user/alice', uniqueId: 'AIDAALICE' },
  { kind: 'role-session', accountId: '222222222222', partition: 'aws', arn: 'arn:aws:sts::222222222222:assumed-role/ci/build', roleArn: 'arn:aws:iam::222222222222:role/ci', roleArnNoPath: 'arn:aws:iam::222222222222:role/ci', uniqueId: 'AROACI' },
  { kind: 'root', accountId: '111111111111', partition: 'aws', arn: 'arn:aws:iam::111111111111:root' },
  { kind: 'service', partition: 'aws', arn: 'sns.amazonaws.com', serviceName: 'sns.amazonaws.com' },
  { kind: 'anonymous', partition: 'aws', arn: '*' },
];

const principals = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: '111111111111' },
  { AWS: 'arn:aws:iam::222222222222:root' },
  { AWS: 'arn:aws:iam::222222222222:role/ci' },
  { AWS: ['arn:aws:iam::111111111111:user/alice', 'AROACI'] },
  { AWS: 'arn:aws:sts::222222222222:assumed-role/ci/build' },
  { Service: 'sns.amazonaws.com' },
  { AWS: 'arn:aws:iam::333333333333:user/*' },
  'arn:aws:iam::111111111111:root',
  { User: 'alice' },
);
const actions = fc.constantFrom<unknown>('s3:GetObject', 's3:*', 'S3:Get*', ['s3:PutObject', 'sqs:SendMessage'], '*', 'sqs:Send?essage', 'kms:Decrypt', '*:GetObject', 's3', ['s3:GetObject', '*:*']);
const resources = fc.constantFrom<unknown>(
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket/${aws:username}/*',
  'arn:aws:s3:::other/*',
  ['arn:aws:s3:::bucket/a*', 'arn:aws:sqs:us-east-1:111111111111:q'],
  'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*',
  'not an arn',
  5,
);
const conditions = fc.constantFrom<unknown>(
  undefined,
  { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
  { StringEquals: { 'sts:ExternalId': 'x' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringLike: { 'aws:username': 'a*' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringEqualsWeird: { 'aws:username': 'a' } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
);
const statement = fc.record(
  {
    Sid: fc.constantFrom(undefined, 'S1', 'S2'),
    Effect: fc.constantFrom<unknown>('Allow', 'Deny', 'Maybe'),
    principal: principals,
    notPrincipal: fc.boolean(),
    Action: actions,
    notAction: fc.boolean(),
    Resource: resources,
    notResource: fc.boolean(),
    Condition: conditions,
  },
  { requiredKeys: ['Effect', 'principal', 'Action', 'Resource'] },
).map((s) => {
  const out: Record<string, unknown> = { Effect: s.Effect };
  if (s.Sid !== undefined) out.Sid = s.Sid;
  out[s.notPrincipal ? 'NotPrincipal' : 'Principal'] = s.principal;
  out[s.notAction ? 'NotAction' : 'Action'] = s.Action;
  out[s.notResource ? 'NotResource' : 'Resource'] = s.Resource;
  if (s.Condition !== undefined) out.Condition = s.Condition;
  return out;
});

const contexts = fc.constantFrom(
  new MapContext(),
  new MapContext().set('aws:username', present('alice')).set('aws:principalorgid', present('o-abc')).set('aws:securetransport', present('true')),
  new MapContext(ABSENT).set('aws:principaltag/team', present('data')).set('aws:sourceip', present('10.1.2.3')).set('aws:tagkeys', present(['a'])),
);

function snapshot(e: PolicyEvaluation): unknown {
  return { allow: e.allow, deny: e.deny, statements: e.statements, problems: e.problems, byKind: KINDS.map((k) => [k, e.hasKind(k), e.allowOfKinds([k])]) };
}

describe('a prepared resource policy evaluates exactly as the plain one and the reference', () => {
  it('over random statements, callers, actions, resources and contexts (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...CALLERS),
        fc.constantFrom('s3:getobject', 's3:putobject', 'sqs:sendmessage', 'kms:decrypt'),
        fc.constantFrom('arn:aws:s3:::bucket/alice/report.csv', 'arn:aws:s3:::bucket/data/x', 'arn:aws:sqs:us-east-1:111111111111:q', 'arn:aws:s3:::other/k'),
        contexts,
        fc.boolean(),
        (statements, caller, action, resource, ctx, callerHasBoundary) => {
          const policy = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'resource', name: 'p' }, new DiagnosticBag());
          const req: MatchRequest = { caller, action, resource, ctx, callerHasBoundary };
          const plain = evaluatePolicy(policy, req);
          const prepared = evaluatePreparedPolicy(preparePolicy(policy, caller, action, resource, callerHasBoundary), req);
          expect(snapshot(prepared)).toEqual(snapshot(plain));
          expect(snapshot(plain)).toEqual(snapshot(reference.evaluatePolicy(policy, req)));
        },
      ),
      { seed: 20261128, numRuns: 3000 },
    );
  });

  it('an unusable document stays unusable on both paths', () => {
    const policy = parsePolicy('{not json', { kind: 'resource', name: 'broken' }, new DiagnosticBag());
    const req: MatchRequest = { caller: CALLERS[0]!, action: 's3:getobject', resource: 'arn:aws:s3:::bucket/x', ctx: new MapContext(), callerHasBoundary: false };
    expect(snapshot(evaluatePreparedPolicy(preparePolicy(policy, req.caller, req.action, req.resource, false), req))).toEqual(snapshot(evaluatePolicy(policy, req)));
    expect(evaluatePolicy(policy, req).problems.length).toBeGreaterThan(0);
  });
});
