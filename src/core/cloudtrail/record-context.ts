import type { GivenValue } from '../decision/request.js';
import type { CloudTrailRecord } from './cloudtrail-record.js';

/**
 * The global condition keys a record supplies (docs/cloudtrail.md#context-from-a-record; the keys:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). Keys the
 * record cannot tell stay unknown, so conditions on them make the answer `Conditional`: never a
 * guessed value.
 */
export function globalContextOfRecord(record: CloudTrailRecord): Record<string, GivenValue> {
  const out: Record<string, GivenValue> = {};
  const id = record.userIdentity;
  const time = Date.parse(record.eventTime);
  if (!Number.isNaN(time)) {
    out['aws:CurrentTime'] = new Date(time).toISOString().replace('.000Z', 'Z');
    out['aws:EpochTime'] = String(Math.floor(time / 1000));
  }
  if (record.awsRegion) out['aws:RequestedRegion'] = record.awsRegion;
  if (id.type === 'AWSService') return out;
  if (record.sourceIPAddress && isIpAddress(record.sourceIPAddress)) out['aws:SourceIp'] = record.sourceIPAddress;
  // CloudTrail writes `vpcEndpointId` on every request that came through an endpoint: no id, no endpoint.
  out['aws:SourceVpce'] = record.vpcEndpointId ? record.vpcEndpointId : null;
  if (record.tlsDetails) out['aws:SecureTransport'] = 'true';
  const mfa = id.sessionContext?.attributes?.mfaAuthenticated;
  if (mfa === 'true' || mfa === 'false') out['aws:MultiFactorAuthPresent'] = mfa;
  // Long-term access keys carry no MFA key at all (docs/aws-authorization.md#global-condition-keys).
  else if ((id.type === 'IAMUser' || id.type === 'Root') && !id.sessionContext) out['aws:MultiFactorAuthPresent'] = null;
  if (id.type === 'AssumedRole' && id.sessionContext) out['aws:SourceIdentity'] = id.sessionContext.sourceIdentity ?? null;
  out['aws:ViaAWSService'] = id.invokedBy ? 'true' : 'false';
  return out;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `sourceIPAddress` holds a service's name when a service made the call (`s3.amazonaws.com`, `AWS Internal`). */
function isIpAddress(value: string): boolean {
  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255);
  return /^[0-9a-fA-F:]+$/.test(value) && value.includes(':');
}
