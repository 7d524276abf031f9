import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord, RecordSource } from '../../../src/core/cloudtrail/cloudtrail-record.js';
import type { Diagnostic } from '../../../src/core/diagnostics.js';
import { listCloudTrailFiles } from '../../../src/loaders/cloudtrail/cloudtrail-files.js';
import { readCloudTrail, type CloudTrailProgress } from '../../../src/loaders/cloudtrail/read-cloudtrail.js';

function record(eventID: string, account = '111111111111', eventTime = '2026-11-01T10:00:00Z'): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventTime,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/Ci/s1`, accountId: account },
    requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/Deploy', roleSessionName: 's1' },
    eventID,
    recipientAccountId: account,
  };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'trustmap-cloudtrail-'));
}

/** Writes `content` at `rel` under `root`, gzipped when the name ends with `.gz`. */
function write(root: string, rel: string, content: string | Buffer): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, rel.endsWith('.gz') && typeof content === 'string' ? gzipSync(content) : content);
  return file;
}

function s3File(...records: unknown[]): string {
  return JSON.stringify({ Records: records });
}

function logPath(account: string, region: string, stamp: string, unique: string, prefix = account): string {
  return `AWSLogs/${prefix}/CloudTrail/${region}/2026/11/01/${account}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
}

async function read(paths: readonly string[]) {
  const seen: { record: CloudTrailRecord; source: RecordSource }[] = [];
  const progress: CloudTrailProgress[] = [];
  const summary = await readCloudTrail(paths, {
    onRecord: (record, source) => seen.push({ record, source }),
    onProgress: (p) => progress.push(p),
  });
  return { seen, progress, summary };
}

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

describe('the CloudTrail reader, S3 delivery layout', () => {
  const root = tempDir();
  const a1000 = logPath('111111111111', 'us-east-1', '20261101T1000Z', 'aaa');
  const a1010 = logPath('111111111111', 'us-east-1', '20261101T1010Z', 'bbb');
  const b1005 = logPath('222222222222', 'us-east-1', '20261101T1005Z', 'ccc');
  // An organization trail: AWSLogs/<o-org id>/<account>/CloudTrail/…, delivered uncompressed here.
  const c1007 = logPath('333333333333', 'eu-west-1', '20261101T1007Z', 'ddd', 'o-abc123def4/333333333333').replace(/\.gz$/, '');
  write(root, a1010, s3File(record('a-1010')));
  write(root, b1005, s3File(record('b-1005-1', '222222222222'), record('b-1005-2', '222222222222')));
  write(root, a1000, s3File(record('a-1000')));
  write(root, c1007, s3File(record('c-1007', '333333333333')));
  write(root, 'manual/picked.json', s3File(record('manual')));
  // Digest files carry no records: skipped, in a digest folder or by name.
  write(root, 'AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/11/01/111111111111_CloudTrail-Digest_us-east-1_Trail_us-east-1_20261101T0900Z.json.gz', '{"digestStartTime":"x"}');
  write(root, 'stray/111111111111_CloudTrail-Digest_us-east-1_Trail_us-east-1_20261101T0900Z.json.gz', '{"digestStartTime":"x"}');
  write(root, 'notes.txt', 'not a log');

  it('lists log files by the delivery timestamp of their names across accounts, then by path; unnamed ones last; digests skipped', () => {
    const diagnostics: Diagnostic[] = [];
    const files = listCloudTrailFiles([root], diagnostics);
    expect(diagnostics).toEqual([]);
    expect(files).toEqual([a1000, b1005, c1007, a1010, 'manual/picked.json'].map((rel) => path.join(root, rel)));
  });

  it('reads the records in that order, each with its file and pointer, and reports progress after each file', async () => {
    const { seen, progress, summary } = await read([root]);
    expect(summary.diagnostics).toEqual([]);
    expect(seen.map((s) => s.record.eventID)).toEqual(['a-1000', 'b-1005-1', 'b-1005-2', 'c-1007', 'a-1010', 'manual']);
    expect(seen[2]!.source).toEqual({ file: path.join(root, b1005), pointer: '/Records/1' });
    expect(seen[2]!.source.line).toBeUndefined();
    expect(seen[2]!.record.userIdentity.accountId).toBe('222222222222');
    expect(summary).toMatchObject({ files: 5, records: 6, invalidRecords: 0, unreadableFiles: 0 });
    expect(progress.map((p) => [p.files, p.filesTotal, p.records])).toEqual([
      [1, 5, 1],
      [2, 5, 3],
      [3, 5, 4],
      [4, 5, 5],
      [5, 5, 6],
    ]);
    expect(progress[4]!.bytes).toBe(summary.bytes);
    expect(summary.bytes).toBeGreaterThan(0);
  });

  it('names files as the user gave the folder, joined with their path inside it', async () => {
    const relativeRoot = path.relative(process.cwd(), root);
    const { seen } = await read([path.join(relativeRoot, 'AWSLogs', '222222222222')]);
    expect(seen.map((s) => s.source.file)).toEqual([path.join(relativeRoot, b1005), path.join(relativeRoot, b1005)]);
  });

  it('reads a file given by name, and a file given twice once', async () => {
    const file = path.join(root, a1000);
    const { seen, summary } = await read([file, path.join(root, 'AWSLogs/111111111111'), file]);
    expect(summary.files).toBe(2);
    expect(seen.map((s) => s.record.eventID)).toEqual(['a-1000', 'a-1010']);
    expect(seen[0]!.source.file).toBe(file);
  });
});

