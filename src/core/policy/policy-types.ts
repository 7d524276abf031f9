import type { CompiledCondition } from '../condition/compiled-condition.js';
import type { RequestContext } from '../condition/request-context.js';
import type { Tri } from '../condition/tri.js';
import type { SourceLocation } from '../diagnostics.js';
import type { PrincipalMatcher } from './principal-matcher.js';

/**
 * The kinds of policy document. Each kind takes different elements (docs/aws-authorization.md#policy-elements-by-type), so the
 * parser validates against the kind it was told.
 */
export type PolicyKind =
  | 'identity' // inline or managed policy of a user, group or role
  | 'boundary' // permissions boundary
  | 'session' // session policy passed to AssumeRole* / GetFederationToken
  | 'scp'
  | 'rcp'
  | 'trust' // role trust policy
  | 'key' // KMS key policy
  | 'resource' // S3 / SQS / SNS / Lambda / Secrets Manager resource policy
  | 'vpc-endpoint'; // VPC endpoint policy (docs/aws-authorization.md#vpc-endpoint-policy)

export type Effect = 'Allow' | 'Deny';

export interface ActionMatcher {
  /** `action` must be lowercased `service:action`. */
  test(action: string): boolean;
}

/**
 * Outcome of matching a statement's Resource / NotResource against one ARN. Where a policy
 * variable's key is unknown, `residual` (when it could be worked out) is the exact condition on
 * that key under which the element matches (results.md: variables over unknown keys make the
 * match unknown "in the same way" as conditions).
 */
export type ResourceMatch = 'match' | 'no-match' | { readonly unknownKey: string; readonly residual?: Tri };

export interface ResourceMatcher {
  match(arn: string, ctx: RequestContext): ResourceMatch;
  /** True when `match` never reads the request context (no policy variables): its answer depends on the ARN alone. */
  readonly contextFree?: boolean;
}

/** A statement compiled once, ready to be matched against many requests. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** Pointer of the statement inside its file, and its line, for findings and SARIF. */
  readonly source?: SourceLocation;
  /** Action or NotAction (NotAction compiled as its complement). */
  readonly action: ActionMatcher;
  /** Resource or NotResource; undefined when the element is absent (resource policies: the resource itself). */
  readonly resource?: ResourceMatcher;
  /** Principal or NotPrincipal; undefined in policy kinds that take neither. */
  readonly principal?: PrincipalMatcher;
  readonly condition?: CompiledCondition;
  /**
   * Why this statement cannot be evaluated faithfully (an unknown condition operator, a malformed
   * ARN...). A broken statement never widens access: where it could matter the answer is Unknown.
   */
  readonly broken?: readonly string[];
  /** The statement as written, for display and for fixes. */
  readonly raw: unknown;
}

export interface Policy {
  /** Human name: a managed policy's ARN or name, `inline:<role>/<name>`, `trust:<role arn>`, ... */
  readonly name: string;
  readonly kind: PolicyKind;
  /** `2012-10-17`, `2008-10-17`, or undefined when the document omitted Version. */
  readonly version?: string;
  readonly statements: readonly CompiledStatement[];
  /** Where the document lives. */
  readonly source?: SourceLocation;
  /** Set when the document itself could not be parsed: answers that need it are Unknown. */
  readonly unusable?: string;
  /** The document as written (decoded JSON), for display. */
  readonly document: unknown;
}
