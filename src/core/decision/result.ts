/**
 * What every answer is made of (results.md): a decision, the gates that produced it with their
 * side and account, the statements that matched, the residual condition, what was missing and
 * which working assumptions it rests on.
 */
import { RULES } from '../rules/rule-anchors.js';

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny' | 'Conditional' | 'Unknown';

export type GateId =
  | 'identity'
  | 'boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'resource'
  /** An S3 access point's policy, and its network origin (docs/aws-authorization.md#s3-access-points). */
  | 'access-point'
  | 'trust'
  | 'key-policy'
  | 'grant'
  | 's3-acl'
  | 's3-bpa'
  /** A call AWS answers without any permission (sts:GetCallerIdentity, sts:GetSessionToken). */
  | 'no-permission-needed'
  /** A service-linked or IAM Identity Center role that only its managing service may change. */
  | 'protected-role'
  /** A KMS key that is not Enabled: it refuses cryptographic operations (docs/aws-authorization.md#kms-key-state). */
  | 'key-state'
  /** The policy of the VPC endpoint the request is sent through (docs/aws-authorization.md#vpc-endpoint-policy). */
  | 'vpc-endpoint';

/** `network`: between the caller and the target, the VPC endpoint a request is sent through. */
export type Side = 'caller' | 'target' | 'network';

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
  /** SCP/RCP levels: the root, OU or account the policies are attached to; `vpc-endpoint`: the endpoint (`vpce-…`). */
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
  readonly assumptions: readonly Assumption[];
  /** Why the hop exists, for implied actions (`SSE-KMS object: s3:GetObject needs kms:Decrypt`). */
  readonly impliedBy?: string;
}

export interface Decision extends Omit<HopDecision, 'impliedBy'> {
  /** The main request first, then every implied request (KMS, sts:TagSession...). */
  readonly hops: readonly HopDecision[];
}

/**
 * A working assumption an answer rests on: data, rendered to words by the reporters
 * (in text: the message, then its citation `(docs/aws-authorization.md#<anchor>)`; in JSON: the object itself).
 */
export interface Assumption {
  /** Stable id: one of `ASSUMPTIONS`. */
  readonly code: AssumptionCode;
  /** The anchor of the rules reference entry it rests on, in docs/aws-authorization.md. */
  readonly rule: string;
  /** The words, without a citation: `rule` carries it. */
  readonly message: string;
}

/**
 * Every assumption an answer can carry, each listed once: the rules reference entry it rests on
 * and a one-line description. test/core/decision/assumptions.test.ts checks that each `rule` is an
 * anchor of RULES and that each code is produced by the engine.
 */
export const ASSUMPTIONS = {
  'scp-not-collected': { rule: 'restrict-only-data-not-collected', doc: 'the caller\'s organization (or whether its account is in one) is not known: SCPs are taken not to restrict' },
  'scp-unreadable': { rule: 'restrict-only-data-not-collected', doc: 'the SCPs attached to one level of the caller\'s organization could not be read: that level is taken not to restrict' },
  'rcp-not-collected': { rule: 'restrict-only-data-not-collected', doc: 'the resource\'s organization (or whether its account is in one) is not known: RCPs are taken not to restrict' },
  'rcp-unreadable': { rule: 'restrict-only-data-not-collected', doc: 'the RCPs attached to one level of the resource\'s organization could not be read: that level is taken not to restrict' },
  'rcp-no-catalog': { rule: 'rcp-launch-services', doc: 'no service catalog was given: RCPs are taken to cover the launch services only' },
  'rcp-supported-services': { rule: 'rcp-supported-services', doc: 'customer RCPs are attached but do not bind this request (service not RCP-supported, AWS managed key, service-linked role, kms:RetireGrant)' },
  'rcp-no-resource': { rule: 'rcp-no-resource', doc: 'the request names no resource, so no RCP applies to it, not even the caller\'s own account\'s' },
  'boundary-unreadable': { rule: 'restrict-only-data-not-collected', doc: 'the caller\'s permissions boundary could not be read: taken not to restrict' },
  'bpa-unreadable': { rule: 'restrict-only-data-not-collected', doc: 'the bucket- or account-level S3 Block Public Access settings could not be read: taken to be off' },
  'block-public-acls-existing-acl': { rule: 'block-public-acls-existing-acl', doc: 'a public ACL grants the request while only BlockPublicAcls is on: the existing ACL still counts' },
  'kms-cross-account-grants': { rule: 'kms-cross-account-grants', doc: 'a KMS grant to another account\'s principal counts without an IAM policy of the grantee\'s account' },
  'same-account-wildcard-role-session': { rule: 'same-account-wildcard-role-session', doc: 'a plain "*" grant to a role session of the same account is limited by its boundary and session policy' },
  'same-account-trust-names-caller': { rule: 'same-account-trust-names-caller', doc: 'a same-account trust policy naming the caller itself needs no identity-policy Allow' },
  'same-account-account-principal': { rule: 'same-account-account-principal', doc: 'a resource policy naming its own account delegates to the account\'s IAM policies' },
  'identity-center-protected': { rule: 'protected-identity-center-roles', doc: 'IAM Identity Center roles can be changed only by IAM Identity Center' },
  'identity-center-pass-role': { rule: 'identity-center-pass-role', doc: 'iam:PassRole of an IAM Identity Center role is decided by the caller\'s policies, not refused as a change' },
  's3-access-point-bucket-side': { rule: 's3-access-point-bucket-side', doc: 'through an S3 access point, the bucket\'s side is its bucket policy alone: no identity policy on the bucket ARN is needed or consulted' },
  'bucket-default-key': { rule: 's3-sse-kms-permissions', doc: 'an object with no entry of its own is taken to be encrypted with its bucket\'s default KMS key' },
  'vpc-endpoint-not-collected': { rule: 'restrict-only-data-not-collected', doc: 'the request is sent through a VPC endpoint whose account\'s endpoints were not collected: its endpoint policy is taken not to restrict' },
  'unknown-action': { rule: 'action-matching', doc: 'the action is not in the service reference data (--allow-unknown-action): answered as written, policies matching it by name' },
} as const satisfies Record<string, { readonly rule: string; readonly doc: string }>;

/** The closed set of assumption codes. */
export type AssumptionCode = keyof typeof ASSUMPTIONS;

/** An assumption whose words are given here; its rule comes from the registry. */
export function assumption(code: AssumptionCode, message: string): Assumption {
  return { code, rule: ASSUMPTIONS[code].rule, message };
}

/** An assumption whose words are the heading of its rules reference entry (a working assumption named as such). */
export function ruleAssumption(code: AssumptionCode): Assumption {
  const rule: string = ASSUMPTIONS[code].rule;
  return { code, rule, message: RULES[rule]?.title ?? rule };
}

/** Assumptions without repeats (same code and message), first occurrence kept, in order. */
export function uniqueAssumptions(xs: readonly Assumption[]): Assumption[] {
  const out: Assumption[] = [];
  next: for (let i = 0; i < xs.length; i++) {
    const a = xs[i]!;
    for (let j = 0; j < out.length; j++) {
      const b = out[j]!;
      if (b === a || (b.code === a.code && b.message === a.message)) continue next;
    }
    out.push(a);
  }
  return out;
}
