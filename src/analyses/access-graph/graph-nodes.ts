import { isAccountId, parseArn } from '../../core/arn/arn.js';
import type { Estate, IdentityProvider, Role, User } from '../../core/model/estate.js';
import type { GraphNode } from './graph-types.js';

/** The node id of "any AWS principal" (`*` in a trust policy) and of anonymous callers. */
export const PUBLIC_ID = '*';

export const PUBLIC_NODE: GraphNode = { id: PUBLIC_ID, kind: 'public', label: 'anyone', permissionsUnknown: true };

export function principalNode(estate: Estate, p: User | Role): GraphNode {
  return { id: p.arn, kind: p.kind, accountId: p.accountId, label: `${accountLabel(estate, p.accountId)}/${p.kind}/${p.name}` };
}

export function providerNode(estate: Estate, accountId: string, provider: IdentityProvider): GraphNode {
  const name = provider.arn.slice(provider.arn.indexOf('provider/') + 'provider/'.length);
  return { id: provider.arn, kind: 'provider', accountId, label: `${accountLabel(estate, accountId)}/${provider.kind}-provider/${name}` };
}

export function serviceNode(service: string): GraphNode {
  return { id: service, kind: 'service', label: service };
}

/** A principal the estate does not describe: named in a trust policy, its own permissions unknown. */
export function outsideNode(arn: string): GraphNode {
  const parsed = parseArn(arn);
  const accountId = parsed && isAccountId(parsed.account) ? parsed.account : undefined;
  const isAccount = parsed?.service === 'iam' && parsed.resource === 'root';
  const label = isAccount ? `any principal of ${accountId}` : `${accountId ?? '?'}/${parsed?.resource ?? arn}`;
  return { id: arn, kind: 'outside', ...(accountId ? { accountId } : {}), label, permissionsUnknown: true };
}

export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** `prod` for 444444444444 when the account is named, else the id. */
export function accountLabel(estate: Estate, accountId: string): string {
  const name = estate.accounts.get(accountId)?.name;
  if (!name) return accountId;
  const short = name.split(/\s+\(/)[0]!.trim();
  return short === '' ? accountId : short;
}

/** The user or role of the estate an ARN names (a role-session ARN names its role). */
export function findPrincipal(estate: Estate, arn: string): User | Role | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  const account = estate.accounts.get(parsed.account);
  if (!account?.iamCollected) return undefined;
  const r = parsed.resource;
  if (parsed.service === 'iam' && r.startsWith('user/')) return account.users.get(r.slice(r.lastIndexOf('/') + 1));
  if (parsed.service === 'iam' && r.startsWith('role/')) return account.roles.get(r.slice(r.lastIndexOf('/') + 1));
  if (parsed.service === 'sts' && r.startsWith('assumed-role/')) return account.roles.get(r.split('/')[1] ?? '');
  return undefined;
}

/** The identity provider of the estate an ARN names. */
export function findProvider(estate: Estate, arn: string): { accountId: string; provider: IdentityProvider } | undefined {
  const accountId = parseArn(arn)?.account;
  const account = accountId !== undefined ? estate.accounts.get(accountId) : undefined;
  const provider = account?.identityProviders.find((p) => p.arn === arn);
  return provider && accountId !== undefined ? { accountId, provider } : undefined;
}

/** Whether an account's principals are described by the estate (collected IAM). */
export function isDescribedAccount(estate: Estate, accountId: string): boolean {
  return estate.accounts.get(accountId)?.iamCollected === true;
}
