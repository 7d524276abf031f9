import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';
import { sidsOf, statementsOf, withStatementAdded, withStatementList } from '../../../src/core/policy/edit-policy-document.js';
import { minimalAllowStatement, statementSid } from '../../../src/core/policy/minimal-statement.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';

describe('minimalAllowStatement: the smallest statement that allows one request', () => {
  it.each([
    [
      'an identity statement: no Principal, the exact action and resource',
      { sid: 'AllowS3GetObject', actions: ['s3:GetObject'], resource: 'arn:aws:s3:::b/k' },
      { Sid: 'AllowS3GetObject', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k' },
      'identity',
    ],
    [
      'a key policy statement with kms:ViaService (docs/aws-authorization.md#kms-via-service)',
      { sid: 'K', principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, actions: ['kms:Decrypt'], resource: '*', condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
      { Sid: 'K', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
      'key',
    ],
    [
      'a trust statement: no Resource (docs/aws-authorization.md#policy-elements-by-type)',
      { sid: 'T', principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, actions: ['sts:AssumeRole'] },
      { Sid: 'T', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, Action: 'sts:AssumeRole' },
      'trust',
    ],
    [
      'several actions become a list; an empty condition is left out',
      { sid: 'Q', principal: { Service: 'sns.amazonaws.com' }, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resource: '*', condition: {} },
      { Sid: 'Q', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' },
      'key',
    ],
  ] as const)('%s', (_what, input, expected, kind) => {
    const statement = minimalAllowStatement(input);
    expect(statement).toEqual(expected);
    const bag = new DiagnosticBag();
    parsePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind, name: 'p' }, bag);
    expect(bag.items).toEqual([]);
  });
});

describe('statementSid: letters and digits only, unique in its policy', () => {
  it.each<[string[], string[], string]>([
    [['Allow', 'ml-training', 'kms:Decrypt'], [], 'AllowMlTrainingKmsDecrypt'],
    [['Allow', 's3:GetObject'], ['AllowS3GetObject'], 'AllowS3GetObject2'],
    [['Allow', 's3:GetObject'], ['AllowS3GetObject', 'AllowS3GetObject2'], 'AllowS3GetObject3'],
    [['', '--'], [], 'Statement'],
  ])('%j with %j taken → %s', (words, taken, sid) => {
    expect(statementSid(words, new Set(taken))).toBe(sid);
  });
});

describe('policy document edits leave the original alone', () => {
  it('adds to a single-object Statement and to a list', () => {
    const single = { Version: '2012-10-17', Statement: { Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' } };
    const added = withStatementAdded(single, { Sid: 'B' });
    expect(statementsOf(added)).toEqual([single.Statement, { Sid: 'B' }]);
    expect(single.Statement).toEqual({ Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' });
    expect(sidsOf(added)).toEqual(new Set(['A', 'B']));
  });

  it('a document without Version gets 2012-10-17; no document is an empty policy', () => {
    expect(withStatementList({ Statement: [] }, [{ Sid: 'X' }])).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'X' }] });
    expect(withStatementAdded(undefined, { Sid: 'X' })).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'X' }] });
  });
});
