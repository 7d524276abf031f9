/**
 * The API calls trustmap models, from a CloudTrail event (`eventSource`, `eventName`) to an IAM
 * request: the action it is authorized as, how its resource ARN is built, and which condition keys
 * its `requestParameters` supply (docs/cloudtrail.md#modelled-calls). Every other call is counted
 * as not modelled, never guessed.
 */

/** How a call names its resource. */
export type ResourceRule =
  /** `requestParameters.roleArn` (STS). */
  | 'role-arn'
  /** `resources[]` of type `AWS::S3::Object`, else `bucketName` and `key`. */
  | 's3-object'
  /** `resources[]` of type `AWS::S3::Bucket`, else `bucketName`. */
  | 's3-bucket'
  /** `resources[]` of type `AWS::KMS::Key`, else `keyId` (an ARN, or an id or alias in the recipient account and region). */
  | 'kms-key'
  /** `resources[]` of type `AWS::SQS::Queue`, else `queueUrl`. */
  | 'sqs-queue'
  /** `requestParameters.topicArn`. */
  | 'sns-topic'
  /** `requestParameters.secretId`: an ARN, or a name found in the estate. */
  | 'secret'
  /** `resources[]` of type `AWS::Lambda::Function`, else `functionName` (a name, an ARN, or `account:function:name`). */
  | 'lambda-function';

/** A request parameter that is a condition key of the call. */
export interface ParameterKey {
  /** The field of `requestParameters`. */
  readonly parameter: string;
  /** The condition key it sets. */
  readonly key: string;
  /** Absent from the parameters means absent from the request (the call was made without it). */
  readonly absentWhenMissing?: boolean;
}

export interface ModelledCall {
  readonly eventSource: string;
  readonly eventName: string;
  /** The IAM action the call is authorized as (service authorization reference). */
  readonly action: string;
  readonly resource: ResourceRule;
  readonly keys: readonly ParameterKey[];
}

const STS_ASSUME_KEYS: readonly ParameterKey[] = [
  { parameter: 'roleSessionName', key: 'sts:RoleSessionName' },
  { parameter: 'sourceIdentity', key: 'sts:SourceIdentity', absentWhenMissing: true },
];

function calls(eventSource: string, resource: ResourceRule, entries: ReadonlyArray<readonly [string, string, (readonly ParameterKey[])?]>): ModelledCall[] {
  return entries.map(([eventName, action, keys]) => ({ eventSource, eventName, action, resource, keys: keys ?? [] }));
}

const S3_PUT_KEYS: readonly ParameterKey[] = [
  { parameter: 'x-amz-acl', key: 's3:x-amz-acl', absentWhenMissing: true },
  { parameter: 'x-amz-server-side-encryption', key: 's3:x-amz-server-side-encryption', absentWhenMissing: true },
];

export const MODELLED_CALLS: readonly ModelledCall[] = [
  ...calls('sts.amazonaws.com', 'role-arn', [
    ['AssumeRole', 'sts:AssumeRole', [...STS_ASSUME_KEYS, { parameter: 'externalId', key: 'sts:ExternalId', absentWhenMissing: true }]],
    ['AssumeRoleWithSAML', 'sts:AssumeRoleWithSAML', []],
    ['AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithWebIdentity', [{ parameter: 'roleSessionName', key: 'sts:RoleSessionName' }]],
  ]),
  ...calls('s3.amazonaws.com', 's3-object', [
    ['GetObject', 's3:GetObject'],
    ['HeadObject', 's3:GetObject'],
    ['PutObject', 's3:PutObject', S3_PUT_KEYS],
    ['CreateMultipartUpload', 's3:PutObject', S3_PUT_KEYS],
    ['UploadPart', 's3:PutObject'],
    ['CompleteMultipartUpload', 's3:PutObject'],
    ['DeleteObject', 's3:DeleteObject'],
    ['GetObjectAcl', 's3:GetObjectAcl'],
    ['PutObjectAcl', 's3:PutObjectAcl', [{ parameter: 'x-amz-acl', key: 's3:x-amz-acl', absentWhenMissing: true }]],
    ['GetObjectTagging', 's3:GetObjectTagging'],
    ['PutObjectTagging', 's3:PutObjectTagging'],
  ]),
  ...calls('s3.amazonaws.com', 's3-bucket', [
    ['ListObjects', 's3:ListBucket', [{ parameter: 'prefix', key: 's3:prefix', absentWhenMissing: true }]],
    ['ListObjectsV2', 's3:ListBucket', [{ parameter: 'prefix', key: 's3:prefix', absentWhenMissing: true }]],
    ['HeadBucket', 's3:ListBucket'],
    ['ListObjectVersions', 's3:ListBucketVersions', [{ parameter: 'prefix', key: 's3:prefix', absentWhenMissing: true }]],
    ['GetBucketLocation', 's3:GetBucketLocation'],
    ['GetBucketPolicy', 's3:GetBucketPolicy'],
    ['GetBucketAcl', 's3:GetBucketAcl'],
  ]),
  ...calls('kms.amazonaws.com', 'kms-key', [
    ['Decrypt', 'kms:Decrypt', [{ parameter: 'encryptionAlgorithm', key: 'kms:EncryptionAlgorithm' }]],
    ['Encrypt', 'kms:Encrypt', [{ parameter: 'encryptionAlgorithm', key: 'kms:EncryptionAlgorithm' }]],
    ['GenerateDataKey', 'kms:GenerateDataKey'],
    ['GenerateDataKeyWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext'],
    ['DescribeKey', 'kms:DescribeKey'],
  ]),
  ...calls('sqs.amazonaws.com', 'sqs-queue', [
    ['SendMessage', 'sqs:SendMessage'],
    ['SendMessageBatch', 'sqs:SendMessage'],
    ['ReceiveMessage', 'sqs:ReceiveMessage'],
    ['DeleteMessage', 'sqs:DeleteMessage'],
    ['DeleteMessageBatch', 'sqs:DeleteMessage'],
    ['GetQueueAttributes', 'sqs:GetQueueAttributes'],
  ]),
  ...calls('sns.amazonaws.com', 'sns-topic', [
    ['Publish', 'sns:Publish'],
    ['PublishBatch', 'sns:Publish'],
  ]),
  ...calls('secretsmanager.amazonaws.com', 'secret', [
    ['GetSecretValue', 'secretsmanager:GetSecretValue', [{ parameter: 'versionStage', key: 'secretsmanager:VersionStage' }]],
    ['DescribeSecret', 'secretsmanager:DescribeSecret'],
  ]),
  ...calls('lambda.amazonaws.com', 'lambda-function', [
    ['Invoke', 'lambda:InvokeFunction'],
    ['InvokeFunction', 'lambda:InvokeFunction'],
  ]),
];

const BY_EVENT: ReadonlyMap<string, ModelledCall> = new Map(MODELLED_CALLS.map((c) => [`${c.eventSource} ${c.eventName}`, c]));

/** The modelled call of an event, or undefined when trustmap does not model it. */
export function modelledCall(eventSource: string, eventName: string): ModelledCall | undefined {
  return BY_EVENT.get(`${eventSource} ${eventName}`);
}

/** The service a call belongs to, for counting: `s3`, `sts`, `kms`. */
export function serviceOfEventSource(eventSource: string): string {
  return eventSource.endsWith('.amazonaws.com') ? eventSource.slice(0, -'.amazonaws.com'.length) : eventSource;
}
