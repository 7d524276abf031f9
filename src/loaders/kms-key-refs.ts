import { parseArn } from '../core/arn/arn.js';

export interface KeyScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region?: string;
}

/**
 * The key ARN a `KmsMasterKeyId` / `KMSMasterKeyID` / `KmsKeyId` names. AWS accepts a key id, a key
 * ARN, an alias name (`alias/aws/sqs`) or an alias ARN; aliases are looked up in `aliases` (alias
 * ARN → key ARN, from `list-aliases`). An alias that cannot be resolved stays an alias ARN.
 */
export function resolveKeyRef(ref: string, scope: KeyScope, aliases: ReadonlyMap<string, string>): string {
  const arn = parseArn(ref);
  if (arn) {
    if (arn.resource.startsWith('alias/')) return aliases.get(ref) ?? ref;
    return ref;
  }
  const region = scope.region ?? '';
  if (ref.startsWith('alias/')) {
    const aliasArn = `arn:${scope.partition}:kms:${region}:${scope.accountId}:${ref}`;
    return aliases.get(aliasArn) ?? aliasArn;
  }
  return `arn:${scope.partition}:kms:${region}:${scope.accountId}:key/${ref}`;
}

/** The AWS managed key a service uses when a resource names none (`alias/aws/s3`…). */
export function awsManagedAlias(service: 's3' | 'sqs' | 'sns' | 'secretsmanager'): string {
  return `alias/aws/${service}`;
}
