import { parseArn } from '../arn/arn.js';
import type { Account, Estate, Role, User } from '../model/estate.js';
import type { CallerIdentity } from '../policy/principal-matcher.js';
import { tables } from './engine-cache.js';

/** The caller of a request, resolved against the estate. */
export interface ResolvedCaller {
  readonly identity: CallerIdentity;
  /** The caller's account, when it is in the estate. */
  readonly account?: Account;
  readonly user?: User;
  readonly role?: Role;
  /** Federated-user sessions: the IAM user that called GetFederationToken. */
  readonly issuer?: User;
  /** The session name for role sessions. */
  readonly sessionName?: string;
  /** Why the caller could not be resolved; the answer is then Unknown. */
  readonly problem?: string;
}

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/i;

export function isServicePrincipal(principal: string): boolean {
  return SERVICE_PRINCIPAL.test(principal);
}

export function resolveCaller(estate: Estate, principal: string, sessionIssuer?: string): ResolvedCaller {
  const key = sessionIssuer === undefined ? principal : `${principal}\u0000${sessionIssuer}`;
  return tables.callers.get(estate, key, resolveUncached, { principal, sessionIssuer });
}

function resolveUncached(estate: Estate, _key: string, { principal, sessionIssuer }: { principal: string; sessionIssuer: string | undefined }): ResolvedCaller {
  if (principal === 'anonymous' || principal === '*') {
    return { identity: { kind: 'anonymous', partition: estate.partition, arn: 'anonymous' } };
  }
  if (isServicePrincipal(principal)) {
    return {
      identity: { kind: 'service', partition: estate.partition, arn: principal, serviceName: principal.toLowerCase() },
    };
  }
  const arn = parseArn(principal);
  if (!arn || !/^\d{12}$/.test(arn.account)) {
    return {
      identity: { kind: 'anonymous', partition: estate.partition, arn: principal },
      problem: `\`${principal}\` is not a principal trustmap understands (an IAM user, role or session ARN, an account root, a federated user, an identity provider, a service principal or \`anonymous\`)`,
    };
  }
  const account = estate.accounts.get(arn.account);
  const base = { partition: arn.partition, accountId: arn.account };
  const known = account?.iamCollected ? account : undefined;
  const canonical = account?.canonicalId !== undefined ? { canonicalId: account.canonicalId } : {};

  if (arn.service === 'iam' && arn.resource === 'root') {
    return withAccount({ identity: { ...base, ...canonical, kind: 'root', arn: principal } }, account);
  }
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    const name = lastSegment(arn.resource);
    const user = known?.users.get(name);
    if (known && !user) return unknownPrincipal(principal, { ...base, kind: 'user', arn: principal }, account);
    const identity: CallerIdentity = { ...base, ...canonical, kind: 'user', arn: user?.arn ?? principal, ...(user?.id ? { uniqueId: user.id } : {}) };
    return withAccount(user ? { identity, user } : { identity }, account);
  }
  if ((arn.service === 'iam' && arn.resource.startsWith('role/')) || (arn.service === 'sts' && arn.resource.startsWith('assumed-role/'))) {
    const isSession = arn.service === 'sts';
    const parts = arn.resource.split('/');
    const roleName = isSession ? parts[1] ?? '' : lastSegment(arn.resource);
    const sessionName = isSession ? parts.slice(2).join('/') || 'session' : 'session';
    const role = known?.roles.get(roleName);
    const roleArnNoPath = `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`;
    const roleArn = role?.arn ?? (isSession ? roleArnNoPath : principal);
    const sessionArn = `arn:${arn.partition}:sts::${arn.account}:assumed-role/${roleName}/${sessionName}`;
    const identity: CallerIdentity = {
      ...base,
      ...canonical,
      kind: 'role-session',
      arn: sessionArn,
      roleArn,
      roleArnNoPath,
      ...(role?.id ? { uniqueId: role.id } : {}),
    };
    if (known && !role) return unknownPrincipal(principal, identity, account);
    return withAccount(role ? { identity, role, sessionName } : { identity, sessionName }, account);
  }
  if (arn.service === 'sts' && arn.resource.startsWith('federated-user/')) {
    const issuerArn = sessionIssuer;
    const issuerName = issuerArn ? lastSegment(parseArn(issuerArn)?.resource ?? '') : undefined;
    const issuer = issuerName ? known?.users.get(issuerName) : undefined;
    const identity: CallerIdentity = { ...base, ...canonical, kind: 'federated-user', arn: principal, ...(issuerArn ? { issuerArn } : {}) };
    if (!issuerArn) {
      return withAccount({ identity, problem: `federated user \`${principal}\` needs \`sessionIssuer\`: the IAM user that called GetFederationToken` }, account);
    }
    if (known && !issuer) return unknownPrincipal(issuerArn, identity, account);
    return withAccount(issuer ? { identity, issuer } : { identity }, account);
  }
  if (arn.service === 'iam' && (arn.resource.startsWith('saml-provider/') || arn.resource.startsWith('oidc-provider/'))) {
    const kind = arn.resource.startsWith('saml-provider/') ? 'saml' : 'web-identity';
    return withAccount({ identity: { ...base, kind, arn: principal, federatedProvider: principal } }, account);
  }
  return {
    identity: { ...base, kind: 'anonymous', arn: principal },
    problem: `\`${principal}\` is not a principal ARN trustmap understands`,
  };
}

function withAccount(c: ResolvedCaller, account: Account | undefined): ResolvedCaller {
  return account ? { ...c, account } : c;
}

function unknownPrincipal(principal: string, identity: CallerIdentity, account: Account | undefined): ResolvedCaller {
  return withAccount(
    { identity, problem: `\`${principal}\` is not in the estate: account ${identity.accountId} lists no such principal` },
    account,
  );
}

function lastSegment(resource: string): string {
  const cut = resource.lastIndexOf('/');
  return cut >= 0 ? resource.slice(cut + 1) : resource;
}
