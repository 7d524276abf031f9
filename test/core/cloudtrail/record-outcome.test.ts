import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import { isDenialCode, outcomeOfRecord } from '../../../src/core/cloudtrail/record-outcome.js';

/**
 * Rules: CloudTrail record contents (`errorCode` absent on success,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html);
 * access-denied error codes (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
function record(errorCode?: string | null): CloudTrailRecord {
  return {
    eventTime: '2026-11-01T10:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/a' },
    ...(errorCode !== undefined ? { errorCode: errorCode as string } : {}),
  };
}

describe('outcomeOfRecord: success', () => {
  it.each([
    { rule: 'record-contents: errorCode absent → the call succeeded', code: undefined },
    { rule: 'record-contents: errorCode empty string → treated as no error', code: '' },
    { rule: 'record-contents: errorCode null (as some exports write it) → no error', code: null },
  ])('$rule', ({ code }) => {
    expect(outcomeOfRecord(record(code))).toEqual({ kind: 'allowed' });
  });
});

describe('outcomeOfRecord: authorization refusals', () => {
  it.each([
    { code: 'AccessDenied', rule: 'S3/STS AccessDenied (troubleshoot_access-denied)' },
    { code: 'AccessDeniedException', rule: 'KMS, Secrets Manager, Lambda AccessDeniedException' },
    { code: 'Client.AccessDenied', rule: 'Client.-prefixed AccessDenied' },
    { code: 'AWS.SimpleQueueService.AccessDenied', rule: 'SQS query-API AccessDenied' },
    { code: 'AuthorizationError', rule: 'SNS AuthorizationError' },
    { code: 'AuthorizationErrorException', rule: 'SNS JSON AuthorizationErrorException' },
    { code: 'UnauthorizedOperation', rule: 'EC2-style UnauthorizedOperation' },
    { code: 'Client.UnauthorizedOperation', rule: 'EC2 Client.UnauthorizedOperation' },
    { code: 'UnauthorizedAccess', rule: 'UnauthorizedAccess' },
    { code: 'Forbidden', rule: 'HTTP 403 Forbidden' },
  ])('$code → denied ($rule)', ({ code }) => {
    expect(outcomeOfRecord(record(code))).toEqual({ kind: 'denied', errorCode: code });
    expect(isDenialCode(code)).toBe(true);
  });
});

describe('outcomeOfRecord: other errors say nothing about authorization', () => {
  it.each([
    { code: 'NoSuchKey', rule: 'S3 missing object: the request was authorized' },
    { code: 'ThrottlingException', rule: 'throttling' },
    { code: 'ExpiredToken', rule: 'STS expired credentials: authentication, not authorization' },
    { code: 'InvalidClientTokenId', rule: 'bad access key id: authentication, not authorization' },
    { code: 'accessdenied', rule: 'codes are matched exactly (case-sensitive)' },
  ])('$code → other-error ($rule)', ({ code }) => {
    expect(outcomeOfRecord(record(code))).toEqual({ kind: 'other-error', errorCode: code });
    expect(isDenialCode(code)).toBe(false);
  });
});
