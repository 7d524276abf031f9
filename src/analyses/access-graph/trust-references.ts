import { isAccountId, parseArn } from '../../core/arn/arn.js';
import type { Role } from '../../core/model/estate.js';
import type { CompiledStatement } from '../../core/policy/policy-types.js';

/**
 * What a trust policy statement names, as keys the graph can look up both ways: from a role to the
 * principals it trusts, and from a principal to the roles that trust it.
 */
export type TrustReference =
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'account'; readonly accountId: string; readonly partition: string }
  | { readonly kind: 'principal'; readonly arn: string; readonly accountId: string }
  | { readonly kind: 'unique-id'; readonly id: string }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'federated'; readonly provider: string };

const ASSUME_ACTIONS = ['sts:assumerole', 'sts:assumerolewithwebidentity', 'sts:assumerolewithsaml'];

/** Allow statements of the trust policy that allow some kind of AssumeRole. */
export function assumeStatements(role: Role): CompiledStatement[] {
  const trust = role.trustPolicy;
  if (!trust || trust.unusable) return [];
  return trust.statements.filter((s) => s.effect === 'Allow' && s.principal && !s.principal.negated && ASSUME_ACTIONS.some((a) => s.action.test(a)));
}

/** Every principal the statement names, as references (partial wildcards name nothing, docs/aws-authorization.md#condition-key-case). */
export function referencesOf(statement: CompiledStatement): TrustReference[] {
  const out: TrustReference[] = [];
  for (const { type, value } of statement.principal?.entries ?? []) {
    const ref = referenceOf(type, value);
    if (ref) out.push(ref);
  }
  return out;
}

function referenceOf(type: string, value: string): TrustReference | undefined {
  if (type === 'Service') return value.includes('*') ? undefined : { kind: 'service', service: value.toLowerCase() };
  if (type === 'Federated') return { kind: 'federated', provider: value };
  if (type !== 'AWS') return undefined;
  if (value === '*') return { kind: 'wildcard' };
  if (/[*?]/.test(value)) return undefined;
  if (isAccountId(value)) return { kind: 'account', accountId: value, partition: 'aws' };
  if (/^AROA|^AIDA/.test(value)) return { kind: 'unique-id', id: value };
  const arn = parseArn(value);
  if (!arn || !isAccountId(arn.account)) return undefined;
  if (arn.service === 'iam' && arn.resource === 'root') return { kind: 'account', accountId: arn.account, partition: arn.partition };
  if (arn.service === 'iam' && (arn.resource.startsWith('role/') || arn.resource.startsWith('user/'))) return { kind: 'principal', arn: value, accountId: arn.account };
  return undefined;
}

/** The lookup key of a reference in the trust index. */
export function referenceKey(ref: TrustReference): string {
  switch (ref.kind) {
    case 'wildcard':
      return '*';
    case 'account':
      return `account:${ref.accountId}`;
    case 'principal':
      return `arn:${ref.arn}`;
    case 'unique-id':
      return `id:${ref.id}`;
    case 'service':
      return `service:${ref.service}`;
    case 'federated':
      return `federated:${ref.provider}`;
  }
}
