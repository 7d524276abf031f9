import type { AuthorizationRequest } from '../../core/decision/request.js';
import { resolveCaller } from '../../core/decision/resolve-caller.js';
import type { Estate, PrincipalBase } from '../../core/model/estate.js';

/**
 * The entities whose policies decide a request, as policy-change entity keys (policy-changes.ts):
 * the caller (its role or user, the user's groups, their managed policies), the target (the role
 * assumed, or the resource: an object's bucket, and the key that encrypts it), and the organization.
 */
export function entitiesOfRequest(estate: Estate, request: AuthorizationRequest): Set<string> {
  const out = new Set<string>(['organization']);
  const caller = resolveCaller(estate, request.principal, request.sessionIssuer);
  const entity = caller.role ?? caller.user ?? caller.issuer;
  if (entity) addPrincipal(out, entity, estate);
  const sessionRole = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(request.principal);
  if (sessionRole) out.add(`role:${sessionRole[1]}:${sessionRole[2]}`);
  const target = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(request.resource);
  if (target) {
    out.add(`role:${target[1]}:${target[2]}`);
    return out;
  }
  const slash = request.resource.startsWith('arn:aws:s3:::') ? request.resource.indexOf('/') : -1;
  const resourceArn = slash > 0 ? request.resource.slice(0, slash) : request.resource;
  out.add(`resource:${resourceArn}`);
  const resource = estate.resources.get(resourceArn);
  const key = resource?.kmsKeyArn ?? resource?.s3?.defaultKmsKeyArn;
  if (key) out.add(`resource:${key}`);
  return out;
}

function addPrincipal(out: Set<string>, entity: PrincipalBase & { kind?: string }, estate: Estate): void {
  const kind = entity.arn.includes(':role/') ? 'role' : 'user';
  out.add(`${kind}:${entity.accountId}:${entity.name}`);
  for (const p of entity.policies) if (p.name.startsWith('arn:')) out.add(`policy:${p.name}`);
  if ('groups' in entity && Array.isArray(entity.groups)) {
    const account = estate.accounts.get(entity.accountId);
    for (const g of entity.groups as string[]) {
      out.add(`group:${entity.accountId}:${g}`);
      for (const p of account?.groups.get(g)?.policies ?? []) if (p.name.startsWith('arn:')) out.add(`policy:${p.name}`);
    }
  }
}
