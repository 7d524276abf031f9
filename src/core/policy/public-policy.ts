import type { ConditionTest } from '../condition/evaluate-condition.js';
import type { CompiledStatement, Policy } from './policy-types.js';

/** The condition keys S3 accepts as restricting a statement to fixed callers, lowercased as compiled tests hold them. */
const RESTRICTING_KEYS = new Set([
  'aws:principalorgid',
  'aws:sourceip',
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:principalarn',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

/** The operators whose fixed values restrict a statement, by their AWS names (`parseOperatorName`). */
const FIXED_VALUE_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'ArnEquals', 'ArnLike', 'IpAddress', 'StringLike']);

/**
 * S3's definition of a public policy (docs/aws-authorization.md#s3-block-public-access): a policy is non-public only if every Allow
 * statement grants to fixed principals, or is restricted by a condition with fixed values on one
 * of the keys S3 accepts. One public statement makes the whole policy public.
 */
export function isPublicPolicy(policy: Policy): boolean {
  return policy.statements.some(isPublicStatement);
}

/**
 * An Allow to `*` (or a NotPrincipal) that no condition restricts (docs/aws-authorization.md#s3-block-public-access). The condition
 * of a broken statement restricts nothing: the parser left out the tests it could not read, so
 * what remains is no proof that the statement is non-public.
 */
export function isPublicStatement(st: CompiledStatement): boolean {
  if (st.effect !== 'Allow' || !st.principal) return false;
  if (!st.principal.isWildcard && !st.principal.negated) return false;
  return st.broken !== undefined || !hasRestrictingCondition(st);
}

function hasRestrictingCondition(st: CompiledStatement): boolean {
  return st.condition?.tests.some(isRestrictingTest) ?? false;
}

/**
 * A fixed-value operator on one of S3's keys, every value fixed. `ForAllValues:` and `…IfExists`
 * hold when the key is missing, so they restrict nothing; `ForAnyValue:` does.
 */
function isRestrictingTest(t: ConditionTest): boolean {
  if (t.qualifier === 'ForAllValues' || t.ifExists) return false;
  if (!FIXED_VALUE_OPERATORS.has(t.definition.name) || !RESTRICTING_KEYS.has(t.key)) return false;
  return t.valuesAsWritten.length > 0 && t.valuesAsWritten.every((v) => isFixed(t.key, v));
}

/**
 * A policy variable stands for each caller's own value, and a wildcard for many: neither is fixed.
 * `${` counts as a variable whatever the policy's Version (the compiled test holds a template only
 * under 2012-10-17).
 */
function isFixed(key: string, value: string): boolean {
  if (value.includes('${')) return false;
  if (key === 'aws:sourceip') return isNarrowCidr(value);
  return !value.includes('*') && !value.includes('?');
}

/** CIDRs no broader than /8 (IPv4) or /32 (IPv6) keep a policy non-public (docs/aws-authorization.md#s3-block-public-access). */
function isNarrowCidr(value: string): boolean {
  const [addr, prefixText] = value.split('/');
  if (!addr) return false;
  const isV6 = addr.includes(':');
  const prefix = prefixText === undefined ? (isV6 ? 128 : 32) : Number(prefixText);
  if (!Number.isInteger(prefix)) return false;
  return isV6 ? prefix >= 32 : prefix >= 8;
}
