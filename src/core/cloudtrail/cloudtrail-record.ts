/**
 * The parts of a CloudTrail event record that trustmap reads, in the shape CloudTrail delivers them
 * ("CloudTrail record contents", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html;
 * the `userIdentity` element, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 * Fields trustmap does not read are not listed; a record keeps them, they are ignored.
 */

export interface CloudTrailSessionContext {
  readonly attributes?: { readonly mfaAuthenticated?: string; readonly creationDate?: string };
  readonly sessionIssuer?: { readonly type?: string; readonly arn?: string; readonly accountId?: string; readonly userName?: string; readonly principalId?: string };
  /** Set when the session was created with a source identity. */
  readonly sourceIdentity?: string;
  readonly webIdFederationData?: { readonly federatedProvider?: string; readonly attributes?: Readonly<Record<string, unknown>> };
}

export interface CloudTrailUserIdentity {
  /** `Root`, `IAMUser`, `AssumedRole`, `Role`, `FederatedUser`, `AWSAccount`, `AWSService`, `SAMLUser`, `WebIdentityUser`, `IdentityCenterUser`, `Directory`, `Unknown`. */
  readonly type: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
  /** `AWSService` callers, and calls a service made on a principal's behalf. */
  readonly invokedBy?: string;
  /** `SAMLUser` and `WebIdentityUser`: the provider. */
  readonly identityProvider?: string;
  readonly sessionContext?: CloudTrailSessionContext;
}

export interface CloudTrailResource {
  readonly ARN?: string;
  readonly accountId?: string;
  readonly type?: string;
}

export interface CloudTrailRecord {
  readonly eventVersion?: string;
  /** ISO 8601, UTC: when the request completed. */
  readonly eventTime: string;
  /** The service the request went to, `s3.amazonaws.com`. */
  readonly eventSource: string;
  /** The API operation, `GetObject`. */
  readonly eventName: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly userIdentity: CloudTrailUserIdentity;
  readonly requestParameters?: Readonly<Record<string, unknown>> | null;
  readonly responseElements?: Readonly<Record<string, unknown>> | null;
  readonly additionalEventData?: Readonly<Record<string, unknown>>;
  /** Absent when the call succeeded. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly eventID?: string;
  readonly eventType?: string;
  /** The account that received this copy of the event. */
  readonly recipientAccountId?: string;
  /** The same id on each account's copy of a cross-account event. */
  readonly sharedEventID?: string;
  readonly vpcEndpointId?: string;
  readonly resources?: readonly CloudTrailResource[];
  readonly tlsDetails?: { readonly tlsVersion?: string; readonly cipherSuite?: string; readonly clientProvidedHostHeader?: string };
  readonly readOnly?: boolean;
}

/** Where a record was read: the file, the JSON pointer of the record inside it, and its line where the reader could tell. */
export interface RecordSource {
  readonly file: string;
  readonly pointer: string;
  readonly line?: number;
}

/**
 * A record as read: a value is a record when it has the fields every record has (`eventTime`,
 * `eventSource`, `eventName`, `userIdentity.type`) of the right type. Returns the problem in words
 * otherwise, naming the first field that is wrong.
 */
export function asCloudTrailRecord(value: unknown): CloudTrailRecord | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a record is not a JSON object';
  const v = value as Record<string, unknown>;
  for (const field of ['eventTime', 'eventSource', 'eventName'] as const) {
    if (typeof v[field] !== 'string' || v[field] === '') return `\`${field}\` is missing or not a string`;
  }
  if (Number.isNaN(Date.parse(v['eventTime'] as string))) return `\`eventTime\` \`${String(v['eventTime'])}\` is not a date`;
  const identity = v['userIdentity'];
  if (typeof identity !== 'object' || identity === null || Array.isArray(identity)) return '`userIdentity` is missing or not an object';
  if (typeof (identity as Record<string, unknown>)['type'] !== 'string') return '`userIdentity.type` is missing or not a string';
  const params = v['requestParameters'];
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) return '`requestParameters` is not an object';
  if (v['resources'] !== undefined && !Array.isArray(v['resources'])) return '`resources` is not a list';
  if (v['errorCode'] !== undefined && v['errorCode'] !== null && typeof v['errorCode'] !== 'string') return '`errorCode` is not a string';
  return value as CloudTrailRecord;
}

/** A string field of `requestParameters`, or undefined. */
export function requestParameter(record: CloudTrailRecord, name: string): string | undefined {
  const value = record.requestParameters?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
