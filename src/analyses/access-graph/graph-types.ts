import type { ConditionBlock, Decision, DecisionKind } from '../../core/decision/result.js';

/**
 * The access graph (docs/access-graph.md): nodes are the principals a session can start from,
 * edges are role assumptions the full engine allows, allows under a condition, or cannot settle.
 *
 * - `user`: an IAM user of the estate (id: its ARN).
 * - `role`: a session of an IAM role of the estate (id: the role ARN).
 * - `provider`: a SAML or OIDC identity provider of the estate (id: its ARN).
 * - `service`: an AWS service principal named in a trust policy (id: `glue.amazonaws.com`).
 * - `outside`: a principal named in a trust policy whose account is not in the estate, or whose IAM
 *   was not collected (id: the ARN as named; `arn:aws:iam::A:root` stands for "any principal of
 *   account A"). Its own permissions are unknown.
 * - `public`: `*` in a trust policy (any AWS principal), or anonymous callers of a resource.
 */
export type NodeKind = 'user' | 'role' | 'provider' | 'service' | 'outside' | 'public';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly accountId?: string;
  /** Short name for pictures: `ci/role/ci-runner`, `any principal of 999999999999`. */
  readonly label: string;
  /** Outside nodes: their identity policies are not in the estate, so what they may do is unknown. */
  readonly permissionsUnknown?: boolean;
}

export type AssumeAction = 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';

/** The decisions an edge can carry: a denied assumption is no edge. */
export type EdgeDecision = Extract<DecisionKind, 'Allow' | 'Conditional' | 'Unknown'>;

/** One role assumption: a session of `from` becomes a session of the role `to`. */
export interface AssumeEdge {
  readonly from: string;
  readonly to: string;
  readonly action: AssumeAction;
  readonly decision: EdgeDecision;
  /** Conditional edges: the condition (DNF) under which the assumption is allowed. */
  readonly residual: readonly ConditionBlock[];
  /** Unknown edges: the data the answer needed and did not have. */
  readonly missing: readonly string[];
  /** The source is itself a role session, so this hop is role chaining (docs/aws-authorization.md#role-chaining-one-hour). */
  readonly chained: boolean;
  /** What the hop means beyond its decision: role chaining, external id, outside principals. */
  readonly notes: readonly string[];
  /** The engine's full answer: every gate of both sides. */
  readonly detail: Decision;
}

/** A Decision that lets the request through, or may. */
export function isReachingDecision(d: DecisionKind): d is EdgeDecision {
  return d === 'Allow' || d === 'Conditional' || d === 'Unknown';
}

const STRENGTH: Readonly<Record<EdgeDecision, number>> = { Allow: 0, Conditional: 1, Unknown: 2 };

/** A chain is as sure as its least sure hop: Unknown, then Conditional, then Allow (results.md). */
export function weakestDecision(decisions: readonly EdgeDecision[]): EdgeDecision {
  let out: EdgeDecision = 'Allow';
  for (const d of decisions) if (STRENGTH[d] > STRENGTH[out]) out = d;
  return out;
}
