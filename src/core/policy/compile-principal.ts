import { isAccountId, parseArn } from '../arn/arn.js';
import type { CallerIdentity, PrincipalMatchKind, PrincipalMatcher } from './principal-matcher.js';

/**
 * Compiles a `Principal` / `NotPrincipal` element (docs/aws-authorization.md#principal-element-forms) into a matcher that reports how the
 * caller was named, strongest kind first (the order of `PrincipalMatchKind`), because the
 * same-account rules of docs/aws-authorization.md#same-account-resource-policy-principal and the delegation rule of docs/aws-authorization.md#cross-account-resource-only-not-enough / docs/aws-authorization.md#trust-account-principal depend on it.
 *
 * - `"*"` and `{"AWS":"*"}` name everyone, anonymous and service callers included (docs/aws-authorization.md#principal-element-forms).
 * - An account id or `arn:…:iam::<acct>:root` names the whole account, not only its root user (docs/aws-authorization.md#trust-account-principal).
 * - A user ARN names that user (case-sensitive, docs/aws-authorization.md#condition-key-case) and, for a federated-user session, its issuer.
 * - A role ARN names every session of the role (docs/aws-authorization.md#trust-role-arn-matches-sessions); a session ARN names that one session.
 * - `AIDA…` / `AROA…` unique ids name the user / role they belong to (docs/aws-authorization.md#principal-unique-id, #trust-unique-id-as-role).
 * - A partial wildcard (`arn:aws:iam::1:role/*`) names nothing: AWS does not support it (docs/aws-authorization.md#condition-key-case).
 *
 * With `negated` (NotPrincipal, docs/aws-authorization.md#not-principal) the matcher says `not-principal` for every caller that no
 * entry names and `none` for those it names; an entry names exactly what it names above, so a
 * NotPrincipal that lists a user but not its account still applies to the account root (docs/aws-authorization.md#not-principal-user-without-account).
 */
export type PrincipalElement = '*' | Readonly<Record<string, string | readonly string[]>>;

interface PrincipalIndex {
  anyone: boolean;
  anyService: boolean;
  /** Bare 12-digit ids: the account in whatever partition the caller is. */
  readonly accountIds: Set<string>;
  /** `partition:account` of `arn:<partition>:iam::<account>:root`. */
  /** Account root ARNs: account id → the partitions it is named in. */
  readonly rootArns: Map<string, Set<string>>;
  readonly userArns: Set<string>;
  readonly roleArns: Set<string>;
  readonly sessionArns: Set<string>;
  readonly userIds: Set<string>;
  readonly roleIds: Set<string>;
  readonly services: Set<string>;
  readonly federated: Set<string>;
  readonly canonicalUsers: Set<string>;
}

/**
 * `unlisted` is the kind a NotPrincipal reports for the callers it does not list: `not-principal`,
 * except in a statement that is broken for using NotPrincipal where AWS refuses it (with `Allow`,
 * or an `Effect` that cannot be read), where how it would name them is not known: `session`, the
 * most direct way (see `unreadablePrincipalMatcher`).
 */
export function compilePrincipalMatcher(element: PrincipalElement, negated: boolean, unlisted: PrincipalMatchKind = 'not-principal'): PrincipalMatcher {
  const entries = listEntries(element);
  const index = buildIndex(entries);
  const isWildcard = index.anyone;
  const match = negated
    ? (caller: CallerIdentity): PrincipalMatchKind => (isExempt(matchKind(index, caller), caller) ? 'none' : unlisted)
    : (caller: CallerIdentity): PrincipalMatchKind => matchKind(index, caller);
  return { match, isWildcard, negated, entries };
}

/**
 * The stand-in for a `Principal` element that cannot be read (a bare string, an unknown principal
 * type, a malformed entry, a missing element). It sits only in a broken statement, whose match
 * the engine treats as unknown; the element could name any caller, in the most direct way, so it
 * matches every caller as `session` (nothing on the caller side limits such a grant, docs/aws-authorization.md#same-account-resource-policy-principal).
 * It is not a wildcard: whether the element names everyone is not known (S3's public-policy test
 * and the findings read `isWildcard`). `entries` are the entries that could be read.
 */
export function unreadablePrincipalMatcher(readable: PrincipalElement): PrincipalMatcher {
  return { match: () => 'session', isWildcard: false, negated: false, entries: listEntries(readable) };
}

/**
 * NotPrincipal exempts a caller only where the caller itself is listed (docs/aws-authorization.md#not-principal and its
 * examples: the exempted user's or session's own ARN, besides its account). Listing the account ARN
 * exempts the account's root user, not every principal of the account (working assumption docs/aws-authorization.md#not-principal-user-without-account).
 */
function isExempt(kind: PrincipalMatchKind, caller: CallerIdentity): boolean {
  if (kind === 'none') return false;
  if (kind === 'account') return caller.kind === 'root';
  return true;
}

