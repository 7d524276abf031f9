import type { GivenValue } from '../../core/decision/request.js';
import type { CallerIdentity } from '../../core/policy/principal-matcher.js';
import type { ConditionJson, PrincipalElementJson } from '../../core/policy/minimal-statement.js';

/** How a resource-side statement names the caller, scoped to exactly that caller. */
export type StatementPrincipal =
  | {
      readonly ok: true;
      readonly element: PrincipalElementJson;
      /** The caller as `aws:PrincipalArn` reports it, for exempting it from a Deny; undefined for services and identity providers. */
      readonly principalArn?: string;
      /** For a service principal: the source keys the request gave, so the grant covers only that source (docs/aws-authorization.md#service-principal-confused-deputy). */
      readonly condition?: ConditionJson;
      /** A word for Sids: the role, user or service name. */
      readonly shortName: string;
    }
  | { readonly ok: false; readonly why: string };

/**
 * The exact principal a fix names (results.md "Fixes"): the role for a role session (not the
 * session, which ends), the user, the federated-user session, the account root only for the root
 * user itself, the identity provider, or the service with its source. Never `*`, never public.
 */
export function statementPrincipal(caller: CallerIdentity, context: Readonly<Record<string, GivenValue>> | undefined): StatementPrincipal {
  switch (caller.kind) {
    case 'role-session': {
      const roleArn = caller.roleArn ?? caller.arn;
      return { ok: true, element: { AWS: roleArn }, principalArn: roleArn, shortName: lastSegment(roleArn) };
    }
    case 'user':
      return { ok: true, element: { AWS: caller.arn }, principalArn: caller.arn, shortName: lastSegment(caller.arn) };
    case 'federated-user':
      return { ok: true, element: { AWS: caller.arn }, principalArn: caller.arn, shortName: lastSegment(caller.arn) };
    case 'root':
      return { ok: true, element: { AWS: caller.arn }, principalArn: caller.arn, shortName: `account ${caller.accountId ?? ''}` };
    case 'saml':
    case 'web-identity': {
      const provider = caller.federatedProvider ?? caller.arn;
      return { ok: true, element: { Federated: provider }, shortName: lastSegment(provider) };
    }
    case 'service': {
      const service = caller.serviceName ?? caller.arn;
      const condition = sourceCondition(context);
      return { ok: true, element: { Service: service }, ...(condition ? { condition } : {}), shortName: service.split('.')[0] ?? service };
    }
    case 'anonymous':
      return { ok: false, why: 'an anonymous caller can only be let in by a public grant, which trustmap never proposes' };
  }
}

/** `aws:SourceArn` and `aws:SourceAccount` as the request gave them (docs/aws-authorization.md#service-principal-confused-deputy, #service-source-keys). */
function sourceCondition(context: Readonly<Record<string, GivenValue>> | undefined): ConditionJson | undefined {
  const arn = givenString(context, 'aws:SourceArn');
  const account = givenString(context, 'aws:SourceAccount');
  if (arn === undefined && account === undefined) return undefined;
  return {
    ...(arn !== undefined ? { ArnEquals: { 'aws:SourceArn': arn } } : {}),
    ...(account !== undefined ? { StringEquals: { 'aws:SourceAccount': account } } : {}),
  };
}

export function givenString(context: Readonly<Record<string, GivenValue>> | undefined, key: string): string | undefined {
  if (!context) return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower && typeof v === 'string') return v;
  return undefined;
}

function lastSegment(arn: string): string {
  const tail = arn.slice(arn.lastIndexOf(':') + 1);
  return tail.slice(tail.lastIndexOf('/') + 1);
}
