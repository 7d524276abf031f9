/**
 * Which AWS resources can carry a resource-based policy: the one table trustmap keeps of it.
 *
 * Source: "AWS services that work with IAM", its "Resource-based policies" column
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html).
 * A service is listed here when that column says "Yes" (or "Partial", with the resource types that
 * take one). A resource of any other service has no policy of its own: nothing on its side can
 * grant another account access to it (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html).
 *
 * The decision engine reads it (src/core/decision/resolve-resource.ts: a resource that cannot
 * carry a policy is never Unknown for lack of one) and so does `explain` (a grant on the target
 * side is proposed only where a policy can be written).
 */

/**
 * Service prefix → the resource types that take a resource-based policy, as the first segment of
 * the ARN's resource part (`role` of `role/name`, `key` of `key/id`), or `'*'` for every type of
 * the service.
 */
const RESOURCE_POLICY_TYPES: ReadonlyMap<string, '*' | readonly string[]> = new Map<string, '*' | readonly string[]>(Object.entries({
  'acm-pca': '*', // AWS Private CA: certificate authorities
  aoss: '*', // OpenSearch Serverless (data access policies are resource policies of collections)
  backup: '*', // AWS Backup: backup vaults
  cloudtrail: '*', // CloudTrail Lake: channels, event data stores, dashboards
  codeartifact: '*', // domains, repositories
  codebuild: '*', // projects, report groups
  dynamodb: '*', // tables, streams
  ecr: '*', // repositories
  elasticfilesystem: '*', // file systems
  es: '*', // OpenSearch Service domains
  events: '*', // EventBridge event buses
  'execute-api': '*', // API Gateway APIs
  glacier: '*', // S3 Glacier vaults
  glue: '*', // Data Catalog
  iam: ['role'], // IAM: a role's trust policy; users, groups, policies, instance profiles take none
  imagebuilder: '*', // components, images, image recipes
  kafka: '*', // Amazon MSK clusters
  kinesis: '*', // data streams, consumers
  kms: '*', // keys (their key policy)
  lambda: '*', // functions, layers
  lex: '*', // bots, bot aliases
  logs: '*', // CloudWatch Logs: destinations, log groups (account resource policies)
  mediastore: '*', // containers
  'network-firewall': '*', // firewall policies, rule groups
  osis: '*', // OpenSearch Ingestion pipelines
  s3: '*', // buckets (their bucket policy covers objects)
  's3-object-lambda': '*',
  s3express: '*', // directory buckets
  s3tables: '*', // table buckets, tables
  schemas: '*', // EventBridge schema registries
  secretsmanager: '*', // secrets
  serverlessrepo: '*', // applications
  ses: '*', // identities (sending authorization)
  sns: '*', // topics
  sqs: '*', // queues
  'ssm-contacts': '*', // Incident Manager contacts
  'ssm-incidents': '*', // Incident Manager response plans
  'vpc-lattice': '*', // service networks, services
  xray: '*', // resource policies for trace sending
} as const));

/** The services with at least one resource type that takes a resource-based policy. */
export const RESOURCE_POLICY_SERVICES: ReadonlySet<string> = new Set(RESOURCE_POLICY_TYPES.keys());

/** Whether any resource of `service` (a lowercase service prefix) can carry a resource-based policy. */
export function serviceTakesResourcePolicy(service: string): boolean {
  return RESOURCE_POLICY_SERVICES.has(service);
}

/**
 * Whether a resource can carry a resource-based policy, from its service prefix and the resource
 * part of its ARN (`user/alice`, `policy/ReadOnlyAccess`, `key/1234`).
 */
export function resourceTakesPolicy(service: string, resourcePart: string): boolean {
  const types = RESOURCE_POLICY_TYPES.get(service);
  if (types === undefined) return false;
  if (types === '*') return true;
  const cut = resourcePart.search(/[/:]/);
  const type = cut >= 0 ? resourcePart.slice(0, cut) : resourcePart;
  return types.includes(type);
}

/** The account AWS-owned resources name in their ARN (`arn:aws:iam::aws:policy/ReadOnlyAccess`). */
export const AWS_OWNED_ACCOUNT = 'aws';
