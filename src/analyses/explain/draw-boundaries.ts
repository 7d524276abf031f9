import { parseArn } from '../../core/arn/arn.js';
import { membershipOf } from '../../core/decision/organization-chain.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import { resolveCaller } from '../../core/decision/resolve-caller.js';
import type { Decision, GateVerdict } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { AccountBoundary, BoundaryGate, BoundaryPart, OrganizationPlace, PrincipalNode, ResourceNode } from './explanation.js';
import { resourceTypeOfService } from './policy-slots.js';

/** Whether a gate of a hop keeps the request from being allowed. */
export type IsBlocking = (hop: number, gate: GateVerdict) => boolean;

interface Draft {
  account?: string;
  parts: BoundaryPart[];
  principals: PrincipalNode[];
  resources: ResourceNode[];
  gates: BoundaryGate[];
}

/**
 * One box per account that takes part (results.md "Sides and gates"): the caller's (its principal,
 * identity policies, boundary, session policy, SCP chain), the target's (the resource and its
 * policy, RCP chain), and any third account, such as the owner of the KMS key of an implied hop.
 * A request sent through a VPC endpoint crosses the network between them: the endpoint's gate is
 * drawn in a `network` box of the endpoint owner's account, second, after the caller's.
 * A caller outside every account (an AWS service, an anonymous caller) gets a box of its own.
 */
export function drawBoundaries(estate: Estate, request: AuthorizationRequest, decision: Decision, isBlocking: IsBlocking): AccountBoundary[] {
  const drafts = new Map<string, Draft>();
  const draft = (key: string, account: string | undefined): Draft => {
    let d = drafts.get(key);
    if (!d) {
      d = { ...(account !== undefined ? { account } : {}), parts: [], principals: [], resources: [], gates: [] };
      drafts.set(key, d);
    }
    return d;
  };
  const main = decision.hops[0]!;
  const callerKey = main.callerAccount ?? `outside:${request.principal}`;
  const caller = draft(callerKey, main.callerAccount);
  caller.parts.push('caller');
  caller.principals.push(principalNode(estate, request));
  // The network between caller and target (docs/aws-authorization.md#vpc-endpoint-policy): a box of its own, drawn second.
  const networkKey = (account: string): string => `network:${account}`;
  for (const hop of decision.hops) {
    for (const gate of hop.gates) if (gate.side === 'network') draft(networkKey(gate.account), gate.account || undefined).parts.splice(0, 1, 'network');
  }

  const keyOf = (account: string | undefined): string => (account === undefined || account === '' ? callerKey : account);
  const encryptedWith = decision.hops.find((h, i) => i > 0 && h.action.toLowerCase().startsWith('kms:'))?.resource;
  decision.hops.forEach((hop, i) => {
    const key = keyOf(hop.resourceAccount);
    const box = draft(key, hop.resourceAccount);
    const part: BoundaryPart = i > 0 && hop.action.toLowerCase().startsWith('kms:') ? 'key-owner' : 'target';
    if (!box.parts.includes(part)) box.parts.push(part);
    const known = box.resources.find((r) => r.arn === hop.resource);
    if (known) (known.hops as number[]).push(i);
    else box.resources.push(resourceNode(hop.resource, hop.action, i, i === 0 ? encryptedWith : undefined));
    for (const gate of hop.gates) {
      const owner = gate.side === 'network' ? draft(networkKey(gate.account), gate.account || undefined) : draft(keyOf(gate.account), gate.account || undefined);
      owner.gates.push({ ...gate, hop: i, action: hop.action, blocking: isBlocking(i, gate) });
    }
  });

  return [...drafts.values()].map((d) => ({
    ...(d.account !== undefined ? { account: d.account } : {}),
    ...(d.account !== undefined && estate.accounts.get(d.account)?.name !== undefined ? { name: estate.accounts.get(d.account)!.name! } : {}),
    parts: d.parts,
    organization: d.account !== undefined ? organizationPlace(estate, d.account) : { status: 'outside' },
    principals: d.principals,
    resources: d.resources,
    gates: d.gates,
  }));
}

function principalNode(estate: Estate, request: AuthorizationRequest): PrincipalNode {
  const c = resolveCaller(estate, request.principal, request.sessionIssuer);
  const id = c.identity;
  return {
    arn: request.principal,
    kind: id.kind,
    ...(id.roleArn !== undefined ? { roleArn: id.roleArn } : {}),
    ...(id.kind === 'role-session' && c.sessionName !== undefined && request.principal.startsWith('arn:') && request.principal.includes(':assumed-role/') ? { sessionName: c.sessionName } : {}),
  };
}

function resourceNode(arn: string, action: string, hop: number, encryptedWith: string | undefined): ResourceNode {
  const parsed = parseArn(arn);
  const type = !parsed ? 'resource' : parsed.service === 'iam' && parsed.resource.startsWith('role/') ? 'role' : resourceTypeOfService(parsed.service, parsed.resource);
  return { arn, type: type === 'other' ? (parsed?.service ?? action.split(':')[0] ?? 'resource') : type, hops: [hop], ...(encryptedWith ? { encryptedWith } : {}) };
}

function organizationPlace(estate: Estate, account: string): OrganizationPlace {
  const m = membershipOf(estate, account);
  if (m.status === 'outside') return { status: 'outside' };
  if (m.status === 'unknown') return { status: 'unknown', why: m.why };
  return {
    status: 'member',
    id: m.organization.id,
    management: m.isManagement,
    path: m.chain.map((n) => ({ id: n.id, kind: n.kind, ...(n.name !== undefined ? { name: n.name } : {}) })),
  };
}
