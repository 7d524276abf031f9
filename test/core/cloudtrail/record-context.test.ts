import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord, CloudTrailUserIdentity } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { globalContextOfRecord } from '../../../src/core/cloudtrail/record-context.js';

/** Global condition keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html */
const KEYS = 'reference_policies_condition-keys';
const USER: CloudTrailUserIdentity = { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/a', accountId: '111111111111' };
const SESSION: CloudTrailUserIdentity = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111111111111:assumed-role/r/s',
  sessionContext: { attributes: { mfaAuthenticated: 'false' }, sessionIssuer: { arn: 'arn:aws:iam::111111111111:role/r' } },
};

function record(over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return { eventTime: '2026-11-01T10:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'GetObject', awsRegion: 'eu-west-1', userIdentity: USER, ...over };
}

describe('globalContextOfRecord: one key at a time', () => {
  it.each([
    { rule: `${KEYS}#aws:CurrentTime — ISO 8601 from eventTime`, rec: record(), key: 'aws:CurrentTime', value: '2026-11-01T10:00:00Z' },
    { rule: `${KEYS}#aws:CurrentTime — milliseconds are kept when present`, rec: record({ eventTime: '2026-11-01T10:00:00.250Z' }), key: 'aws:CurrentTime', value: '2026-11-01T10:00:00.250Z' },
    { rule: `${KEYS}#aws:EpochTime — seconds since the epoch`, rec: record(), key: 'aws:EpochTime', value: String(Date.UTC(2026, 10, 1, 10) / 1000) },
    { rule: `${KEYS}#aws:RequestedRegion — awsRegion`, rec: record(), key: 'aws:RequestedRegion', value: 'eu-west-1' },
    { rule: `${KEYS}#aws:RequestedRegion — unknown without awsRegion`, rec: record({ awsRegion: undefined }), key: 'aws:RequestedRegion', value: undefined },
    { rule: `${KEYS}#aws:SourceIp — an IPv4 address`, rec: record({ sourceIPAddress: '203.0.113.7' }), key: 'aws:SourceIp', value: '203.0.113.7' },
    { rule: `${KEYS}#aws:SourceIp — an IPv6 address`, rec: record({ sourceIPAddress: '2001:db8::1' }), key: 'aws:SourceIp', value: '2001:db8::1' },
    { rule: `${KEYS}#aws:SourceIp — a service name (s3.amazonaws.com) is no address`, rec: record({ sourceIPAddress: 's3.amazonaws.com' }), key: 'aws:SourceIp', value: undefined },
    { rule: `${KEYS}#aws:SourceIp — "AWS Internal" is no address`, rec: record({ sourceIPAddress: 'AWS Internal' }), key: 'aws:SourceIp', value: undefined },
    { rule: `${KEYS}#aws:SourceIp — an octet over 255 is no address`, rec: record({ sourceIPAddress: '999.1.1.1' }), key: 'aws:SourceIp', value: undefined },
    { rule: `${KEYS}#aws:SourceVpce — vpcEndpointId`, rec: record({ vpcEndpointId: 'vpce-0abc' }), key: 'aws:SourceVpce', value: 'vpce-0abc' },
    { rule: `${KEYS}#aws:SourceVpce — no endpoint id: absent from the request (null)`, rec: record(), key: 'aws:SourceVpce', value: null },
    { rule: `${KEYS}#aws:SecureTransport — tlsDetails present means TLS`, rec: record({ tlsDetails: { tlsVersion: 'TLSv1.3' } }), key: 'aws:SecureTransport', value: 'true' },
    { rule: `${KEYS}#aws:SecureTransport — no tlsDetails: unknown`, rec: record(), key: 'aws:SecureTransport', value: undefined },
    {
      rule: `${KEYS}#aws:MultiFactorAuthPresent — sessionContext.attributes.mfaAuthenticated true`,
      rec: record({ userIdentity: { ...USER, sessionContext: { attributes: { mfaAuthenticated: 'true' } } } }),
      key: 'aws:MultiFactorAuthPresent',
      value: 'true',
    },
    { rule: `${KEYS}#aws:MultiFactorAuthPresent — session without MFA: false`, rec: record({ userIdentity: SESSION }), key: 'aws:MultiFactorAuthPresent', value: 'false' },
    { rule: `${KEYS}#aws:MultiFactorAuthPresent — long-term IAMUser keys carry no key (null)`, rec: record(), key: 'aws:MultiFactorAuthPresent', value: null },
    {
      rule: `${KEYS}#aws:MultiFactorAuthPresent — long-term Root keys carry no key (null)`,
      rec: record({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::111111111111:root' } }),
      key: 'aws:MultiFactorAuthPresent',
      value: null,
    },
    {
      rule: `${KEYS}#aws:MultiFactorAuthPresent — a session without the attribute: unknown`,
      rec: record({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111111111111:assumed-role/r/s', sessionContext: {} } }),
      key: 'aws:MultiFactorAuthPresent',
      value: undefined,
    },
    {
      rule: `${KEYS}#aws:SourceIdentity — the session's sourceIdentity`,
      rec: record({ userIdentity: { ...SESSION, sessionContext: { ...SESSION.sessionContext, sourceIdentity: 'alice' } } }),
      key: 'aws:SourceIdentity',
      value: 'alice',
    },
    { rule: `${KEYS}#aws:SourceIdentity — an AssumedRole session without one: null`, rec: record({ userIdentity: SESSION }), key: 'aws:SourceIdentity', value: null },
    { rule: `${KEYS}#aws:SourceIdentity — not set for an IAM user`, rec: record(), key: 'aws:SourceIdentity', value: undefined },
    { rule: `${KEYS}#aws:ViaAWSService — invokedBy means a service made the call`, rec: record({ userIdentity: { ...USER, invokedBy: 'athena.amazonaws.com' } }), key: 'aws:ViaAWSService', value: 'true' },
    { rule: `${KEYS}#aws:ViaAWSService — a direct call`, rec: record(), key: 'aws:ViaAWSService', value: 'false' },
  ])('$rule', ({ rec, key, value }) => {
    const ctx = globalContextOfRecord(rec);
    if (value === undefined) expect(ctx).not.toHaveProperty([key]);
    else expect(ctx[key]).toEqual(value);
  });
});

describe('globalContextOfRecord: AWSService callers', () => {
  it.each([
    {
      rule: `${KEYS}: a service principal's call gets only time and region (no network, MFA or session keys)`,
      rec: record({ userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' }, sourceIPAddress: '203.0.113.7', vpcEndpointId: 'vpce-1', tlsDetails: { tlsVersion: 'TLSv1.2' } }),
    },
  ])('$rule', ({ rec }) => {
    expect(globalContextOfRecord(rec)).toEqual({
      'aws:CurrentTime': '2026-11-01T10:00:00Z',
      'aws:EpochTime': String(Date.UTC(2026, 10, 1, 10) / 1000),
      'aws:RequestedRegion': 'eu-west-1',
    });
  });
});
