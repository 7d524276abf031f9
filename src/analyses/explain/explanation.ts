import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { ConditionBlock, Decision, DecisionKind, GateId, GateVerdict, Side } from '../../core/decision/result.js';
import type { PolicyKind } from '../../core/policy/policy-types.js';

/**
 * A decision drawn as boundaries (results.md, "Fixes"): the accounts that take part, each holding
 * its principals, its resources and the gates it decides; what would allow a denied request; and
 * which organization guardrail blocks it where no IAM change can. docs/explain-json.md documents
 * every field.
 */
export interface Explanation {
  readonly request: AuthorizationRequest;
  readonly decision: Decision;
  /** The main request (hop 0), then every implied one (KMS for encrypted data, sts:TagSession). */
  readonly hops: readonly HopSummary[];
  /** Caller's account first, then the target's, then any third account (a KMS key's owner). */
  readonly boundaries: readonly AccountBoundary[];
  /** The statements that settled each hop: the granting ones for an Allow, the denying ones for a deny. */
  readonly decidingStatements: readonly DecidingStatement[];
  /** For a denial: the changes that would allow it, grouped by `alternative`. */
  readonly fixes: readonly Fix[];
  /** Organization guardrails that block the request: no IAM change in either account can lift them. */
  readonly blockedBy: readonly GuardrailBlock[];
  /** Remarks in words: why no fix is proposed, how wide an allowing statement is. */
  readonly notes: readonly string[];
}

export interface HopSummary {
  readonly hop: number;
  readonly action: string;
  readonly resource: string;
  readonly decision: DecisionKind;
  readonly decidedBy?: GateId;
  readonly side?: Side;
  readonly callerAccount?: string;
  readonly resourceAccount?: string;
  readonly crossAccount: boolean;
  readonly impliedBy?: string;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
}

/** What an account does in the request. */
export type BoundaryPart = 'caller' | 'target' | 'key-owner' | 'network';

export interface AccountBoundary {
  /** Undefined for a caller that belongs to no account: an AWS service principal, an anonymous caller. */
  readonly account?: string;
  readonly name?: string;
  readonly parts: readonly BoundaryPart[];
  /** Where the account sits: its organization and the chain root → OUs → account, or `outside` / `unknown`. */
  readonly organization: OrganizationPlace;
  readonly principals: readonly PrincipalNode[];
  readonly resources: readonly ResourceNode[];
  readonly gates: readonly BoundaryGate[];
}

export type OrganizationPlace =
  | { readonly status: 'member'; readonly id: string; readonly path: readonly OrgLevel[]; readonly management: boolean }
  | { readonly status: 'outside' }
  | { readonly status: 'unknown'; readonly why: string };

export interface OrgLevel {
  readonly id: string;
  readonly kind: 'root' | 'ou' | 'account';
  readonly name?: string;
}

export interface PrincipalNode {
  /** As the request named it. */
  readonly arn: string;
  readonly kind: 'user' | 'role-session' | 'federated-user' | 'root' | 'service' | 'anonymous' | 'saml' | 'web-identity';
  /** Role sessions: the role, which policies name. */
  readonly roleArn?: string;
  readonly sessionName?: string;
}

export interface ResourceNode {
  readonly arn: string;
  /** `bucket`, `object`, `key`, `role`, `queue`… */
  readonly type: string;
  /** The hops that act on it. */
  readonly hops: readonly number[];
  /** For encrypted data: the KMS key of the implied hop. */
  readonly encryptedWith?: string;
}

export interface BoundaryGate extends GateVerdict {
  readonly hop: number;
  readonly action: string;
  /** True for a gate that keeps the request from being allowed: the piece a fix or the guardrail is about. */
  readonly blocking: boolean;
}

export interface DecidingStatement {
  readonly hop: number;
  readonly gate: GateId;
  readonly account: string;
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** The statement as written, where the estate holds it. */
  readonly statement?: unknown;
}

/** `enable-key`: no policy edit, but a KMS key to bring back to `Enabled` (docs/aws-authorization.md#kms-key-state), by `commands`. */
export type FixKind = 'add-statement' | 'remove-statement' | 'replace-statement' | 'enable-key';

export interface Fix {
  /** Fixes with the same number are applied together; different numbers are alternatives. */
  readonly alternative: number;
  /** The account that must make the change. */
  readonly account: string;
  readonly side: Side;
  readonly gate: GateId;
  /** The hops it answers (0 = the main request). */
  readonly hops: readonly number[];
  readonly kind: FixKind;
  /** The document to change, by the name the estate gives it (or the name of the new document). */
  readonly policy: string;
  readonly policyKind: PolicyKind;
  /** The user, role, group or resource the document belongs to (`session` for a session policy). */
  readonly attachedTo: string;
  /** True when the statement goes into a document that does not exist yet. */
  readonly newPolicy: boolean;
  /** add / replace: the statement to paste. */
  readonly statement?: unknown;
  /** remove / replace: the statement as it is written now. */
  readonly current?: { readonly index: number; readonly sid?: string; readonly statement: unknown };
  /** enable-key: the AWS CLI commands to run in `account`, in order. */
  readonly commands?: readonly string[];
  /** One line in words. */
  readonly reason: string;
  /** True when the engine, run again with every fix of this alternative applied, allows the request. */
  readonly verified: boolean;
  /** The decision with this alternative applied. */
  readonly verifiedDecision: DecisionKind;
  /** Where that decision is Conditional: the keys the caller must still supply. */
  readonly verifiedResidual?: readonly ConditionBlock[];
}

export interface GuardrailBlock {
  readonly guardrail: 'scp' | 'rcp';
  readonly hop: number;
  /** The account the guardrail binds: the caller's for an SCP, the resource's for an RCP. */
  readonly account: string;
  /** The policy holding the denying statement, or the policies attached at a level with no Allow. */
  readonly policy: string;
  readonly statement?: { readonly index: number; readonly sid?: string; readonly statement?: unknown };
  /** The root, OU or account the policy is attached to. */
  readonly targetId?: string;
  readonly targetName?: string;
  readonly ou?: string;
  readonly reason: string;
  readonly unfixable: 'organization guardrail';
}
