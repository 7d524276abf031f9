import { membershipOf } from '../../../core/decision/organization-chain.js';
import type { Decision, GateId, StatementRef } from '../../../core/decision/result.js';
import type { Policy } from '../../../core/policy/policy-types.js';
import { findPrincipal, PUBLIC_NODE } from '../../access-graph/graph-nodes.js';
import { isReachingDecision, type AssumeEdge, type GraphNode } from '../../access-graph/graph-types.js';
import { whatCan, type WhatCanEntry } from '../../what-can/what-can.js';
import { administrativeProof, decisionWords, requestOf } from '../engine-probes.js';
import type { FindingContext, FindingDraft, FindingRule } from '../finding-rule.js';
import { accountWords, estateName, listWords } from '../finding-words.js';
import { inboundPolicyOf } from '../inbound-statement.js';
import { outsideBoundary } from '../outside-boundary.js';
import { statementOfRef } from '../policy-sites.js';

const DATA_TYPES = new Set(['bucket', 'object', 'queue', 'topic', 'secret', 'key']);
const MAX_HOPS = 5;

/**
 * Access from outside the organization, directly or through a chain of role assumptions, to data
 * (buckets, objects, queues, topics, secrets, keys) or to an administrative role of an account of
 * the organization. The outside principals are those of the access map's `outside` entries (and
 * `unknown` ones, when the organization was not collected); what each reaches is `what-can`'s
 * answer (every hop decided by the engine); a role is administrative when the engine lets it edit
 * its own permissions. Data anyone can reach is left to `public-resource-policy`.
 */
export const externalAccessOutsideOrganization: FindingRule = {
  id: 'external-access-outside-organization',
  category: 'public-and-external',
  severity: 'high',
  title: 'Principal outside the organization reaches data or an administrative role',
  description:
    'A principal of an account outside the organization (a vendor, a partner, a former subsidiary) can read or write data in the organization, or become an administrator of one of its accounts, either directly or by assuming roles one after another. A data perimeter that checks aws:PrincipalOrgID does not stop the second way: once the outsider assumes a role of the organization, its requests carry the organization\'s id.',
  awsDocs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { node, boundary } of outsideSources(ctx)) {
      const reach = whatCan(ctx.graph, node, { maxHops: MAX_HOPS });
      const byTarget = new Map<string, WhatCanEntry[]>();
      for (const e of reach.entries) {
        if (!DATA_TYPES.has(e.type) || !insideTarget(ctx, node, e.resourceAccount)) continue;
        if (isReachingDecision(ctx.graph.decide(PUBLIC_NODE, e.action, e.resource).decision)) continue;
        const target = bucketOf(e.resource);
        byTarget.set(target, [...(byTarget.get(target) ?? []), e]);
      }
      for (const [target, entries] of byTarget) out.push(dataDraft(ctx, node, boundary, target, entries));
      for (const s of reach.sessions) {
        if (s.chain.length === 0 || s.node.kind !== 'role' || !insideTarget(ctx, node, s.node.accountId)) continue;
        const role = findPrincipal(ctx.estate, s.node.id);
        const proof = role?.kind === 'role' ? administrativeProof(ctx, role) : undefined;
        if (role && proof) out.push(adminDraft(ctx, node, boundary, role.arn, role.accountId, s.chain, proof));
      }
    }
    return out;
  },
};

type Boundary = 'outside' | 'unknown';

/** The principals the access map finds coming from outside the organization (or from an account of unknown membership). */
function outsideSources(ctx: FindingContext): Array<{ node: GraphNode; boundary: Boundary }> {
  const out = new Map<string, { node: GraphNode; boundary: Boundary }>();
  for (const e of ctx.accessMap().entries) {
    if (e.boundary !== 'outside' && e.boundary !== 'unknown') continue;
    for (const node of e.principals.members) {
      const boundary = outsideBoundary(ctx, e.boundary, node.accountId);
      if (boundary !== 'outside' && boundary !== 'unknown') continue;
      if (node.kind !== 'user' && node.kind !== 'role' && node.kind !== 'outside') continue;
      out.set(node.id, { node, boundary });
    }
  }
  return [...out.values()].sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
}

/** A target in an account of the organization (of the estate, when membership is unknown), not the source's own. */
function insideTarget(ctx: FindingContext, source: GraphNode, account: string | undefined): boolean {
  if (account === undefined || account === source.accountId) return false;
  const m = membershipOf(ctx.estate, account);
  if (m.status === 'member') return true;
  return m.status === 'unknown' && ctx.estate.accounts.get(account)?.iamCollected === true;
}

function bucketOf(arn: string): string {
  const m = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn);
  return m ? m[1]! : arn;
}

function sourceWords(ctx: FindingContext, node: GraphNode): string {
  const account = node.accountId ?? '?';
  const vendor = ctx.knownAccounts.get(account) ?? estateName(ctx, account);
  if (node.kind === 'outside' && node.id.endsWith(':root')) return `any principal of account ${accountWords(account, vendor)}`;
  return `${node.label} of account ${accountWords(account, vendor)}`;
}

function chainWords(ctx: FindingContext, chain: readonly AssumeEdge[]): string {
  return chain.map((e) => ctx.graph.node(e.to)?.label ?? e.to).join(' → ');
}

const GRANTING: ReadonlySet<GateId> = new Set(['identity', 'resource', 'key-policy', 'grant', 's3-acl', 'trust']);

