import { parseArn } from '../arn/arn.js';
import type { CallerIdentity } from '../policy/principal-matcher.js';
import { assumption, type Assumption } from './result.js';

/**
 * Roles that only the AWS service managing them may change, whatever IAM policies say.
 *
 * - Service-linked roles (path `/aws-service-role/<service principal>/`): "service-linked roles are
 *   protected AWS resources. Only the service that depends on the service-linked role can modify or
 *   delete the role on your behalf" (UnmodifiableEntityException,
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html); "To attach a
 *   policy to this service-linked role, you must make the request using the AWS service that
 *   depends on this role" (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html).
 * - IAM Identity Center roles (path `/aws-reserved/sso.amazonaws.com/`, `AWSReservedSSO_*`):
 *   managed by Identity Center alone. Working assumption, by analogy with the above and with the
 *   Identity Center service-linked role's own policy, which is scoped to that path
 *   (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html,
 *   https://docs.aws.amazon.com/singlesignon/latest/userguide/slrpermissions.html).
 *
 * Covered: the write and permissions-management actions below. Exempt: `iam:UpdateRoleDescription`
 * ("You can edit the description of any role", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-description.html),
 * `iam:DeleteServiceLinkedRole` (the API meant for service-linked roles), read actions, and the
 * managing service itself. `iam:PassRole` of an Identity Center role is not covered (working
 * assumption, see `PASS_ROLE_ASSUMPTION`).
 */
export interface ProtectedRole {
  readonly kind: 'service-linked' | 'identity-center';
  /** The service principal that manages the role (`elasticloadbalancing.amazonaws.com`, `sso.amazonaws.com`). */
  readonly service: string;
}

/** Lowercased, as the engine's actions are. */
const COVERED = new Set([
  'iam:putrolepolicy',
  'iam:attachrolepolicy',
  'iam:detachrolepolicy',
  'iam:deleterolepolicy',
  'iam:updateassumerolepolicy',
  'iam:updaterole',
  'iam:putrolepermissionsboundary',
  'iam:deleterolepermissionsboundary',
  'iam:deleterole',
  'iam:tagrole',
  'iam:untagrole',
]);

const SLR_PATH = 'role/aws-service-role/';
const SSO_PATH = 'role/aws-reserved/sso.amazonaws.com/';
const SSO_SERVICE = 'sso.amazonaws.com';

export const PASS_ROLE_ASSUMPTION: Assumption = assumption(
  'identity-center-pass-role',
  'working assumption: iam:PassRole of an IAM Identity Center role is not refused as a change to a protected role (passing a role does not modify it); it is decided by the caller\'s policies as usual, and the receiving service can only use the role if its trust policy, which trusts the Identity Center SAML provider alone, lets it',
);

const SSO_ASSUMPTION: Assumption = assumption(
  'identity-center-protected',
  'working assumption: IAM Identity Center roles (path /aws-reserved/sso.amazonaws.com/) can be changed only by IAM Identity Center, as service-linked roles only by their service',
);

/** Whether a role, named by its ARN with its path, is protected, and by which service. */
export function protectedRoleOf(roleArn: string): ProtectedRole | undefined {
  const arn = parseArn(roleArn);
  if (!arn || arn.service !== 'iam') return undefined;
  const resource = arn.resource;
  if (resource.startsWith(SLR_PATH)) {
    const rest = resource.slice(SLR_PATH.length);
    const cut = rest.indexOf('/');
    if (cut <= 0) return undefined;
    return { kind: 'service-linked', service: rest.slice(0, cut).toLowerCase() };
  }
  if (resource.startsWith(SSO_PATH)) return { kind: 'identity-center', service: SSO_SERVICE };
  return undefined;
}

/** The verdict of the protected-role rule on one request. */
export type ProtectedRoleRule =
  | { readonly refused: true; readonly reason: string; readonly assumption?: Assumption }
  | { readonly refused: false; readonly assumption?: Assumption };

/**
 * Whether `action` (lowercased) by `caller` on the protected role `role` is refused. The managing
 * service acts as its service principal, or, for Identity Center, through its own service-linked
 * role (`/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO`), whose policy is scoped to
 * the roles it manages.
 */
export function protectedRoleRule(role: ProtectedRole, caller: CallerIdentity, action: string): ProtectedRoleRule {
  if (role.kind === 'identity-center' && action === 'iam:passrole') return { refused: false, assumption: PASS_ROLE_ASSUMPTION };
  if (!COVERED.has(action)) return { refused: false };
  if (isManagingService(role, caller)) return { refused: false };
  const what = role.kind === 'service-linked' ? 'a service-linked role' : 'an IAM Identity Center role';
  const reason = `the role is ${what}: only ${role.service} can change it, whatever IAM policies allow (${role.kind === 'service-linked' ? 'https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html' : 'working assumption, https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html'})`;
  return role.kind === 'identity-center' ? { refused: true, reason, assumption: SSO_ASSUMPTION } : { refused: true, reason };
}

function isManagingService(role: ProtectedRole, caller: CallerIdentity): boolean {
  if (caller.kind === 'service') return caller.serviceName === role.service;
  if (caller.kind === 'role-session' && caller.roleArn !== undefined) {
    const own = protectedRoleOf(caller.roleArn);
    return own !== undefined && own.kind === 'service-linked' && own.service === role.service;
  }
  return false;
}
