import type { CallerIdentity } from '../policy/principal-matcher.js';
import { ALLOWED, REFUSED } from './bounds.js';
import { gateVerdict } from './gate-verdict.js';
import type { GateVerdict } from './result.js';

/**
 * Calls AWS answers without asking any policy.
 *
 * - `sts:GetCallerIdentity`: "No permissions are required to perform this operation. If an
 *   administrator attaches a policy to your identity that explicitly denies access to the
 *   sts:GetCallerIdentity action, you can still perform this operation."
 *   (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)
 * - `sts:GetSessionToken`: "No permissions are required for a user to get a session token … You
 *   cannot use policies to control authentication operations."
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html)
 *   It is called with the long-term credentials of an IAM user or the root user; temporary
 *   credentials cannot call it (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html#stsapi_comparison).
 *
 * Only authenticated IAM callers (users, role sessions, federated users, root users) make these
 * calls; for any other caller the engine decides as usual.
 */
const GET_CALLER_IDENTITY = 'sts:getcalleridentity';
const GET_SESSION_TOKEN = 'sts:getsessiontoken';

/** The gate that decides `action` (lowercased) for `caller` whatever the policies, or undefined. */
export function noPermissionGate(caller: CallerIdentity, action: string): GateVerdict | undefined {
  if (action !== GET_CALLER_IDENTITY && action !== GET_SESSION_TOKEN) return undefined;
  const kind = caller.kind;
  if (kind !== 'user' && kind !== 'role-session' && kind !== 'federated-user' && kind !== 'root') return undefined;
  const account = caller.accountId ?? '';
  if (action === GET_CALLER_IDENTITY) {
    return gateVerdict({
      gate: 'no-permission-needed',
      side: 'caller',
      account,
      allow: ALLOWED,
      reason: 'sts:GetCallerIdentity needs no permission: no policy, not even an explicit Deny, can refuse it (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html)',
    });
  }
  if (kind === 'user' || kind === 'root') {
    return gateVerdict({
      gate: 'no-permission-needed',
      side: 'caller',
      account,
      allow: ALLOWED,
      reason: 'sts:GetSessionToken needs no permission: policies cannot control authentication operations (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html)',
    });
  }
  return gateVerdict({
    gate: 'no-permission-needed',
    side: 'caller',
    account,
    allow: REFUSED,
    reason: 'sts:GetSessionToken is called with the long-term credentials of an IAM user or the root user: a session cannot call it, whatever its policies (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html)',
  });
}
