import type { AuthorizationRequest } from '../../core/decision/request.js';
import { resolveCaller, type ResolvedCaller } from '../../core/decision/resolve-caller.js';
import { resolveResource, type ResolvedResource } from '../../core/decision/resolve-resource.js';
import type { GateVerdict, HopDecision, StatementRef } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { Change } from './change.js';
import { policyIn, vpcEndpointSlot, type PolicySlot, type WhatIf } from './policy-slots.js';
import { statementPrincipal } from './statement-principal.js';

export interface DenyRemedies {
  readonly changes: readonly Change[];
  readonly notes: readonly string[];
}

/**
 * An explicit Deny is never overridden by an Allow (docs/aws-authorization.md#explicit-deny-wins): the statement itself must change.
 * In a resource, trust or key policy the statement is kept and the exact caller exempted with
 * `ArnNotEquals aws:PrincipalArn`; in the caller's own policies the action (or the resource) is
 * taken out of its list; otherwise the statement is removed. Guardrails are not handled here: no
 * IAM change can lift them.
 */
export function denyRemedies(w: WhatIf, hop: HopDecision, index: number): DenyRemedies {
  const caller = resolveCaller(w.estate, w.request.principal, w.request.sessionIssuer);
  const resource = resolveResource(w.estate, hop.resource, hop.action.toLowerCase());
  const changes: Change[] = [];
  const notes: string[] = [];
  for (const gate of hop.gates) {
    if (gate.verdict !== 'deny' || gate.guardrail) continue;
    for (const ref of gate.statements) {
      if (ref.effect !== 'Deny') continue;
      const slot = slotOf(w.estate, caller, resource, gate, ref);
      const statement = slot ? policyIn(w, slot)?.statements.find((s) => s.index === ref.index) : undefined;
      if (!slot || !statement) {
        notes.push(`the denying statement ${ref.index} of \`${ref.policy}\` could not be found in the estate`);
        continue;
      }
      changes.push(narrowed(w.request, caller, gate, ref, slot, statement.raw, hop, index));
    }
  }
  return { changes, notes };
}

function narrowed(request: AuthorizationRequest, caller: ResolvedCaller, gate: GateVerdict, ref: StatementRef, slot: PolicySlot, raw: unknown, hop: HopDecision, index: number): Change {
  const base = {
    slot,
    account: gate.account,
    side: gate.side,
    gate: gate.gate,
    hops: [index],
    index: ref.index,
    ...(ref.sid !== undefined ? { sid: ref.sid } : {}),
    current: raw,
  };
  const named = ref.sid !== undefined ? `statement \`${ref.sid}\`` : `statement ${ref.index}`;
  if (gate.side === 'target' || gate.side === 'network') {
    const principal = statementPrincipal(caller.identity, request.context);
    if (principal.ok && principal.principalArn !== undefined) {
      return {
        ...base,
        op: 'replace',
        statement: exemptingPrincipal(raw, principal.principalArn),
        reason: `${named} of \`${ref.policy}\` denies it: keep it for everyone else and exempt ${principal.principalArn}`,
      };
    }
  } else {
    const without = withoutListEntry(raw, 'Action', hop.action) ?? withoutListEntry(raw, 'Resource', hop.resource);
    if (without) return { ...base, op: 'replace', statement: without, reason: `${named} of \`${ref.policy}\` denies ${hop.action} on ${hop.resource}: take it out of the statement's list` };
  }
  return { ...base, op: 'remove', reason: `${named} of \`${ref.policy}\` denies ${hop.action} on ${hop.resource}, and nothing narrower than removing it lifts the deny` };
}

/** The statement with `aws:PrincipalArn` of the caller added to an `ArnNotEquals` test: a Deny then no longer applies to it. */
function exemptingPrincipal(raw: unknown, principalArn: string): unknown {
  const statement = raw as Record<string, unknown>;
  const condition = { ...((statement.Condition as Record<string, unknown> | undefined) ?? {}) };
  const block = { ...((condition.ArnNotEquals as Record<string, unknown> | undefined) ?? {}) };
  const key = Object.keys(block).find((k) => k.toLowerCase() === 'aws:principalarn') ?? 'aws:PrincipalArn';
  const prior = block[key];
  const values = prior === undefined ? [] : Array.isArray(prior) ? prior : [prior];
  block[key] = values.length === 0 ? principalArn : [...values, principalArn];
  condition.ArnNotEquals = block;
  return { ...statement, Condition: condition };
}

/** The statement with `value` taken out of a literal list element, when the list keeps other entries. */
function withoutListEntry(raw: unknown, element: 'Action' | 'Resource', value: string): unknown {
  const statement = raw as Record<string, unknown>;
  const list = statement[element];
  if (!Array.isArray(list) || list.length < 2) return undefined;
  const same = (x: unknown): boolean => typeof x === 'string' && (element === 'Action' ? x.toLowerCase() === value.toLowerCase() : x === value);
  if (!list.some(same)) return undefined;
  if (list.some((x) => typeof x !== 'string' || /[*?]/.test(x))) return undefined;
  return { ...statement, [element]: list.filter((x) => !same(x)) };
}

function slotOf(estate: Estate, caller: ResolvedCaller, resource: ResolvedResource, gate: GateVerdict, ref: StatementRef): PolicySlot | undefined {
  const entity = caller.user ?? caller.role ?? caller.issuer;
  switch (gate.gate) {
    case 'identity': {
      if (!entity) return undefined;
      if (entity.policies.some((p) => p.name === ref.policy)) {
        return { kind: 'identity', accountId: entity.accountId, principal: entity.kind, name: entity.name, arn: entity.arn, policyName: ref.policy };
      }
      const user = caller.user ?? caller.issuer;
      const account = estate.accounts.get(entity.accountId);
      const group = user?.groups.map((g) => account?.groups.get(g)).find((g) => g?.policies.some((p) => p.name === ref.policy));
      return group ? { kind: 'group', accountId: entity.accountId, groupName: group.name, arn: group.arn, policyName: ref.policy } : undefined;
    }
    case 'boundary':
      return entity ? { kind: 'boundary', accountId: entity.accountId, principal: entity.kind, name: entity.name, arn: entity.arn } : undefined;
    case 'session':
      return { kind: 'session' };
    case 'trust':
      return resource.role && resource.accountId ? { kind: 'trust', accountId: resource.accountId, roleName: resource.role.name, arn: resource.role.arn } : undefined;
    case 'access-point':
      return resource.entry ? { kind: 'resource', arn: resource.entry.arn, accountId: resource.entry.accountId, policyKind: 'resource' } : undefined;
    case 'resource':
    case 'key-policy': {
      // Through an access point, the `resource` gate is the bucket's policy (docs/aws-authorization.md#s3-access-points).
      const owner = resource.bucketSide ? resource.bucketSide.bucket : (resource.bucket ?? resource.entry);
      return owner ? { kind: 'resource', arn: owner.arn, accountId: owner.accountId, policyKind: gate.gate === 'key-policy' ? 'key' : 'resource' } : undefined;
    }
    case 'vpc-endpoint':
      return vpcEndpointSlot(estate, gate.targetId);
    default:
      return undefined;
  }
}