function listEntries(element: PrincipalElement): Array<{ type: string; value: string }> {
  if (element === '*') return [{ type: 'AWS', value: '*' }];
  const out: Array<{ type: string; value: string }> = [];
  for (const [type, values] of Object.entries(element)) {
    for (const value of typeof values === 'string' ? [values] : values) out.push({ type, value });
  }
  return out;
}

function buildIndex(entries: ReadonlyArray<{ type: string; value: string }>): PrincipalIndex {
  const index: PrincipalIndex = {
    anyone: false,
    anyService: false,
    accountIds: new Set(),
    rootArns: new Map(),
    userArns: new Set(),
    roleArns: new Set(),
    sessionArns: new Set(),
    userIds: new Set(),
    roleIds: new Set(),
    services: new Set(),
    federated: new Set(),
    canonicalUsers: new Set(),
  };
  for (const { type, value } of entries) {
    if (type === 'AWS') indexAws(index, value);
    else if (type === 'Service' && value === '*') index.anyService = true;
    else if (hasWildcard(value)) continue;
    else if (type === 'Service') index.services.add(value.toLowerCase());
    else if (type === 'Federated') index.federated.add(value);
    else if (type === 'CanonicalUser') index.canonicalUsers.add(value);
  }
  return index;
}

function indexAws(index: PrincipalIndex, value: string): void {
  if (value === '*') {
    index.anyone = true;
    return;
  }
  if (hasWildcard(value)) return;
  if (isAccountId(value)) index.accountIds.add(value);
  else if (value.startsWith('AIDA')) index.userIds.add(value);
  else if (value.startsWith('AROA')) index.roleIds.add(value);
  else indexAwsArn(index, value);
}

function indexAwsArn(index: PrincipalIndex, value: string): void {
  const arn = parseArn(value);
  if (arn === undefined) return;
  if (arn.service === 'iam' && arn.resource === 'root') {
    let partitions = index.rootArns.get(arn.account);
    if (!partitions) index.rootArns.set(arn.account, (partitions = new Set()));
    partitions.add(arn.partition);
  }
  else if (arn.service === 'iam' && arn.resource.startsWith('user/')) index.userArns.add(value);
  else if (arn.service === 'iam' && arn.resource.startsWith('role/')) index.roleArns.add(value);
  else if (arn.service === 'sts' && /^(assumed-role|federated-user)\//.test(arn.resource)) index.sessionArns.add(value);
}

function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** The strongest way the element names the caller, in `PrincipalMatchKind` order. */
function matchKind(index: PrincipalIndex, caller: CallerIdentity): PrincipalMatchKind {
  const kind = caller.kind;
  const isSession = kind === 'role-session' || kind === 'federated-user';
  if (isSession && index.sessionArns.has(caller.arn)) return 'session';
  if (kind === 'user' && (index.userArns.has(caller.arn) || hasId(index.userIds, caller.uniqueId))) return 'user';
  if (kind === 'role-session' && namesRole(index, caller)) return 'role';
  if (kind === 'federated-user' && caller.issuerArn !== undefined && index.userArns.has(caller.issuerArn)) return 'issuer';
  if (index.anyone) return 'wildcard';
  if (namesAccount(index, caller)) return 'account';
  if (kind === 'service' && (index.anyService || namesService(index, caller))) return 'service';
  if ((kind === 'saml' || kind === 'web-identity') && namesProvider(index, caller)) return 'federated';
  if (hasId(index.canonicalUsers, caller.canonicalId)) return 'canonical-user';
  return 'none';
}

function hasId(ids: Set<string>, id: string | undefined): boolean {
  return id !== undefined && ids.has(id);
}

function namesRole(index: PrincipalIndex, caller: CallerIdentity): boolean {
  return hasId(index.roleArns, caller.roleArn) || hasId(index.roleArns, caller.roleArnNoPath) || hasId(index.roleIds, caller.uniqueId);
}

const ACCOUNT_CALLERS: ReadonlySet<string> = new Set(['user', 'role-session', 'federated-user', 'root']);

function namesAccount(index: PrincipalIndex, caller: CallerIdentity): boolean {
  const account = caller.accountId;
  if (account === undefined || !ACCOUNT_CALLERS.has(caller.kind)) return false;
  if (index.accountIds.has(account)) return true;
  return index.rootArns.size > 0 && (index.rootArns.get(account)?.has(caller.partition) ?? false);
}

function namesService(index: PrincipalIndex, caller: CallerIdentity): boolean {
  if (index.services.size === 0) return false;
  // resolveCaller lowercases serviceName; other callers' ARNs are looked up as given, then lowercased.
  const name = caller.serviceName ?? caller.arn;
  return index.services.has(name) || index.services.has(name.toLowerCase());
}

function namesProvider(index: PrincipalIndex, caller: CallerIdentity): boolean {
  return hasId(index.federated, caller.federatedProvider) || index.federated.has(caller.arn);
}
