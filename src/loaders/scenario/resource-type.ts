import type { ResourceType } from '../../core/model/estate.js';

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource` (the resource part may hold colons). */
export function splitArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (partition === '' || service === '' || resource === '') return undefined;
  return { partition, service, region, account, resource };
}

/** The kind of resource an ARN names, for the resource types the engine treats specially. */
export function resourceTypeOf(arn: ArnParts): ResourceType {
  const { service, resource } = arn;
  switch (service) {
    case 's3':
      if (resource.startsWith('accesspoint/')) return resource.split('/').length === 2 ? 'access-point' : 'other';
      return resource.includes('/') ? 'object' : 'bucket';
    case 'sqs':
      return resource.includes(':') || resource.includes('/') ? 'other' : 'queue';
    case 'sns':
      return resource.includes(':') ? 'other' : 'topic';
    case 'lambda':
      return resource.startsWith('function:') ? 'function' : 'other';
    case 'secretsmanager':
      return resource.startsWith('secret:') ? 'secret' : 'other';
    case 'kms':
      return resource.startsWith('key/') ? 'key' : 'other';
    default:
      return 'other';
  }
}
