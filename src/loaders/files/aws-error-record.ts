import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import type { JsonDoc } from './json-doc.js';

/**
 * An AWS error recorded in place of a command's output (snapshot-layout.md, "Absent is not
 * unknown"): `{"Error": {"Code": "NoSuchBucketPolicy", "Message": "…"}}`.
 */
export interface AwsErrorRecord {
  readonly code: string;
  readonly pointer: string;
}

export function awsErrorRecord(doc: JsonDoc): AwsErrorRecord | undefined {
  const root = doc.root.value;
  if (!isPlainObject(root) || !isPlainObject(root.Error)) return undefined;
  const code = root.Error.Code;
  return typeof code === 'string' ? { code, pointer: '/Error/Code' } : undefined;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'AuthorizationErrorException', 'Forbidden']);

/** Whether an error code means the collector was not allowed to read the data. */
export function isAccessDenied(code: string): boolean {
  return DENIED.has(code);
}
