import { parseArn } from '../../core/arn/arn.js';
import { isUncollected, type Resource } from '../../core/model/estate.js';
import { uncollectedOutput } from './aws-error-output.js';
import { fileAt, policyText, tagList, type ExportScope, type SnapshotFile } from './export-scope.js';
import { pathSegment } from './path-segment.js';

/** `sqs/<region>/<queue-name>/`: `get-queue-attributes` and `list-queue-tags`. */
export function queueFiles(queue: Resource, scope: ExportScope): SnapshotFile[] {
  const arn = parseArn(queue.arn);
  if (!arn || arn.region === '') return unplaced(queue, scope);
  const dir = `accounts/${queue.accountId}/sqs/${arn.region}/${pathSegment(arn.resource)}`;
  return [
    ...fileAt(`${dir}/get-queue-attributes.json`, queueAttributes(queue, scope)),
    // The CLI prints nothing for a queue without tags; collectors record that as `{}`.
    ...fileAt(`${dir}/list-queue-tags.json`, isUncollected(queue.tags) ? uncollectedOutput(queue.tags) : Object.keys(queue.tags).length === 0 ? {} : { Tags: sortedMap(queue.tags) }),
  ];
}

/**
 * `aws sqs get-queue-attributes --attribute-names All`: `Policy` is a JSON string and is absent
 * when the queue has none. A policy not collected leaves the whole file out.
 */
export function queueAttributes(queue: Resource, scope: ExportScope): unknown {
  if (isUncollected(queue.policy)) return uncollectedAttributes(queue, scope);
  return {
    Attributes: {
      QueueArn: queue.arn,
      ...(queue.policy ? { Policy: policyText(queue.policy.document) } : {}),
      ...(queue.kmsKeyArn !== undefined ? { KmsMasterKeyId: queue.kmsKeyArn } : {}),
    },
  };
}

/** `sns/<region>/<topic-name>/`: `get-topic-attributes` and `list-tags-for-resource`. */
export function topicFiles(topic: Resource, scope: ExportScope): SnapshotFile[] {
  const arn = parseArn(topic.arn);
  if (!arn || arn.region === '') return unplaced(topic, scope);
  const dir = `accounts/${topic.accountId}/sns/${arn.region}/${pathSegment(arn.resource)}`;
  return [
    ...fileAt(`${dir}/get-topic-attributes.json`, topicAttributes(topic, scope)),
    ...fileAt(`${dir}/list-tags-for-resource.json`, isUncollected(topic.tags) ? uncollectedOutput(topic.tags) : { Tags: tagList(topic.tags) }),
  ];
}

/** `aws sns get-topic-attributes`: `Policy` is a JSON string. */
export function topicAttributes(topic: Resource, scope: ExportScope): unknown {
  if (isUncollected(topic.policy)) return uncollectedAttributes(topic, scope);
  return {
    Attributes: {
      ...(topic.policy ? { Policy: policyText(topic.policy.document) } : {}),
      Owner: topic.accountId,
      TopicArn: topic.arn,
      ...(topic.kmsKeyArn !== undefined ? { KmsMasterKeyId: topic.kmsKeyArn } : {}),
    },
  };
}

function uncollectedAttributes(resource: Resource, scope: ExportScope): unknown {
  if (resource.kmsKeyArn !== undefined) scope.omit(`the policy of \`${resource.arn}\` was not collected, so its attributes file is left out and its key \`${resource.kmsKeyArn}\` with it`);
  return isUncollected(resource.policy) ? uncollectedOutput(resource.policy) : undefined;
}

function unplaced(resource: Resource, scope: ExportScope): SnapshotFile[] {
  scope.omit(`\`${resource.arn}\` names no region, so the layout cannot place it`);
  return [];
}

function sortedMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k] ?? '']));
}
