import { parseArn } from '../arn/arn.js';
import { isPlainObject } from './decode-policy-document.js';
import type { DiagnosticCode } from '../diagnostic-codes.js';

/**
 * Checks of single values inside a statement, each against the form AWS accepts: action names,
 * resource ARNs, principals (docs/aws-authorization.md#condition-key-case, #principal-element-forms), and the shape of `RCPFullAWSAccess` (docs/aws-authorization.md#rcp-does-not-grant).
 * Each returns the problem as data; the statement compiler reports it.
 */

/** `service:name`, wildcards allowed in the name only (docs/aws-authorization.md#condition-key-case). */
export const ACTION_PATTERN = /^([A-Za-z0-9-]+):([A-Za-z0-9*?-]+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const UNIQUE_ID = /^(AIDA|AROA|AIPA|ANPA|ANVA|ASIA|AGPA)[A-Z0-9]{12,}$/;

export interface Problem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly help?: string;
}

/** A partition segment with wildcards (`arn:*:iam::*:role/x`, as AWS's own Quick Setup policies write). */
const WILDCARD_PARTITION = /^arn:[a-z0-9-]*[*?][a-z0-9*?-]*:/;

/** docs/aws-authorization.md#condition-key-case: `*` or an ARN; wildcards allowed in every segment but the service. */
export function resourceProblem(resource: string): Problem | undefined {
  if (resource === '*') return undefined;
  const arn = parseArn(resource) ?? parseArn(resource.replace(WILDCARD_PARTITION, 'arn:aws:'));
  if (!arn) {
    return { code: 'policy/malformed-arn', message: `\`${clip(resource)}\` is not an ARN`, help: 'write `*` or `arn:partition:service:region:account:resource`' };
  }
  if (/[*?]/.test(arn.service)) {
    return { code: 'policy/resource-service-wildcard', message: `\`${clip(resource)}\` has a wildcard in its service segment`, help: 'AWS allows wildcards in every ARN segment except the service (docs/aws-authorization.md#condition-key-case)' };
  }
  return undefined;
}

/** docs/aws-authorization.md#principal-element-forms forms and docs/aws-authorization.md#condition-key-case (no partial wildcards); `'unique-id'` for AIDA… / AROA… ids (docs/aws-authorization.md#principal-unique-id). */
export function principalProblem(type: string, value: string): Problem | 'unique-id' | undefined {
  if (value === '') return { code: 'policy/invalid-principal', message: `empty \`${type}\` principal` };
  if (type === 'AWS') return awsPrincipalProblem(value);
  if (value === '*' && type === 'Service') return undefined;
  if (/[*?]/.test(value)) return partialWildcard(value);
  if (/\s/.test(value)) return { code: 'policy/invalid-principal', message: `\`${clip(value)}\` is not a valid \`${type}\` principal` };
  return undefined;
}

function awsPrincipalProblem(value: string): Problem | 'unique-id' | undefined {
  if (value === '*' || ACCOUNT_ID.test(value)) return undefined;
  if (UNIQUE_ID.test(value)) return 'unique-id';
  if (/[*?]/.test(value)) return partialWildcard(value);
  const arn = parseArn(value);
  const invalid: Problem = {
    code: 'policy/invalid-principal',
    message: `\`${clip(value)}\` is not an AWS principal`,
    help: 'write `*`, a 12-digit account id, an IAM user, role or root ARN, an STS session ARN, or a unique id (docs/aws-authorization.md#principal-element-forms)',
  };
  if (!arn || !ACCOUNT_ID.test(arn.account)) return invalid;
  if (arn.service === 'iam' && (arn.resource === 'root' || /^(user|role)\/./.test(arn.resource))) return undefined;
  if (arn.service === 'sts' && /^(assumed-role\/[^/]+\/.|federated-user\/.)/.test(arn.resource)) return undefined;
  if (arn.service === 'iam' && arn.resource.startsWith('group/')) {
    return { ...invalid, message: `\`${clip(value)}\` names a group`, help: 'groups cannot be principals: name its users, or the account (docs/aws-authorization.md#principal-element-forms)' };
  }
  return invalid;
}

function partialWildcard(value: string): Problem {
  return {
    code: 'policy/principal-partial-wildcard',
    message: `\`${clip(value)}\` uses a wildcard inside a principal`,
    help: 'AWS does not match part of a principal name or ARN with a wildcard; use `*` with an `aws:PrincipalArn` condition instead (docs/aws-authorization.md#condition-key-case)',
  };
}

/** `RCPFullAWSAccess`: `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}` (docs/aws-authorization.md#rcp-does-not-grant). */
export function isRcpFullAccessStatement(raw: Readonly<Record<string, unknown>>): boolean {
  const isStar = (v: unknown): boolean => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  const keys = Object.keys(raw).filter((k) => k !== 'Sid');
  return (
    keys.length === 4 &&
    raw.Effect === 'Allow' &&
    isStar(raw.Action) &&
    isStar(raw.Resource) &&
    (raw.Principal === '*' || (isPlainObject(raw.Principal) && Object.keys(raw.Principal).length === 1 && isStar(raw.Principal.AWS)))
  );
}

/** Whether any value of an operator → key → value(s) block holds `${…}` (shallow: blocks are two levels deep). */
export function conditionUsesVariables(block: unknown): boolean {
  if (!isPlainObject(block)) return false;
  for (const keys of Object.values(block)) {
    if (!isPlainObject(keys)) continue;
    for (const values of Object.values(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (list.some((v) => typeof v === 'string' && v.includes('${'))) return true;
    }
  }
  return false;
}

export function caseHint(key: string, known: readonly string[]): string | undefined {
  const match = known.find((k) => k.toLowerCase() === key.toLowerCase());
  return match === undefined ? undefined : `element names are case-sensitive: did you mean \`${match}\`?`;
}

/** User input in messages is cut short: a value may be megabytes long. */
export function clip(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
