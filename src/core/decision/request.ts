import type { Policy } from '../policy/policy-types.js';

/** A value given on the command line or in a scenario: a string, a list (multi-valued), or null (absent). */
export type GivenValue = string | readonly string[] | null;

export interface ImpliedAction {
  readonly action: string;
  /** Defaults to the request's resource. */
  readonly resource?: string;
  readonly context?: Readonly<Record<string, GivenValue>>;
}

/** One question: can `principal` do `action` on `resource`? */
export interface AuthorizationRequest {
  /**
   * A user ARN, a role session ARN (a bare role ARN means a session of that role), a federated-user
   * ARN, an account root ARN, a SAML/OIDC provider ARN, a service principal (`sns.amazonaws.com`),
   * or `anonymous`.
   */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Keys the estate cannot supply; null marks a key absent from the request. */
  readonly context?: Readonly<Record<string, GivenValue>>;
  readonly sessionPolicy?: Policy;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly sessionIssuer?: string;
  readonly impliedActions?: readonly ImpliedAction[];
}
