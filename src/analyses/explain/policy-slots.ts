import { parseArn } from '../../core/arn/arn.js';
import { DiagnosticBag } from '../../core/diagnostics.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import { isUncollected, type Estate, type Resource, type ResourceType, type Role, type User } from '../../core/model/estate.js';
import { withGroup, withPrincipal, withResource, withVpcEndpoint } from '../../core/model/estate-edits.js';
import { vpcEndpointOf } from '../../core/decision/vpc-endpoint-gate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { parsePolicy } from '../../core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../core/policy/policy-types.js';

/**
 * Where a policy document lives, named by keys that survive edits (account, name, ARN), so that
 * several fixes can be applied one after another to copies of the estate.
 */
export type PolicySlot =
  | { readonly kind: 'identity'; readonly accountId: string; readonly principal: 'user' | 'role'; readonly name: string; readonly arn: string; readonly policyName: string }
  | { readonly kind: 'group'; readonly accountId: string; readonly groupName: string; readonly arn: string; readonly policyName: string }
  | { readonly kind: 'boundary'; readonly accountId: string; readonly principal: 'user' | 'role'; readonly name: string; readonly arn: string }
  | { readonly kind: 'session' }
  | { readonly kind: 'trust'; readonly accountId: string; readonly roleName: string; readonly arn: string }
  | { readonly kind: 'resource'; readonly arn: string; readonly accountId: string; readonly policyKind: 'resource' | 'key' }
  /** A VPC endpoint's policy, in the endpoint owner's account; `arn` is the endpoint's ARN. */
  | { readonly kind: 'vpc-endpoint'; readonly accountId: string; readonly endpointId: string; readonly arn: string };

/** The slot of the policy of VPC endpoint `endpointId`, where the estate lists the endpoint. */
export function vpcEndpointSlot(estate: Estate, endpointId: string | undefined): PolicySlot | undefined {
  const endpoint = endpointId !== undefined ? vpcEndpointOf(estate, endpointId) : undefined;
  if (!endpoint) return undefined;
  const arn = `arn:${estate.partition}:ec2:${endpoint.region ?? ''}:${endpoint.accountId}:vpc-endpoint/${endpoint.id}`;
  return { kind: 'vpc-endpoint', accountId: endpoint.accountId, endpointId: endpoint.id, arn };
}

/** The estate and request a fix is tried on: a session policy belongs to the request. */
export interface WhatIf {
  readonly estate: Estate;
  readonly request: AuthorizationRequest;
}

export function policyKindOf(slot: PolicySlot): PolicyKind {
  switch (slot.kind) {
    case 'identity':
    case 'group':
      return 'identity';
    case 'boundary':
      return 'boundary';
    case 'session':
      return 'session';
    case 'trust':
      return 'trust';
    case 'resource':
      return slot.policyKind;
    case 'vpc-endpoint':
      return 'vpc-endpoint';
  }
}

export function attachedToOf(slot: PolicySlot): string {
  return slot.kind === 'session' ? 'session' : slot.arn;
}

/** Identifies a slot, for grouping statements that go into the same document. */
export function slotKey(slot: PolicySlot): string {
  return slot.kind === 'identity' || slot.kind === 'group' ? `${slot.kind}|${slot.arn}|${slot.policyName}` : `${slot.kind}|${slot.kind === 'session' ? '' : slot.arn}`;
}

/** The policy in the slot now; undefined when the slot holds none yet (a new document). */
export function policyIn(w: WhatIf, slot: PolicySlot): Policy | undefined {
  switch (slot.kind) {
    case 'identity': {
      const entity = entityOf(w.estate, slot.accountId, slot.principal, slot.name);
      return entity?.policies.find((p) => p.name === slot.policyName);
    }
    case 'group':
      return w.estate.accounts.get(slot.accountId)?.groups.get(slot.groupName)?.policies.find((p) => p.name === slot.policyName);
    case 'boundary': {
      const b = entityOf(w.estate, slot.accountId, slot.principal, slot.name)?.boundary;
      return b && !isUncollected(b) ? b : undefined;
    }
    case 'session':
      return w.request.sessionPolicy;
    case 'trust':
      return w.estate.accounts.get(slot.accountId)?.roles.get(slot.roleName)?.trustPolicy;
    case 'resource': {
      const p = w.estate.resources.get(slot.arn)?.policy;
      return p && !isUncollected(p) ? p : undefined;
    }
    case 'vpc-endpoint':
      return vpcEndpointOf(w.estate, slot.endpointId)?.policy ?? undefined;
  }
}

