import type { CloudTrailRecord } from './cloudtrail-record.js';

/**
 * What AWS answered, as far as authorization goes:
 * - `allowed`: the call succeeded (no `errorCode`);
 * - `denied`: the error is an authorization refusal;
 * - `other-error`: any other error (a missing object, throttling, a bad signature, an expired token):
 *   the record does not say what authorization would have answered, so it is not compared.
 */
export type RecordOutcome = { readonly kind: 'allowed' } | { readonly kind: 'denied'; readonly errorCode: string } | { readonly kind: 'other-error'; readonly errorCode: string };

/**
 * The error codes by which the modelled services refuse a request for lack of permission: the
 * `AccessDenied` family (S3, STS, SQS), `AccessDeniedException` (KMS, Secrets Manager, Lambda),
 * `AuthorizationError` (SNS) and `UnauthorizedOperation` (EC2-style).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
const DENIAL_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.AccessDenied',
  'AWS.SimpleQueueService.AccessDenied',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedAccess',
  'Forbidden',
]);

export function outcomeOfRecord(record: CloudTrailRecord): RecordOutcome {
  const code = record.errorCode;
  if (code === undefined || code === null || code === '') return { kind: 'allowed' };
  return DENIAL_CODES.has(code) ? { kind: 'denied', errorCode: code } : { kind: 'other-error', errorCode: code };
}

/** Whether an error code is one the outcome reads as an authorization refusal (for the generator and docs). */
export function isDenialCode(code: string): boolean {
  return DENIAL_CODES.has(code);
}