describe('the CloudTrail reader, aws cloudtrail lookup-events output', () => {
  it('reads the record each event carries as a JSON string, at /Events/<i>/CloudTrailEvent', async () => {
    const root = tempDir();
    const event = (r: Record<string, unknown>) => ({ EventId: r['eventID'], EventName: r['eventName'], ReadOnly: 'false', Username: 's1', CloudTrailEvent: JSON.stringify(r) });
    const text = JSON.stringify(
      { Events: [event(record('l-1')), { EventId: 'l-2', EventName: 'AssumeRole', CloudTrailEvent: '{"eventName": ' }, event(record('l-3'))], NextToken: 'abc' },
      null,
      2,
    );
    const file = write(root, 'events.json', text);
    const { seen, summary } = await read([file]);
    expect(seen.map((s) => [s.record.eventID, s.source])).toEqual([
      ['l-1', { file, pointer: '/Events/0/CloudTrailEvent' }],
      ['l-3', { file, pointer: '/Events/2/CloudTrailEvent' }],
    ]);
    expect(summary.diagnostics).toHaveLength(1);
    const d = summary.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'cloudtrail/invalid-record', severity: 'warning', source: { file, pointer: '/Events/1/CloudTrailEvent' } });
    expect(d.message).toMatch(/^`CloudTrailEvent` is not valid JSON: /);
    expect(d.source!.line).toBe(text.split('\n').findIndex((l) => l.includes('"CloudTrailEvent": "{\\"eventName\\": "')) + 1);
    expect(summary).toMatchObject({ files: 1, records: 2, invalidRecords: 1, unreadableFiles: 0 });
  });
});

