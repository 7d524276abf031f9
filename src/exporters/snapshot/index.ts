export { writeSnapshot, renderSnapshotFile, type WrittenSnapshot } from './write-snapshot.js';
export { snapshotFiles, manifest, DEFAULT_COLLECTED_AT, type SnapshotContent, type SnapshotOptions } from './snapshot-files.js';
export type { SnapshotFile } from './export-scope.js';
