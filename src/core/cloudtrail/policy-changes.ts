import { requestParameter, type CloudTrailRecord } from './cloudtrail-record.js';

/**
 * What a policy-change event changed, as entity keys: `role:<account>:<name>`,
 * `user:<account>:<name>`, `group:<account>:<name>`, `policy:<managed policy ARN>`,
 * `resource:<ARN>` (a bucket, key, queue, topic, secret or function), or `organization` (an SCP or
 * RCP, attached, detached or edited: it may bind any request). Replay calls a disagreement *drift*
 * when such a change on an entity of the request falls between the call and the snapshot
 * (docs/cloudtrail.md#drift-and-gaps).
 */
export interface PolicyChange {
  readonly eventName: string;
  readonly time: number;
  readonly entities: readonly string[];
}

type EntityOf = (record: CloudTrailRecord, account: string) => string | undefined;

const role: EntityOf = (r, a) => named('role', a, requestParameter(r, 'roleName'));
const user: EntityOf = (r, a) => named('user', a, requestParameter(r, 'userName'));
const group: EntityOf = (r, a) => named('group', a, requestParameter(r, 'groupName'));
const managedPolicy: EntityOf = (r) => prefixed('policy', requestParameter(r, 'policyArn'));
const bucket: EntityOf = (r, _a) => {
  const name = requestParameter(r, 'bucketName');
  return name ? `resource:arn:aws:s3:::${name}` : listed(r);
};
const key: EntityOf = (r, a) => {
  const id = requestParameter(r, 'keyId');
  if (id?.startsWith('arn:')) return `resource:${id}`;
  return listed(r) ?? (id && r.awsRegion ? `resource:arn:aws:kms:${r.awsRegion}:${a}:key/${id}` : undefined);
};
const queue: EntityOf = (r) => {
  const url = requestParameter(r, 'queueUrl');
  const m = url ? /^https?:\/\/(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?\/(\d{12})\/([^/?#]+)/.exec(url) : null;
  return m ? `resource:arn:aws:sqs:${m[1]}:${m[2]}:${m[3]}` : listed(r);
};
const topic: EntityOf = (r) => prefixed('resource', requestParameter(r, 'topicArn'));
const secret: EntityOf = (r) => prefixed('resource', requestParameter(r, 'secretId'));
const lambdaFunction: EntityOf = (r, a) => {
  const name = requestParameter(r, 'functionName');
  if (!name) return listed(r);
  if (name.startsWith('arn:')) return `resource:${name}`;
  const partial = /^(\d{12}):function:(.+)$/.exec(name);
  if (partial && r.awsRegion) return `resource:arn:aws:lambda:${r.awsRegion}:${partial[1]}:function:${partial[2]}`;
  return r.awsRegion ? `resource:arn:aws:lambda:${r.awsRegion}:${a}:function:${name}` : undefined;
};
const organization: EntityOf = () => 'organization';

/** Successful calls that change who may do what, by event source and name (Lambda's versioned names are matched by prefix). */
const CHANGES: ReadonlyMap<string, EntityOf> = new Map<string, EntityOf>([
  ...names('iam', role, ['PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'UpdateAssumeRolePolicy', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary', 'TagRole', 'UntagRole', 'DeleteRole', 'CreateRole']),
  ...names('iam', user, ['PutUserPolicy', 'DeleteUserPolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary', 'AddUserToGroup', 'RemoveUserFromGroup', 'TagUser', 'UntagUser', 'DeleteUser', 'CreateUser']),
  ...names('iam', group, ['PutGroupPolicy', 'DeleteGroupPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy']),
  ...names('iam', managedPolicy, ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy']),
  ...names('s3', bucket, ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutBucketOwnershipControls', 'DeleteBucketOwnershipControls', 'PutBucketEncryption', 'DeleteBucketEncryption']),
  ...names('kms', key, ['PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'DisableKey', 'EnableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion']),
  ...names('sqs', queue, ['SetQueueAttributes', 'AddPermission', 'RemovePermission']),
  ...names('sns', topic, ['SetTopicAttributes', 'AddPermission', 'RemovePermission']),
  ...names('secretsmanager', secret, ['PutResourcePolicy', 'DeleteResourcePolicy']),
  ...names('lambda', lambdaFunction, ['AddPermission', 'RemovePermission']),
  ...names('organizations', organization, ['AttachPolicy', 'DetachPolicy', 'UpdatePolicy', 'DeletePolicy', 'EnablePolicyType', 'DisablePolicyType', 'MoveAccount']),
]);

function names(service: string, entity: EntityOf, events: readonly string[]): Array<[string, EntityOf]> {
  return events.map((e) => [`${service}.amazonaws.com ${e}`, entity]);
}

/** The change a successful policy-change event made, or undefined for any other record. */
export function policyChangeOf(record: CloudTrailRecord): PolicyChange | undefined {
  if (record.errorCode) return undefined;
  // Lambda names its control-plane events with an API version: `AddPermission20150331v2`.
  const eventName = record.eventSource === 'lambda.amazonaws.com' ? record.eventName.replace(/\d{8}(v\d+)?$/, '') : record.eventName;
  const entityOf = CHANGES.get(`${record.eventSource} ${eventName}`);
  if (!entityOf) return undefined;
  const account = record.recipientAccountId ?? record.userIdentity.accountId ?? '';
  const entity = entityOf(record, account);
  const time = Date.parse(record.eventTime);
  if (!entity || Number.isNaN(time)) return undefined;
  return { eventName: record.eventName, time, entities: [entity] };
}

function named(kind: string, account: string, name: string | undefined): string | undefined {
  return name && account ? `${kind}:${account}:${name}` : undefined;
}

function prefixed(kind: string, arn: string | undefined): string | undefined {
  return arn ? `${kind}:${arn}` : undefined;
}

function listed(r: CloudTrailRecord): string | undefined {
  const arn = r.resources?.find((x) => typeof x.ARN === 'string')?.ARN;
  return arn ? `resource:${arn}` : undefined;
}
