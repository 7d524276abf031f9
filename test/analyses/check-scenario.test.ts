import { describe, expect, it } from 'vitest';
import { checkScenario, outcomeOf, sameResidual } from '../../src/analyses/check-scenario.js';
import type { ConditionBlock, Decision, DecisionKind } from '../../src/core/decision/result.js';
import type { ScenarioRequest } from '../../src/loaders/scenario/scenario-types.js';

const request = (fields: Partial<ScenarioRequest> = {}): ScenarioRequest => ({
  name: 'r',
  principal: 'anonymous',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  ...fields,
});

const decision = (kind: DecisionKind, residual: ConditionBlock[] = []): Decision => ({
  principal: 'anonymous',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  crossAccount: false,
  decision: kind,
  gates: [],
  residual,
  missing: [],
  assumptions: [],
  hops: [],
});

const EXTERNAL_ID = { StringEquals: { 'sts:ExternalId': 'acme' } };
const SOURCE_IP = { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } };

describe('residuals compare as sets of alternatives (scenario-format.md: `expect: Conditional`)', () => {
  it.each<[string, ConditionBlock[], ConditionBlock[], boolean]>([
    ['same single alternative', [EXTERNAL_ID], [EXTERNAL_ID], true],
    ['alternatives in another order', [EXTERNAL_ID, SOURCE_IP], [SOURCE_IP, EXTERNAL_ID], true],
    ['values in another order', [{ IpAddress: { 'aws:SourceIp': ['192.168.0.0/16', '10.0.0.0/8'] } }], [SOURCE_IP], true],
    ['one value written as a string or a list', [{ StringEquals: { 'sts:ExternalId': ['acme'] } }], [EXTERNAL_ID], true],
    ['condition key names in another case (docs/aws-authorization.md#condition-key-case)', [{ StringEquals: { 'STS:externalid': 'acme' } }], [EXTERNAL_ID], true],
    ['operators of one alternative in another order', [{ ...EXTERNAL_ID, ...SOURCE_IP }], [{ ...SOURCE_IP, ...EXTERNAL_ID }], true],
    ['a repeated alternative', [EXTERNAL_ID, EXTERNAL_ID], [EXTERNAL_ID], true],
    ['Not blocks compare inside', [{ Not: EXTERNAL_ID }], [{ Not: { StringEquals: { 'sts:externalid': ['acme'] } } }], true],
    ['another value', [{ StringEquals: { 'sts:ExternalId': 'other' } }], [EXTERNAL_ID], false],
    ['one alternative missing', [EXTERNAL_ID], [EXTERNAL_ID, SOURCE_IP], false],
    ['an AND is not an OR', [{ ...EXTERNAL_ID, ...SOURCE_IP }], [EXTERNAL_ID, SOURCE_IP], false],
    ['values are case-sensitive', [{ StringEquals: { 'sts:ExternalId': 'ACME' } }], [EXTERNAL_ID], false],
  ])('%s', (_, a, b, same) => {
    expect(sameResidual(a, b)).toBe(same);
    expect(sameResidual(b, a)).toBe(same);
  });
});

describe('outcome of a request', () => {
  it.each<[string, Partial<ScenarioRequest>, Decision, string]>([
    ['no expect: unchecked', {}, decision('Allow'), 'unchecked'],
    ['same decision: pass', { expect: 'ExplicitDeny' }, decision('ExplicitDeny'), 'pass'],
    ['other decision: fail', { expect: 'Allow' }, decision('ImplicitDeny'), 'fail'],
    ['Conditional without expectResidual: decision alone', { expect: 'Conditional' }, decision('Conditional', [EXTERNAL_ID]), 'pass'],
    ['Conditional with the same residual', { expect: 'Conditional', expectResidual: [EXTERNAL_ID] }, decision('Conditional', [EXTERNAL_ID]), 'pass'],
    ['Conditional with another residual', { expect: 'Conditional', expectResidual: [SOURCE_IP] }, decision('Conditional', [EXTERNAL_ID]), 'fail'],
  ])('%s', (_, fields, d, outcome) => {
    expect(outcomeOf(request(fields), d)).toBe(outcome);
  });

  it('an engine failure on one request is an invalid request with a diagnostic, and the others are still checked', () => {
    const report = checkScenario([request({ name: 'boom', expect: 'Allow' }), request({ name: 'fine', expect: 'Allow' })], (r) => {
      if (r.name === 'boom') throw new Error('kaput');
      return decision('Allow');
    });
    expect([report.passed, report.failed, report.unchecked, report.invalid]).toEqual([1, 0, 0, 1]);
    expect(report.results[0]?.outcome).toBe('invalid');
    expect(report.results[0]?.error).toBe('kaput');
    expect(report.diagnostics.map((d) => d.code)).toEqual(['check/evaluation-failed']);
  });
});