/** The name a slot's document has, or will have once created. */
export function policyNameIn(w: WhatIf, slot: PolicySlot): string {
  const existing = policyIn(w, slot);
  if (existing) return existing.name;
  switch (slot.kind) {
    case 'identity':
    case 'group':
      return slot.policyName;
    case 'boundary':
      return `${slot.arn}#boundary`;
    case 'session':
      return 'session policy';
    case 'trust':
      return `${slot.arn}#trust`;
    case 'resource':
      return `${slot.arn}#policy`;
    case 'vpc-endpoint':
      return `vpce:${slot.endpointId}`;
  }
}

/**
 * The estate (and request) with `document` parsed into the slot. Returns undefined when the
 * slot's owner is not in the estate, or when the document does not parse cleanly: a fix that
 * AWS would refuse is never counted as verified.
 */
export function putDocument(w: WhatIf, slot: PolicySlot, document: unknown, catalog: ServiceCatalog | undefined): WhatIf | undefined {
  const kind = policyKindOf(slot);
  const bag = new DiagnosticBag();
  const policy = parsePolicy(document, { kind, name: policyNameIn(w, slot), ...(catalog ? { catalog } : {}) }, bag);
  if (bag.hasErrors || policy.unusable !== undefined) return undefined;
  switch (slot.kind) {
    case 'identity': {
      const entity = entityOf(w.estate, slot.accountId, slot.principal, slot.name);
      if (!entity) return undefined;
      const has = entity.policies.some((p) => p.name === slot.policyName);
      const policies = has ? entity.policies.map((p) => (p.name === slot.policyName ? policy : p)) : [...entity.policies, policy];
      return { ...w, estate: withPrincipal(w.estate, { ...entity, policies } as User | Role) };
    }
    case 'group': {
      const group = w.estate.accounts.get(slot.accountId)?.groups.get(slot.groupName);
      if (!group) return undefined;
      return { ...w, estate: withGroup(w.estate, slot.accountId, { ...group, policies: group.policies.map((p) => (p.name === slot.policyName ? policy : p)) }) };
    }
    case 'boundary': {
      const entity = entityOf(w.estate, slot.accountId, slot.principal, slot.name);
      if (!entity) return undefined;
      return { ...w, estate: withPrincipal(w.estate, { ...entity, boundary: policy } as User | Role) };
    }
    case 'session':
      return { ...w, request: { ...w.request, sessionPolicy: policy } };
    case 'trust': {
      const role = w.estate.accounts.get(slot.accountId)?.roles.get(slot.roleName);
      if (!role) return undefined;
      return { ...w, estate: withPrincipal(w.estate, { ...role, trustPolicy: policy }) };
    }
    case 'resource': {
      const existing = w.estate.resources.get(slot.arn);
      const resource: Resource = existing ? { ...existing, policy } : newResource(slot, policy);
      return { ...w, estate: withResource(w.estate, resource) };
    }
    case 'vpc-endpoint': {
      const endpoint = vpcEndpointOf(w.estate, slot.endpointId);
      return endpoint ? { ...w, estate: withVpcEndpoint(w.estate, { ...endpoint, policy }) } : undefined;
    }
  }
}

function entityOf(estate: Estate, accountId: string, principal: 'user' | 'role', name: string): User | Role | undefined {
  const account = estate.accounts.get(accountId);
  return principal === 'user' ? account?.users.get(name) : account?.roles.get(name);
}

/** A resource of a listed account that the estate did not list has no policy: the fix gives it one. */
function newResource(slot: Extract<PolicySlot, { kind: 'resource' }>, policy: Policy): Resource {
  const arn = parseArn(slot.arn);
  return {
    arn: slot.arn,
    type: resourceTypeOfService(arn?.service ?? '', arn?.resource ?? ''),
    service: arn?.service ?? '',
    accountId: slot.accountId,
    ...(arn?.region ? { region: arn.region } : {}),
    policy,
    tags: {},
  };
}

export function resourceTypeOfService(service: string, resource: string): ResourceType {
  if (service === 's3') return resource.includes('/') ? 'object' : 'bucket';
  if (service === 'kms') return 'key';
  if (service === 'sqs') return 'queue';
  if (service === 'sns') return 'topic';
  if (service === 'lambda') return 'function';
  if (service === 'secretsmanager') return 'secret';
  return 'other';
}
