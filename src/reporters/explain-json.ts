import type {
  AccountBoundary,
  BoundaryGate,
  DecidingStatement,
  Explanation,
  Fix,
  GuardrailBlock,
  OrganizationPlace,
  PrincipalNode,
  ResourceNode,
} from '../analyses/explain/explanation.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstateCoverage } from '../core/model/estate-coverage.js';
import type { GivenValue } from '../core/decision/request.js';
import { assumptionsJson, type AssumptionJson } from './assumption-words.js';
import type { ConditionBlock, DecisionKind, GateId, GateVerdict, GateVerdictKind, HopDecision, Side, StatementRef } from '../core/decision/result.js';

/**
 * `trustmap explain --format json`: one document, schema `trustmap/explain/v1`, documented field
 * by field in docs/explain-json.md. Every field is always present (null or empty where it does not
 * apply), in a fixed order, so the output can be diffed and read by tools.
 */
export const EXPLAIN_JSON_SCHEMA = 'trustmap/explain/v1';

export interface ExplainJson {
  readonly schema: typeof EXPLAIN_JSON_SCHEMA;
  readonly request: {
    readonly principal: string;
    readonly action: string;
    readonly resource: string;
    readonly context: Readonly<Record<string, GivenValue>>;
    readonly sessionTags: Readonly<Record<string, string>>;
    readonly sessionPolicy: unknown;
  };
  readonly decision: DecisionKind;
  readonly decidedBy: GateId | null;
  readonly side: Side | null;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  /** The working assumptions the answer rests on, each `{ code, rule, message }`. */
  readonly assumptions: readonly AssumptionJson[];
  readonly hops: readonly HopJson[];
  readonly boundaries: readonly BoundaryJson[];
  readonly decidingStatements: readonly DecidingStatementJson[];
  readonly fixes: readonly FixJson[];
  readonly blockedBy: readonly GuardrailBlockJson[];
  readonly notes: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers (docs/inputs.md, \"Coverage\"); present when the answer comes from a loaded estate. */
  readonly coverage?: EstateCoverage;
  /**
   * Present when a person was asked about (`sso:<user>`, `GET /api/explain` only): every route they
   * sign in by, with its answer; the rest of the document is the most permissive route's answer.
   */
  readonly person?: {
    readonly label: string;
    readonly routes: ReadonlyArray<{ readonly via: 'group' | 'direct'; readonly group: string | null; readonly permissionSet: string; readonly account: string; readonly role: string | null; readonly session: string | null; readonly decision: DecisionKind | null }>;
  };
}

export interface HopJson {
  readonly hop: number;
  readonly action: string;
  readonly resource: string;
  readonly decision: DecisionKind;
  readonly decidedBy: GateId | null;
  readonly side: Side | null;
  readonly callerAccount: string | null;
  readonly resourceAccount: string | null;
  readonly crossAccount: boolean;
  readonly impliedBy: string | null;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
  readonly assumptions: readonly AssumptionJson[];
  readonly gates: readonly GateJson[];
}

export interface GateJson {
  readonly gate: GateId;
  readonly side: Side;
  readonly account: string | null;
  readonly guardrail: boolean;
  readonly verdict: GateVerdictKind;
  readonly reason: string;
  readonly statements: readonly StatementRefJson[];
  readonly targetId: string | null;
  readonly targetName: string | null;
  readonly ou: string | null;
  readonly residual: readonly ConditionBlock[];
  readonly missing: readonly string[];
}

export interface BoundaryGateJson extends GateJson {
  readonly hop: number;
  readonly action: string;
  readonly blocking: boolean;
}

export interface StatementRefJson {
  readonly policy: string;
  readonly index: number;
  readonly sid: string | null;
  readonly effect: 'Allow' | 'Deny';
  readonly file: string | null;
  readonly line: number | null;
}

export interface BoundaryJson {
  readonly account: string | null;
  readonly name: string | null;
  readonly parts: readonly string[];
  readonly organization: OrganizationJson;
  readonly principals: readonly PrincipalNodeJson[];
  readonly resources: readonly ResourceNodeJson[];
  readonly gates: readonly BoundaryGateJson[];
}

export interface OrganizationJson {
  readonly status: OrganizationPlace['status'];
  readonly id: string | null;
  readonly management: boolean;
  /** Root → OUs → the account. */
  readonly path: ReadonlyArray<{ readonly id: string; readonly kind: 'root' | 'ou' | 'account'; readonly name: string | null }>;
  /** For `unknown`: why the account's place is not known. */
  readonly why: string | null;
}

export interface PrincipalNodeJson {
  readonly arn: string;
  readonly kind: PrincipalNode['kind'];
  readonly roleArn: string | null;
  readonly sessionName: string | null;
}

export interface ResourceNodeJson {
  readonly arn: string;
  readonly type: string;
  readonly hops: readonly number[];
  readonly encryptedWith: string | null;
}

export interface DecidingStatementJson {
  readonly hop: number;
  readonly gate: GateId;
  readonly account: string | null;
  readonly policy: string;
  readonly index: number;
  readonly sid: string | null;
  readonly effect: 'Allow' | 'Deny';
  readonly statement: unknown;
}

export interface FixJson {
  readonly alternative: number;
  readonly account: string;
  readonly side: Side;
  readonly gate: GateId;
  readonly hops: readonly number[];
  readonly kind: Fix['kind'];
  readonly policy: string;
  readonly policyKind: string;
  readonly attachedTo: string;
  readonly newPolicy: boolean;
  readonly statement: unknown;
  readonly current: { readonly index: number; readonly sid: string | null; readonly statement: unknown } | null;
  /** `enable-key`: the AWS CLI commands to run in `account`; empty for a policy edit. */
  readonly commands: readonly string[];
  readonly reason: string;
  readonly verified: boolean;
  readonly verifiedDecision: DecisionKind;
  readonly verifiedResidual: readonly ConditionBlock[];
}

export interface GuardrailBlockJson {
  readonly guardrail: 'scp' | 'rcp';
  readonly hop: number;
  readonly account: string;
  readonly policy: string;
  readonly statement: { readonly index: number; readonly sid: string | null; readonly statement: unknown } | null;
  readonly targetId: string | null;
  readonly targetName: string | null;
  readonly ou: string | null;
  readonly reason: string;
  readonly unfixable: 'organization guardrail';
}

export function toExplainJson(e: Explanation, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): ExplainJson {
  const d = e.decision;
  return {
    schema: EXPLAIN_JSON_SCHEMA,
    request: {
      principal: e.request.principal,
      action: e.request.action,
      resource: e.request.resource,
      context: e.request.context ?? {},
      sessionTags: e.request.sessionTags ?? {},
      sessionPolicy: e.request.sessionPolicy?.document ?? null,
    },
    decision: d.decision,
    decidedBy: d.decidedBy ?? null,
    side: d.side ?? null,
    residual: d.residual,
    missing: d.missing,
    assumptions: assumptionsJson(d.assumptions),
    hops: d.hops.map(hopJson),
    boundaries: e.boundaries.map(boundaryJson),
    decidingStatements: e.decidingStatements.map(decidingJson),
    fixes: e.fixes.map(fixJson),
    blockedBy: e.blockedBy.map(blockJson),
    notes: e.notes,
    diagnostics,
    ...(coverage ? { coverage } : {}),
  };
}

export function renderExplainJson(e: Explanation, diagnostics: readonly Diagnostic[], coverage?: EstateCoverage): string {
  return `${JSON.stringify(toExplainJson(e, diagnostics, coverage), null, 2)}\n`;
}

function hopJson(h: HopDecision, i: number): HopJson {
  return {
    hop: i,
    action: h.action,
    resource: h.resource,
    decision: h.decision,
    decidedBy: h.decidedBy ?? null,
    side: h.side ?? null,
    callerAccount: h.callerAccount ?? null,
    resourceAccount: h.resourceAccount ?? null,
    crossAccount: h.crossAccount,
    impliedBy: h.impliedBy ?? null,
    residual: h.residual,
    missing: h.missing,
    assumptions: assumptionsJson(h.assumptions),
    gates: h.gates.map(gateJson),
  };
}

function gateJson(g: GateVerdict): GateJson {
  return {
    gate: g.gate,
    side: g.side,
    account: g.account || null,
    guardrail: g.guardrail ?? false,
    verdict: g.verdict,
    reason: g.reason,
    statements: g.statements.map(refJson),
    targetId: g.targetId ?? null,
    targetName: g.targetName ?? null,
    ou: g.ou ?? null,
    residual: g.residual ?? [],
    missing: g.missing ?? [],
  };
}

function refJson(s: StatementRef): StatementRefJson {
  return { policy: s.policy, index: s.index, sid: s.sid ?? null, effect: s.effect, file: s.file ?? null, line: s.line ?? null };
}

function boundaryJson(b: AccountBoundary): BoundaryJson {
  return {
    account: b.account ?? null,
    name: b.name ?? null,
    parts: b.parts,
    organization: organizationJson(b.organization),
    principals: b.principals.map((p) => ({ arn: p.arn, kind: p.kind, roleArn: p.roleArn ?? null, sessionName: p.sessionName ?? null })),
    resources: b.resources.map(resourceJson),
    gates: b.gates.map(boundaryGateJson),
  };
}

function organizationJson(o: OrganizationPlace): OrganizationJson {
  if (o.status !== 'member') return { status: o.status, id: null, management: false, path: [], why: o.status === 'unknown' ? o.why : null };
  return { status: 'member', id: o.id, management: o.management, path: o.path.map((l) => ({ id: l.id, kind: l.kind, name: l.name ?? null })), why: null };
}

function resourceJson(r: ResourceNode): ResourceNodeJson {
  return { arn: r.arn, type: r.type, hops: r.hops, encryptedWith: r.encryptedWith ?? null };
}

function boundaryGateJson(g: BoundaryGate): BoundaryGateJson {
  return { hop: g.hop, action: g.action, blocking: g.blocking, ...gateJson(g) };
}

function decidingJson(s: DecidingStatement): DecidingStatementJson {
  return { hop: s.hop, gate: s.gate, account: s.account || null, policy: s.policy, index: s.index, sid: s.sid ?? null, effect: s.effect, statement: s.statement ?? null };
}

function fixJson(f: Fix): FixJson {
  return {
    alternative: f.alternative,
    account: f.account,
    side: f.side,
    gate: f.gate,
    hops: f.hops,
    kind: f.kind,
    policy: f.policy,
    policyKind: f.policyKind,
    attachedTo: f.attachedTo,
    newPolicy: f.newPolicy,
    statement: f.statement ?? null,
    current: f.current ? { index: f.current.index, sid: f.current.sid ?? null, statement: f.current.statement } : null,
    commands: f.commands ?? [],
    reason: f.reason,
    verified: f.verified,
    verifiedDecision: f.verifiedDecision,
    verifiedResidual: f.verifiedResidual ?? [],
  };
}

function blockJson(b: GuardrailBlock): GuardrailBlockJson {
  return {
    guardrail: b.guardrail,
    hop: b.hop,
    account: b.account,
    policy: b.policy,
    statement: b.statement ? { index: b.statement.index, sid: b.statement.sid ?? null, statement: b.statement.statement ?? null } : null,
    targetId: b.targetId ?? null,
    targetName: b.targetName ?? null,
    ou: b.ou ?? null,
    reason: b.reason,
    unfixable: b.unfixable,
  };
}
