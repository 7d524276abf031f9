import { parseArn } from '../../core/arn/arn.js';
import type { Estate } from '../../core/model/estate.js';

/** A key the estate records as AWS managed, or an alias under `alias/aws/`, which only AWS managed keys have (docs/aws-authorization.md#kms-aws-managed-keys). */
export function isAwsManaged(estate: Estate, keyArn: string): boolean {
  if (parseArn(keyArn)?.resource.startsWith('alias/aws/')) return true;
  const target = estate.kmsAliases?.get(keyArn) ?? keyArn;
  return estate.resources.get(target)?.kms?.keyManager === 'AWS';
}
