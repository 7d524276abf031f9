import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { TargetType } from '../access-graph/resource-actions.js';

/**
 * The classes an access map sorts actions into: AWS's own access levels (the Service
 * Authorization Reference, through the service catalog). An action AWS files under
 * "Permissions management" counts as that, whatever else it is.
 */
export type ActionClass = 'list' | 'read' | 'write' | 'permissions-management' | 'tagging' | 'unknown';

export const CLASS_ORDER: readonly ActionClass[] = ['permissions-management', 'write', 'read', 'list', 'tagging', 'unknown'];

export const CLASS_TITLES: Readonly<Record<ActionClass, string>> = {
  'permissions-management': 'permissions management',
  write: 'write',
  read: 'read',
  list: 'list',
  tagging: 'tagging',
  unknown: 'unknown',
};

export function classOf(catalog: ServiceCatalog | undefined, action: string): ActionClass {
  const colon = action.indexOf(':');
  const info = catalog?.action(action.slice(0, colon).toLowerCase(), action.slice(colon + 1));
  if (!info) return 'unknown';
  const level = info.accessLevel;
  if (level.includes('Permissions management')) return 'permissions-management';
  if (level.includes('Write')) return 'write';
  if (level.includes('Read')) return 'read';
  if (level.includes('List')) return 'list';
  if (level.includes('Tagging')) return 'tagging';
  return 'unknown';
}

/**
 * The actions the access map asks of each target type: one or more per class that matters for
 * data and for control (docs/access-map.md). Roles are asked through the graph's assume edges.
 */
export const ACCESS_MAP_ACTIONS: Readonly<Record<TargetType, readonly string[]>> = {
  bucket: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:PutBucketPolicy'],
  object: ['s3:GetObject', 's3:PutObject'],
  // Object actions are asked on `<ap>/object/*` (docs/aws-authorization.md#s3-access-points).
  'access-point': ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
  queue: ['sqs:ReceiveMessage', 'sqs:SendMessage', 'sqs:SetQueueAttributes'],
  topic: ['sns:Subscribe', 'sns:Publish', 'sns:SetTopicAttributes'],
  function: ['lambda:GetFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'lambda:AddPermission'],
  key: ['kms:DescribeKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant', 'kms:PutKeyPolicy'],
  secret: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:PutResourcePolicy'],
  role: ['sts:AssumeRole'],
  other: [],
};
