/**
 * What every answer is made of (results.md): a decision, the gates that produced it with their
 * side and account, the statements that matched, the residual condition, what was missing and
 * which working assumptions it rests on.
 */
export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' | 'Conditional' | 'Unknown';

export type GateId =
  | 'identity'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'resource'
  | 'trust'
  | 'key-policy'
  | 'grant'
  | 's3-acl'
  | 's3-bpa'
  /** A call AWS answers without any permission (sts:GetCallerIdentity, sts:GetSessionToken). */
  | 'no-permission-needed'
  /** A service-linked or IAM Identity Center role that only its managing service may change. */
  | 'protected-role';

export type Side = 'caller' | 'target';

export type GateVerdictKind = 'allow' | 'deny' | 'no-match' | 'conditional' | 'unknown';

export interface StatementRef {
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly file?: string;
  readonly pointer?: string;
  readonly line?: number;
}

/**
 * One AWS condition block (operator → key → values). Where AWS has no operator for a negation the
 * block holds `{ Not: block }` (results.md).
 */
export interface ConditionBlock {
  [operator: string]: { [key: string]: string | string[] } | ConditionBlock | ConditionBlock[];
}

export interface GateVerdict {
  readonly gate: GateId;
  readonly side: Side;
  readonly account: string;
  readonly guardrail?: boolean;
  readonly verdict: GateVerdictKind;
  readonly statements: readonly StatementRef[];
  /** SCP/RCP levels: the root, OU or account the policies are attached to. */
  readonly targetId?: string;
  readonly targetName?: string;
  readonly ou?: string;
  /** For conditional verdicts: the condition under which this gate allows (DNF). */
  readonly residual?: readonly ConditionBlock[];
  /** One line in words: why this verdict. */
  readonly reason: string;
  /** Names the data this gate needed and did not have. */
  readonly missing?: readonly string[];
}

/** The decision for one (principal, action, resource) authorization: the main one or an implied one. */
export interface HopDecision {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly callerAccount?: string;
  readonly resourceAccount?: string;
  readonly crossAccount: boolean;
  readonly decision: DecisionKind;
  readonly decidedBy?: GateId;
  readonly side?: Side;
  readonly gates: readonly GateVerdict[];
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  readonly assumptions: readonly string[];
  /** Why the hop exists, for implied actions (`SSE-KMS object: s3:GetObject needs kms:Decrypt`). */
  readonly impliedBy?: string;
}

export interface Decision extends Omit<HopDecision, 'impliedBy'> {
  /** The main request first, then every implied request (KMS, sts:TagSession...). */
  readonly hops: readonly HopDecision[];
}
