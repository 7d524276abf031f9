/**
 * Principal and NotPrincipal matching (docs/aws-authorization.md#principal-element-forms, #not-principal). The caller is described once per request
 * as a `CallerIdentity`; a statement's principal element is compiled once into a matcher that says
 * not only whether it matches but *how*, because the same-account rules of docs/aws-authorization.md#same-account-resource-policy-principal depend on
 * whether a resource policy named the user, the role, the session or only the account.
 */

export type CallerKind =
  | 'user'
  | 'role-session'
  | 'federated-user'
  | 'root'
  | 'service'
  | 'anonymous'
  | 'saml'
  | 'web-identity';

export interface CallerIdentity {
  readonly kind: CallerKind;
  /** 12-digit account; undefined for service principals and anonymous callers. */
  readonly accountId?: string;
  readonly partition: string;
  /**
   * The principal's own ARN: user ARN, `arn:aws:sts::A:assumed-role/R/S`, federated-user ARN,
   * `arn:aws:iam::A:root`, the provider ARN for SAML/OIDC, or the service principal name.
   */
  readonly arn: string;
  /** Role sessions: the role's ARN (with path), as `aws:PrincipalArn` reports it. */
  readonly roleArn?: string;
  /** Role sessions: the role's ARN without path, as `Principal` elements name it. */
  readonly roleArnNoPath?: string;
  /** Users and roles: AIDA… / AROA… unique id, where known. */
  readonly uniqueId?: string;
  /** Federated users: the IAM user that called GetFederationToken. */
  readonly issuerArn?: string;
  /** Account's S3 canonical user id, where known. */
  readonly canonicalId?: string;
  /** Service principals: the service name (`cloudtrail.amazonaws.com`). */
  readonly serviceName?: string;
  /** OIDC web identity: the provider as written in `Federated` (`cognito-identity.amazonaws.com`, provider ARN). */
  readonly federatedProvider?: string;
}

/**
 * How a principal element matched, strongest first. The decision engine needs this for the
 * same-account table of docs/aws-authorization.md#same-account-resource-policy-principal and the account-delegation rule of docs/aws-authorization.md#cross-account-resource-only-not-enough / docs/aws-authorization.md#trust-account-principal.
 */
export type PrincipalMatchKind =
  | 'session' // names the role-session ARN or federated-user ARN: nothing on the caller side limits it
  | 'user' // names the IAM user ARN (or its AIDA unique id): nothing on the caller side limits it
  | 'role' // names the role ARN (or AROA id) of a session: boundary and session policy still limit
  | 'issuer' // names the user that issued a federated-user session: boundary and session policy limit
  | 'wildcard' // "*" or {"AWS":"*"}: everyone, including anonymous
  | 'account' // names the caller's account (id or root ARN): delegation, the caller side must grant
  | 'service' // names the calling service principal
  | 'federated' // names the SAML / OIDC provider of a web-identity or SAML caller
  | 'canonical-user' // names the account's canonical user id (S3)
  | 'not-principal' // NotPrincipal that does not list the caller
  | 'none';

export interface PrincipalMatcher {
  match(caller: CallerIdentity): PrincipalMatchKind;
  /** True for "*" / {"AWS":"*"} anywhere in the element (public statements, findings). */
  readonly isWildcard: boolean;
  readonly negated: boolean;
  /** Every principal string in the element, by type (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
  readonly entries: ReadonlyArray<{ readonly type: string; readonly value: string }>;
}