/** The statement that lets the last request through on the given side: the requester's identity policy, or the target's policy. */
function grantingStatement(d: Decision, side: 'caller' | 'target'): StatementRef | undefined {
  for (const g of d.hops[0]?.gates ?? []) {
    if (g.side !== side || !GRANTING.has(g.gate) || (g.verdict !== 'allow' && g.verdict !== 'conditional')) continue;
    const s = g.statements.find((x) => x.effect === 'Allow');
    if (s) return s;
  }
  return undefined;
}

function dataDraft(ctx: FindingContext, node: GraphNode, boundary: Boundary, target: string, entries: readonly WhatCanEntry[]): FindingDraft {
  const shortest = [...entries].sort((a, b) => a.chain.length - b.chain.length)[0]!;
  const actions = [...new Set(entries.map((e) => e.action))];
  const resource = ctx.estate.resources.get(target);
  const account = resource?.accountId ?? shortest.resourceAccount ?? '?';
  const requester = shortest.requester;
  const direct = shortest.chain.length === 0;
  const ref = direct ? grantingStatement(shortest.final, 'target') : grantingStatement(shortest.final, 'caller');
  const requesterPrincipal = direct ? undefined : findPrincipal(ctx.estate, requester.id);
  const policyOwner = direct ? inboundPolicyOf(ctx.estate, target) : undefined;
  const policy = direct
    ? policyOwner && ref && ref.policy === policyOwner.policy.name
      ? { name: policyOwner.policy.name, kind: policyOwner.policy.kind, account: policyOwner.account, ...(policyOwner.policy.source ? { source: policyOwner.policy.source } : {}) }
      : undefined
    : ref && requesterPrincipal
      ? identityPolicy(requesterPrincipal.policies, ref, requesterPrincipal.accountId)
      : undefined;
  const via = direct ? 'directly' : `through ${chainWords(ctx, shortest.chain)}`;
  return {
    severity: boundary === 'unknown' ? 'medium' : 'high',
    key: node.accountId ?? node.id,
    fingerprintWithoutPolicy: true,
    message: `${sourceWords(ctx, node)}, ${boundary === 'outside' ? 'outside the organization' : 'of an account whose organization is not known'}, can ${listWords(actions)} on \`${target}\` ${via}`,
    subject: target,
    subjectKind: resource ? (resource.type === 'other' ? 'resource' : resource.type) : 'resource',
    account,
    ...(policy ? { policy } : {}),
    ...(policy && ref ? { statement: statementOfRef(ref) } : {}),
    evidence: entries.map((e) => `${e.action} on ${e.resource}${e.chain.length > 0 ? ` via ${chainWords(ctx, e.chain)}` : ''}: ${e.decision} (the request itself: ${decisionWords(e.final)})`),
    request: requestOf(shortest.final),
    fix: direct
      ? {
          kind: 'remove-principal',
          account,
          ...(policy ? { policy: policy.name } : {}),
          summary: `in account ${account}, remove ${node.accountId ?? node.id} from the policy of \`${target}\`, or require a condition it cannot meet`,
        }
      : {
          kind: 'narrow-permissions',
          account: requester.accountId ?? account,
          ...(policy ? { policy: policy.name } : {}),
          summary: `in account ${requester.accountId ?? account}, take ${listWords(actions)} on \`${target}\` out of the permissions of ${requester.label}, or stop ${node.accountId ?? node.id} from assuming ${ctx.graph.node(shortest.chain[0]!.to)?.label ?? shortest.chain[0]!.to}`,
        },
  };
}

function identityPolicy(policies: readonly Policy[], ref: StatementRef, account: string): FindingDraft['policy'] {
  const p = policies.find((x) => x.name === ref.policy);
  return p ? { name: p.name, kind: p.kind, account, ...(p.source ? { source: p.source } : {}) } : { name: ref.policy, kind: 'identity', account };
}

function adminDraft(ctx: FindingContext, node: GraphNode, boundary: Boundary, roleArn: string, roleAccount: string, chain: readonly AssumeEdge[], proof: Decision): FindingDraft {
  const entry = findPrincipal(ctx.estate, chain[0]!.to);
  const trustRef = grantingStatement(chain[0]!.detail, 'target');
  const trust = entry?.kind === 'role' ? entry.trustPolicy : undefined;
  return {
    severity: boundary === 'unknown' ? 'high' : 'critical',
    key: node.accountId ?? node.id,
    fingerprintWithoutPolicy: true,
    message: `${sourceWords(ctx, node)}, ${boundary === 'outside' ? 'outside the organization' : 'of an account whose organization is not known'}, can become \`${roleArn}\`, an administrative role, through ${chainWords(ctx, chain)}`,
    subject: roleArn,
    subjectKind: 'role',
    account: roleAccount,
    ...(trust && entry ? { policy: { name: trust.name, kind: trust.kind, account: entry.accountId, ...(trust.source ? { source: trust.source } : {}) } } : {}),
    ...(trust && trustRef ? { statement: statementOfRef(trustRef) } : {}),
    evidence: [
      ...chain.map((e) => `${ctx.graph.node(e.from)?.label ?? e.from} → ${ctx.graph.node(e.to)?.label ?? e.to}: ${e.action} ${decisionWords(e.detail)}`),
      `${roleArn} can ${proof.action} on itself: ${decisionWords(proof)}`,
    ],
    request: requestOf(chain[chain.length - 1]!.detail),
    fix: {
      kind: 'replace-principal',
      account: entry?.accountId ?? roleAccount,
      ...(trust ? { policy: trust.name } : {}),
      summary: `in account ${entry?.accountId ?? roleAccount}, stop trusting ${node.accountId ?? node.id} in the trust policy of ${ctx.graph.node(chain[0]!.to)?.label ?? chain[0]!.to}, or take the administrative permissions away from ${ctx.graph.node(roleArn)?.label ?? roleArn}`,
    },
  };
}
