import { locate } from '../../core/diagnostics.js';
import type { Resource, Tags, Uncollected } from '../../core/model/estate.js';
import { resolveKeyRef } from '../kms-key-refs.js';
import { duplicate } from './snapshot-kms.js';
import type { AccountScope } from './snapshot-scope.js';

interface AttributeService {
  readonly service: 'sqs' | 'sns';
  readonly type: 'queue' | 'topic';
  readonly attributesFile: string;
  readonly arnAttribute: string;
  readonly tagsFile: string;
  /** SQS tags are a map, SNS tags a list of `{Key, Value}`. */
  readonly tagsShape: 'map' | 'list';
}

const SQS: AttributeService = { service: 'sqs', type: 'queue', attributesFile: 'get-queue-attributes.json', arnAttribute: 'QueueArn', tagsFile: 'list-queue-tags.json', tagsShape: 'map' };
const SNS: AttributeService = { service: 'sns', type: 'topic', attributesFile: 'get-topic-attributes.json', arnAttribute: 'TopicArn', tagsFile: 'list-tags-for-resource.json', tagsShape: 'list' };

/** `sqs/<region>/<queue-name>/` and `sns/<region>/<topic-name>/`. */
export function readQueuesAndTopics(scope: AccountScope): void {
  for (const kind of [SQS, SNS]) {
    const base = `${scope.dir}/${kind.service}`;
    if (!scope.folder.isDir(base)) continue;
    scope.draft.collected(kind.service);
    for (const region of scope.folder.dirs(base)) {
      for (const segment of scope.folder.dirs(`${base}/${region}`)) {
        const rel = `${base}/${region}/${segment}`;
        readOne(scope, kind, region, scope.folder.decodeName(segment, rel), rel);
      }
    }
  }
}

function readOne(scope: AccountScope, kind: AttributeService, region: string, name: string, rel: string): void {
  const { folder, estate, accountId } = scope;
  const recorded = folder.recorded(`${rel}/${kind.attributesFile}`);
  const doc = recorded.state === 'collected' ? recorded.doc : undefined;
  const attributes = doc ? doc.get(doc.root, 'Attributes') : undefined;
  if (doc && attributes) doc.object(attributes, '`Attributes`');
  const arn = (doc && attributes && doc.string(doc.get(attributes, kind.arnAttribute), `\`${kind.arnAttribute}\``)) ?? `arn:${estate.partition}:${kind.service}:${region}:${accountId}:${name}`;
  let policy: Resource['policy'];
  let kmsKeyArn: string | undefined;
  if (doc && attributes) {
    const policyNode = doc.get(attributes, 'Policy');
    policy = policyNode.value === undefined || policyNode.value === null ? null : doc.policy(policyNode, 'resource', `${arn}#policy`, scope.catalog);
    const key = doc.string(doc.get(attributes, 'KmsMasterKeyId'), '`KmsMasterKeyId`');
    if (key !== undefined && key !== '') kmsKeyArn = resolveKeyRef(key, { partition: estate.partition, accountId, region }, estate.kmsAliases);
  } else {
    policy = recorded.state === 'uncollected' ? folder.uncollected(`the ${kind.type} policy of ${arn}`, recorded) : null;
  }
  const resource: Resource = {
    arn,
    type: kind.type,
    service: kind.service,
    accountId,
    region,
    policy,
    tags: tagsOf(scope, kind, `${rel}/${kind.tagsFile}`, arn),
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(doc ? { source: locate(doc.context(), '') } : {}),
  };
  if (!estate.addResource(resource)) duplicate(scope, rel, arn);
}

function tagsOf(scope: AccountScope, kind: AttributeService, rel: string, arn: string): Tags | Uncollected {
  const recorded = scope.folder.recorded(rel);
  if (recorded.state === 'uncollected') return scope.folder.uncollected(`the tags of ${arn}`, recorded);
  if (recorded.state === 'none') return {};
  const doc = recorded.doc;
  const node = doc.get(doc.root, 'Tags');
  return kind.tagsShape === 'map' ? doc.stringMap(node, 'the queue `Tags`') : doc.tagList(node, 'the topic `Tags`');
}

