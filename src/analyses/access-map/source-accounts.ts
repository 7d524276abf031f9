import { parseArn } from '../../core/arn/arn.js';
import type { ConditionBlock } from '../../core/decision/result.js';

const PINNING_OPERATORS = new Set(['stringequals', 'stringlike', 'arnequals', 'arnlike']);
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:sourceowner']);
const ARN_KEYS = new Set(['aws:sourcearn']);

/**
 * The accounts a service principal's conditions pin its source to (docs/aws-authorization.md#service-principal-confused-deputy: aws:SourceAccount,
 * aws:SourceArn). The conditions are a DNF: each block one way in. A way in that pins no source
 * account (no such key, a negated or …IfExists operator, an ARN without an account such as an S3
 * bucket's) lets the service act for any account: `any`.
 */
export function sourceAccountsOf(blocks: readonly ConditionBlock[], openWay = false): readonly string[] | 'any' {
  if (openWay || blocks.length === 0) return 'any';
  const accounts = new Set<string>();
  for (const block of blocks) {
    const pinned = pinnedAccounts(block);
    if (pinned === undefined) return 'any';
    for (const a of pinned) accounts.add(a);
  }
  return [...accounts].sort();
}

/** The accounts one conjunction pins the source to, or undefined when it pins none. */
function pinnedAccounts(block: ConditionBlock): string[] | undefined {
  let found: string[] | undefined;
  for (const [operator, keys] of Object.entries(block)) {
    if (!PINNING_OPERATORS.has(operator.toLowerCase()) || Array.isArray(keys) || typeof keys !== 'object') continue;
    for (const [key, raw] of Object.entries(keys)) {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
      const lower = key.toLowerCase();
      let accounts: string[] | undefined;
      if (ACCOUNT_KEYS.has(lower)) accounts = values.every((v) => /^\d{12}$/.test(v)) ? values : undefined;
      else if (ARN_KEYS.has(lower)) {
        const ids = values.map((v) => parseArn(v)?.account ?? '');
        accounts = ids.every((a) => /^\d{12}$/.test(a)) ? ids : undefined;
      }
      // Two pinning keys in one way in: the source must satisfy both, so the narrower set stands.
      if (accounts) found = found ? found.filter((a) => accounts!.includes(a)) : accounts;
    }
  }
  return found;
}
