import type { Estate } from '../../core/model/estate.js';
import { normalizeTimestamp } from '../../core/model/timestamp.js';
import type { DataFolder } from '../files/data-folder.js';

export const SNAPSHOT_FORMAT = 'trustmap-snapshot';
export const SNAPSHOT_VERSION = 1;

const PARTITION = /^aws(?:-[a-z]+)*$/;
const ORGANIZATION_STATUSES: readonly string[] = ['collected', 'none', 'not-collected'];

export interface SnapshotManifest {
  readonly partition: string;
  /** Undefined when the manifest leaves it out: it is then read from the folder. */
  readonly organization?: Estate['organizationStatus'];
  /** When the snapshot was taken, ISO 8601 UTC; undefined when the manifest does not say, or not readably. */
  readonly collectedAt?: string;
  readonly collector?: string;
}

/**
 * Reads `manifest.json` (snapshot-layout.md). A missing manifest, or a field left out, takes the
 * defaults: partition `aws`, organization status read from the folder.
 */
export function readManifest(folder: DataFolder): SnapshotManifest {
  const read = folder.read('manifest.json');
  if (read.kind === 'absent') {
    folder.bag.add({
      code: 'snapshot/no-manifest',
      severity: 'info',
      message: 'the snapshot has no `manifest.json`; partition `aws` is assumed and the organization status is read from the folder',
      source: { file: folder.file('manifest.json'), pointer: '' },
    });
  }
  if (read.kind !== 'parsed') return { partition: 'aws' };
  const doc = read.doc;
  if (!doc.object(doc.root, 'the manifest')) return { partition: 'aws' };
  const format = doc.get(doc.root, 'format');
  if (format.value !== SNAPSHOT_FORMAT) {
    doc.report(format.pointer, 'snapshot/unknown-format', 'error', format.value === undefined ? 'the manifest has no `format`' : `unknown snapshot format \`${String(format.value)}\``, `a snapshot manifest says \`"format": "${SNAPSHOT_FORMAT}"\`; the folder is read as one anyway`);
  }
  const version = doc.get(doc.root, 'version');
  if (version.value !== SNAPSHOT_VERSION) {
    const newer = typeof version.value === 'number' && version.value > SNAPSHOT_VERSION;
    doc.report(
      version.pointer,
      'snapshot/unsupported-version',
      'error',
      version.value === undefined ? 'the manifest has no `version`' : `snapshot version \`${String(version.value)}\` is not supported`,
      newer ? `this trustmap reads version ${SNAPSHOT_VERSION}; a newer trustmap wrote this snapshot` : `this trustmap reads version ${SNAPSHOT_VERSION}; the folder is read as that version`,
    );
  }
  const partitionNode = doc.get(doc.root, 'partition');
  let partition = doc.string(partitionNode, 'the manifest `partition`') ?? 'aws';
  if (!PARTITION.test(partition)) {
    doc.report(partitionNode.pointer, 'snapshot/invalid-value', 'error', `\`${partition}\` is not an AWS partition`, 'use `aws`, `aws-cn`, `aws-us-gov`…; `aws` is assumed');
    partition = 'aws';
  }
  const organizationNode = doc.get(doc.root, 'organization');
  const organization = doc.string(organizationNode, 'the manifest `organization`');
  if (organization !== undefined && !ORGANIZATION_STATUSES.includes(organization)) {
    doc.report(organizationNode.pointer, 'snapshot/invalid-value', 'error', `the organization status \`${organization}\` is none of \`collected\`, \`none\`, \`not-collected\``, 'it is read from the folder instead');
  }
  const collectedAtNode = doc.get(doc.root, 'collectedAt');
  const collectedAtText = doc.string(collectedAtNode, 'the manifest `collectedAt`');
  const collectedAt = collectedAtText !== undefined ? normalizeTimestamp(collectedAtText) : undefined;
  if (collectedAtText !== undefined && collectedAt === undefined) {
    doc.report(collectedAtNode.pointer, 'snapshot/invalid-collected-at', 'warning', `the manifest's \`collectedAt\` \`${collectedAtText}\` is not a date and time`, 'when the snapshot was taken is unknown; write ISO 8601 with a time zone, as in `2026-11-28T09:00:00Z`');
  }
  const collector = doc.string(doc.get(doc.root, 'collector'), 'the manifest `collector`');
  return {
    partition,
    ...(organization !== undefined && ORGANIZATION_STATUSES.includes(organization) ? { organization: organization as Estate['organizationStatus'] } : {}),
    ...(collectedAt !== undefined ? { collectedAt } : {}),
    ...(collector !== undefined ? { collector } : {}),
  };
}
