import { parseArn } from '../../core/arn/arn.js';
import { isUncollected, type Resource } from '../../core/model/estate.js';
import { noneError, uncollectedOutput } from './aws-error-output.js';
import { fileAt, policyText, tagList, type ExportScope, type SnapshotFile } from './export-scope.js';
import { pathSegment } from './path-segment.js';
import { stableUuid } from './stable-ids.js';

/** `lambda/<region>/<function-name>/get-policy.json`. */
export function functionFiles(fn: Resource, scope: ExportScope): SnapshotFile[] {
  const arn = parseArn(fn.arn);
  if (!arn || arn.region === '' || !arn.resource.startsWith('function:')) {
    scope.omit(`\`${fn.arn}\` is not a function ARN with a region, so the layout cannot place it`);
    return [];
  }
  if (isUncollected(fn.tags) || Object.keys(fn.tags).length > 0) scope.omit(`the tags of \`${fn.arn}\`: the layout does not collect function tags`);
  const name = arn.resource.slice('function:'.length);
  return fileAt(`accounts/${fn.accountId}/lambda/${arn.region}/${pathSegment(name)}/get-policy.json`, functionPolicy(fn));
}

/** `aws lambda get-policy`: a JSON string and a `RevisionId`; no policy is `ResourceNotFoundException`. */
export function functionPolicy(fn: Resource): unknown {
  if (fn.policy === null) return noneError('ResourceNotFoundException');
  if (isUncollected(fn.policy)) return uncollectedOutput(fn.policy);
  return { Policy: policyText(fn.policy.document), RevisionId: stableUuid(fn.arn) };
}

/** A secret's name: its ARN without the six random characters AWS appends. */
export function secretName(arn: string): string | undefined {
  const resource = parseArn(arn)?.resource;
  if (!resource?.startsWith('secret:')) return undefined;
  const name = resource.slice('secret:'.length);
  return /-[A-Za-z0-9]{6}$/.test(name) ? name.slice(0, -7) : name;
}

/** `secretsmanager/<region>/<secret-name>/`: `describe-secret` and `get-resource-policy`. */
export function secretFiles(secret: Resource, scope: ExportScope): SnapshotFile[] {
  const arn = parseArn(secret.arn);
  const name = secretName(secret.arn);
  if (!arn || arn.region === '' || name === undefined) {
    scope.omit(`\`${secret.arn}\` is not a secret ARN with a region, so the layout cannot place it`);
    return [];
  }
  // Without a key of its own a secret uses AWS's `aws/secretsmanager` key, and readers take it so.
  if (secret.kmsKeyArn === undefined) scope.omit(`the secret \`${secret.arn}\` names no KMS key: readers take it as encrypted with \`alias/aws/secretsmanager\``);
  const dir = `accounts/${secret.accountId}/secretsmanager/${arn.region}/${pathSegment(name)}`;
  return [...fileAt(`${dir}/describe-secret.json`, describeSecret(secret, name, scope)), ...fileAt(`${dir}/get-resource-policy.json`, secretPolicy(secret, name))];
}

/** `aws secretsmanager describe-secret`: ARN, key and tags. */
export function describeSecret(secret: Resource, name: string, scope: ExportScope): unknown {
  if (isUncollected(secret.tags)) scope.omit(`the tags of \`${secret.arn}\` were not collected, but \`describe-secret\` always shows them: written as none`);
  return {
    ARN: secret.arn,
    Name: name,
    ...(secret.kmsKeyArn !== undefined ? { KmsKeyId: secret.kmsKeyArn } : {}),
    CreatedDate: scope.date,
    Tags: isUncollected(secret.tags) ? [] : tagList(secret.tags),
  };
}

/** `aws secretsmanager get-resource-policy`: `ResourcePolicy` is a JSON string, absent when there is none. */
export function secretPolicy(secret: Resource, name: string): unknown {
  if (isUncollected(secret.policy)) return uncollectedOutput(secret.policy);
  return { ARN: secret.arn, Name: name, ...(secret.policy ? { ResourcePolicy: policyText(secret.policy.document) } : {}) };
}
