import type { CompiledStatement, Policy } from './policy-types.js';

/** The condition keys S3 accepts as restricting a statement to fixed callers. */
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

const FIXED_VALUE_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'arnequals', 'arnlike', 'ipaddress', 'stringlike']);

/**
 * S3's definition of a public policy (docs/aws-authorization.md#s3-block-public-access): a policy is non-public only if every Allow
 * statement grants to fixed principals, or is restricted by a condition with fixed values on one
 * of the keys S3 accepts. One public statement makes the whole policy public.
 */
export function isPublicPolicy(policy: Policy): boolean {
  return policy.statements.some(isPublicStatement);
}

export function isPublicStatement(st: CompiledStatement): boolean {
  if (st.effect !== 'Allow' || !st.principal) return false;
  if (!st.principal.isWildcard && !st.principal.negated) return false;
  return !hasRestrictingCondition(st.raw);
}

function hasRestrictingCondition(raw: unknown): boolean {
  const cond = (raw as { Condition?: unknown } | null)?.Condition;
  if (!cond || typeof cond !== 'object') return false;
  for (const [op, block] of Object.entries(cond as Record<string, unknown>)) {
    const opName = op.toLowerCase();
    if (opName.startsWith('forallvalues:') || opName.endsWith('ifexists')) continue;
    if (!FIXED_VALUE_OPERATORS.has(opName.replace(/^foranyvalue:/, '')) || !block || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (!RESTRICTING_KEYS.has(key.toLowerCase())) continue;
      const values = Array.isArray(value) ? value : [value];
      if (values.length > 0 && values.every((v) => isFixed(key.toLowerCase(), String(v)))) return true;
    }
  }
  return false;
}

function isFixed(key: string, value: string): boolean {
  if (value.includes('${')) return false;
  if (key === 'aws:sourceip') return isNarrowCidr(value);
  if (key === 'aws:userid') return !value.includes('*') && !value.includes('?');
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