describe('the CloudTrail reader, broken files', () => {
  it('reports a truncated .gz as cloudtrail/truncated-gzip, uses nothing of it, and reads the other files', async () => {
    const root = tempDir();
    const whole = gzipSync(s3File(...Array.from({ length: 50 }, (_, i) => record(`t-${i}`))));
    const cut = write(root, logPath('111111111111', 'us-east-1', '20261101T1000Z', 'cut'), whole.subarray(0, whole.length >> 1));
    write(root, logPath('111111111111', 'us-east-1', '20261101T1005Z', 'ok'), s3File(record('ok')));
    const { seen, summary } = await read([root]);
    expect(seen.map((s) => s.record.eventID)).toEqual(['ok']);
    expect(summary.diagnostics).toHaveLength(1);
    const d = summary.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'cloudtrail/truncated-gzip', severity: 'error', source: { file: cut, pointer: '' } });
    expect(d.message).toContain('truncated or not gzip');
    expect(d.help).toContain('unexpected end of file');
    expect(summary).toMatchObject({ files: 2, records: 1, unreadableFiles: 1 });
  });

  it('reports a .gz that is not gzip as cloudtrail/truncated-gzip', async () => {
    const file = write(tempDir(), 'plain.json.gz', Buffer.from(s3File(record('p'))));
    const { seen, summary } = await read([file]);
    expect(seen).toEqual([]);
    expect(codes(summary.diagnostics)).toEqual(['cloudtrail/truncated-gzip']);
  });

  it('reports invalid JSON as cloudtrail/invalid-json at its line and column', async () => {
    const root = tempDir();
    const file = write(root, 'broken.json', '{\n  "Records": [\n    {"eventName": }\n  ]\n}\n');
    write(root, 'fine.json', s3File(record('fine')));
    const { seen, summary } = await read([root]);
    expect(seen.map((s) => s.record.eventID)).toEqual(['fine']);
    expect(summary.diagnostics).toHaveLength(1);
    const d = summary.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'cloudtrail/invalid-json', severity: 'error', source: { file, pointer: '', line: 3, column: 19 } });
    expect(d.message).toMatch(/^not valid JSON: [a-z]/);
    expect(d.message).not.toMatch(/\.$/);
  });

  it('takes the line from the position JSON.parse gives', async () => {
    const file = write(tempDir(), 'comma.json', '{"Records": [\n  {"eventName": "AssumeRole",}\n]}');
    const { summary } = await read([file]);
    expect(summary.diagnostics).toMatchObject([{ code: 'cloudtrail/invalid-json', source: { file, line: 2, column: 30 } }]);
    expect(summary.diagnostics[0]!.message).not.toContain('position');
  });

  it('reports a file cut short in its JSON at its last line', async () => {
    const file = write(tempDir(), 'cut.json', '{\n  "Records": [\n');
    const { summary } = await read([file]);
    expect(summary.diagnostics).toMatchObject([{ code: 'cloudtrail/invalid-json', source: { file, line: 3 } }]);
  });

  it('reports a record missing eventName as cloudtrail/invalid-record at its pointer and line, and reads the others', async () => {
    const { eventName: _, ...nameless } = record('r-2');
    const text = `{"Records": [\n${[record('r-1'), nameless, record('r-3')].map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
    const file = write(tempDir(), 'records.json', text);
    const { seen, summary } = await read([file]);
    expect(seen.map((s) => s.record.eventID)).toEqual(['r-1', 'r-3']);
    expect(seen[1]!.source.pointer).toBe('/Records/2');
    expect(summary.diagnostics).toEqual([
      {
        code: 'cloudtrail/invalid-record',
        severity: 'warning',
        message: '`eventName` is missing or not a string; the record is left out',
        source: { file, pointer: '/Records/1', line: 3, column: 1 },
      },
    ]);
    expect(summary).toMatchObject({ records: 2, invalidRecords: 1, unreadableFiles: 0 });
  });

  it('reports a file of another layout as cloudtrail/unknown-layout and skips it', async () => {
    const root = tempDir();
    const other = write(root, 'other.json', '{"Items": []}');
    const notList = write(root, 'not-list.json', '{"Records": {"eventName": "AssumeRole"}}');
    const list = write(root, 'list.json', JSON.stringify([record('x')]));
    const { seen, summary } = await read([root]);
    expect(seen).toEqual([]);
    expect(summary.diagnostics.map((d) => [d.code, d.severity, d.source?.file])).toEqual([
      ['cloudtrail/unknown-layout', 'error', list],
      ['cloudtrail/unknown-layout', 'error', notList],
      ['cloudtrail/unknown-layout', 'error', other],
    ]);
    expect(summary.diagnostics[0]!.message).toContain(`\`${list}\``);
    expect(summary.diagnostics[1]!.message).toContain('`Records` is not a list');
    expect(summary).toMatchObject({ files: 3, records: 0, unreadableFiles: 3 });
  });

  it('lists at most 100 invalid records of a file, then one diagnostic for the rest', async () => {
    const bad = Array.from({ length: 150 }, (_, i) => ({ ...record(`bad-${i}`), eventTime: 'yesterday' }));
    const file = write(tempDir(), 'bad.json', s3File(record('good'), ...bad));
    const { seen, summary } = await read([file]);
    expect(seen.map((s) => s.record.eventID)).toEqual(['good']);
    expect(summary.diagnostics).toHaveLength(101);
    expect(codes(summary.diagnostics).every((c) => c === 'cloudtrail/invalid-record')).toBe(true);
    expect(summary.diagnostics[0]!.source).toMatchObject({ file, pointer: '/Records/1', line: 1 });
    expect(summary.diagnostics[99]!.source!.pointer).toBe('/Records/100');
    expect(summary.diagnostics[100]!.message).toContain('50 more invalid records');
    expect(summary.invalidRecords).toBe(150);
  });
});

describe('the CloudTrail reader, paths', () => {
  it('reports an empty folder as cloudtrail/no-logs and a missing path as cloudtrail/not-found', async () => {
    const empty = tempDir();
    const digestsOnly = tempDir();
    write(digestsOnly, 'AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/11/01/d.json.gz', '{}');
    const missing = path.join(empty, 'no-such-folder');
    const { seen, summary } = await read([empty, missing, digestsOnly]);
    expect(seen).toEqual([]);
    expect(summary.diagnostics.map((d) => [d.code, d.severity, d.source?.file])).toEqual([
      ['cloudtrail/no-logs', 'error', empty],
      ['cloudtrail/not-found', 'error', missing],
      ['cloudtrail/no-logs', 'error', digestsOnly],
    ]);
    expect(summary.diagnostics[2]!.help).toContain('digest');
    expect(summary).toMatchObject({ files: 0, records: 0 });
  });
});
