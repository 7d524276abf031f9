/**
 * Which source keys an AWS service puts in the request context when it acts for one of its
 * resources (the confused-deputy keys: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 * A condition on a key the service does not set never matches (docs/aws-authorization.md#missing-key-condition-false), so the keys a fix
 * proposes, and the keys the probe request carries, come from this table.
 *
 * AWS publishes no complete list (prowler-cloud/prowler#2810 quotes AWS Support saying so), so:
 * - resource policies: a service listed here sets its keys; any other service is taken to set all
 *   four, as the IAM guide recommends them "for all services with service principals";
 * - trust policies: only the services listed under `trust` are known to set the keys when they
 *   assume a role; for any other (`ec2`, `lambda`, `glue`…) a condition would break the role and
 *   trustmap does not ask for one.
 */
export type SourceKey = 'aws:SourceArn' | 'aws:SourceAccount' | 'aws:SourceOrgID' | 'aws:SourceOrgPaths';

export const ALL_SOURCE_KEYS: readonly SourceKey[] = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

export interface ServiceSourceKeys {
  readonly keys: readonly SourceKey[];
  /** The ARN of the source names no account (S3 buckets): aws:SourceArn alone does not pin the owner. */
  readonly arnWithoutAccount?: boolean;
  /** How the service's source ARNs are written, `{region}` and `{account}` filled in. */
  readonly arnShape: string;
  readonly docs: string;
}

/** Services calling another service's resource (docs/aws-authorization.md#service-source-keys). */
export const RESOURCE_POLICY_CALLERS: Readonly<Record<string, ServiceSourceKeys>> = {
  'cloudtrail.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:cloudtrail:{region}:{account}:trail/{name}',
    docs: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
  'sns.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:sns:{region}:{account}:{name}',
    docs: 'https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html',
  },
  'events.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:events:{region}:{account}:rule/{name}',
    docs: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
  },
  's3.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnWithoutAccount: true,
    arnShape: 'arn:aws:s3:::{name}',
    docs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html',
  },
  'logs.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'],
    arnShape: 'arn:aws:logs:{region}:{account}:log-group:{name}',
    docs: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions-confused-deputy.html',
  },
};

/** Services documented to set aws:SourceArn and aws:SourceAccount when they assume a role. */
export const ROLE_ASSUMING_CALLERS: Readonly<Record<string, ServiceSourceKeys>> = {
  'sagemaker.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:sagemaker:{region}:{account}:training-job/{name}',
    docs: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html',
  },
  'autoscaling.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{name}',
    docs: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/cross-service-confused-deputy-prevention.html',
  },
  'personalize.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:personalize:{region}:{account}:dataset-group/{name}',
    docs: 'https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html',
  },
  'budgets.amazonaws.com': {
    keys: ['aws:SourceArn', 'aws:SourceAccount'],
    arnShape: 'arn:aws:budgets::{account}:budget/{name}',
    docs: 'https://docs.aws.amazon.com/cost-management/latest/userguide/cross-service-confused-deputy-prevention.html',
  },
};

/** A service not listed: every key, and an ARN of the service's own prefix. */
export function resourceCallerKeys(service: string): ServiceSourceKeys {
  const known = RESOURCE_POLICY_CALLERS[service];
  if (known) return known;
  const prefix = service.split('.')[0] ?? service;
  return { keys: ALL_SOURCE_KEYS, arnShape: `arn:aws:${prefix}:{region}:{account}:{name}`, docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' };
}

/** A source ARN of the service's shape, in the given account and partition. */
export function sourceArnOf(keys: ServiceSourceKeys, partition: string, region: string, account: string, name: string): string {
  return keys.arnShape.replace('arn:aws:', `arn:${partition}:`).replace('{region}', region).replace('{account}', account).replace('{name}', name);
}
