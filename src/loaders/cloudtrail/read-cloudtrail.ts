import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { asCloudTrailRecord, type CloudTrailRecord, type RecordSource } from '../../core/cloudtrail/cloudtrail-record.js';
import { locate, type Diagnostic, type Locator } from '../../core/diagnostics.js';
import { lineColumnAt, parseJsonLocated } from '../../core/json/parse-json-located.js';
import { listCloudTrailFiles } from './cloudtrail-files.js';

export interface CloudTrailProgress {
  readonly files: number;
  readonly filesTotal: number;
  readonly records: number;
  /** Bytes read from disk (compressed, for `.gz` files). */
  readonly bytes: number;
}

export interface CloudTrailReadOptions {
  onRecord(record: CloudTrailRecord, source: RecordSource): void;
  /** Called after each file, whether it could be used or not. */
  onProgress?(progress: CloudTrailProgress): void;
}

export interface CloudTrailReadSummary {
  /** Log files found, whether they could be used or not. */
  readonly files: number;
  /** Records handed to `onRecord`. */
  readonly records: number;
  /** Records left out, all of them (diagnostics list at most 100 a file). */
  readonly invalidRecords: number;
  /** Files left out whole: unreadable, truncated, not JSON, or of an unknown layout. */
  readonly unreadableFiles: number;
  readonly bytes: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** Past this many invalid records in one file, the rest are counted in one diagnostic. */
const MAX_RECORD_DIAGNOSTICS_PER_FILE = 100;

const gunzipAsync = promisify(gunzip);

/**
 * Reads CloudTrail logs (files and folders, see `listCloudTrailFiles`) one file at a time, handing
 * each record to `onRecord`: memory holds one file, never the records of several. Two forms are
 * read: S3 delivery (`{"Records": [record, …]}`, gzipped or not) and the output of
 * `aws cloudtrail lookup-events` (`{"Events": [{…, "CloudTrailEvent": "<record as JSON>"}, …]}`).
 * Problems are diagnostics; whatever else can be read is read.
 */
export async function readCloudTrail(paths: readonly string[], options: CloudTrailReadOptions): Promise<CloudTrailReadSummary> {
  const diagnostics: Diagnostic[] = [];
  const files = listCloudTrailFiles(paths, diagnostics);
  let done = 0;
  let records = 0;
  let invalidRecords = 0;
  let unreadableFiles = 0;
  let bytes = 0;
  for (const file of files) {
    const read = await readLogFile(file, options.onRecord, diagnostics);
    done++;
    bytes += read.bytes;
    records += read.records;
    invalidRecords += read.invalidRecords;
    if (!read.used) unreadableFiles++;
    options.onProgress?.({ files: done, filesTotal: files.length, records, bytes });
  }
  return { files: files.length, records, invalidRecords, unreadableFiles, bytes, diagnostics };
}

interface FileRead {
  readonly used: boolean;
  readonly bytes: number;
  readonly records: number;
  readonly invalidRecords: number;
}

async function readLogFile(file: string, onRecord: CloudTrailReadOptions['onRecord'], diagnostics: Diagnostic[]): Promise<FileRead> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder, not a file' : errorMessage(e);
    diagnostics.push({ code: 'cloudtrail/unreadable', severity: 'error', message: `cannot read \`${file}\`: ${reason}`, source: { file, pointer: '' } });
    return { used: false, bytes: 0, records: 0, invalidRecords: 0 };
  }
  const bytes = raw.length;
  const text = await decode(file, raw, diagnostics);
  if (text === undefined) return { used: false, bytes, records: 0, invalidRecords: 0 };

  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    diagnostics.push(invalidJson(file, text, errorMessage(e)));
    return { used: false, bytes, records: 0, invalidRecords: 0 };
  }

  const layout = layoutOf(doc);
  if (typeof layout === 'string') {
    diagnostics.push({
      code: 'cloudtrail/unknown-layout',
      severity: 'error',
      message: `\`${file}\` is not a CloudTrail log: ${layout}`,
      help: 'CloudTrail delivers `{"Records": [...]}` files to S3, and `aws cloudtrail lookup-events` prints `{"Events": [...]}`; the file is left out',
      source: { file, pointer: '' },
    });
    return { used: false, bytes, records: 0, invalidRecords: 0 };
  }

  const problems = new RecordProblems(file, text, diagnostics);
  let records = 0;
  if (layout.key === 'Records') {
    layout.list.forEach((value, i) => {
      const pointer = `/Records/${i}`;
      const record = asCloudTrailRecord(value);
      if (typeof record === 'string') return problems.add(pointer, record);
      records++;
      onRecord(record, { file, pointer });
    });
  } else {
    layout.list.forEach((event, i) => {
      const pointer = `/Events/${i}/CloudTrailEvent`;
      const record = recordOfEvent(event);
      if (typeof record === 'string') return problems.add(pointer, record);
      records++;
      onRecord(record, { file, pointer });
    });
  }
  problems.finish();
  return { used: true, bytes, records, invalidRecords: problems.count };
}

/** The file's text, gunzipped when it is gzip (by name or by its magic bytes); undefined when it cannot be used. */
async function decode(file: string, raw: Buffer, diagnostics: Diagnostic[]): Promise<string | undefined> {
  let data = raw;
  if (file.endsWith('.gz') || (raw[0] === 0x1f && raw[1] === 0x8b)) {
    try {
      data = await gunzipAsync(raw);
    } catch (e) {
      if (e instanceof RangeError) {
        diagnostics.push(tooLarge(file, e));
        return undefined;
      }
      // A partial text is not parsed: a cut file would yield a cut list of records, taken for all.
      diagnostics.push({
        code: 'cloudtrail/truncated-gzip',
        severity: 'error',
        message: `\`${file}\` is truncated or not gzip`,
        help: `zlib: ${errorMessage(e)}; the file is left out: a file still being delivered, or cut short by an interrupted copy, can be copied again`,
        source: { file, pointer: '' },
      });
      return undefined;
    }
  }
  try {
    const text = data.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    diagnostics.push(tooLarge(file, e));
    return undefined;
  }
}

function tooLarge(file: string, e: unknown): Diagnostic {
  return {
    code: 'cloudtrail/unreadable',
    severity: 'error',
    message: `cannot read \`${file}\`: it is too large to hold as text`,
    help: `${errorMessage(e)}; the file is left out`,
    source: { file, pointer: '' },
  };
}

/**
 * `JSON.parse` says where it stopped as `at position N` (Node 20), or at the end of the text; its
 * `Unexpected token` messages say neither (and quote the text around), so the located parser, run
 * only on this failing file, names the line and the problem then.
 */
function invalidJson(file: string, text: string, message: string): Diagnostic {
  const help = 'the file is left out; a file cut short by an interrupted copy can be copied again';
  const at = /\bat position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset !== undefined) {
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+$/, '');
    const { line, column } = lineColumnAt(text, offset);
    return { code: 'cloudtrail/invalid-json', severity: 'error', message: `not valid JSON: ${lowerFirst(reason)}`, help, source: { file, pointer: '', line, column } };
  }
  const located = parseJsonLocated(text);
  if (!located.ok) {
    return { code: 'cloudtrail/invalid-json', severity: 'error', message: `not valid JSON: ${lowerFirst(located.message)}`, help, source: { file, pointer: '', line: located.line, column: located.column } };
  }
  return { code: 'cloudtrail/invalid-json', severity: 'error', message: `not valid JSON: ${lowerFirst(message.replace(/\s+/g, ' '))}`, help, source: { file, pointer: '' } };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

type Layout = { readonly key: 'Records' | 'Events'; readonly list: readonly unknown[] };

/** Which of the two forms the document is, or why it is neither. */
function layoutOf(doc: unknown): Layout | string {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return `it is ${Array.isArray(doc) ? 'a list' : doc === null ? '`null`' : `a ${typeof doc}`}, not an object holding \`Records\` or \`Events\``;
  }
  for (const key of ['Records', 'Events'] as const) {
    if (!Object.hasOwn(doc, key)) continue;
    const list = (doc as Record<string, unknown>)[key];
    return Array.isArray(list) ? { key, list } : `\`${key}\` is not a list`;
  }
  return 'it holds neither `Records` nor `Events`';
}

/** The record a `lookup-events` event carries as a JSON string, or the problem. */
function recordOfEvent(event: unknown): CloudTrailRecord | string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'an event is not a JSON object';
  const json = (event as Record<string, unknown>)['CloudTrailEvent'];
  if (typeof json !== 'string') return '`CloudTrailEvent` is missing or not a string';
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return `\`CloudTrailEvent\` is not valid JSON: ${lowerFirst(errorMessage(e).replace(/\s+/g, ' '))}`;
  }
  return asCloudTrailRecord(value);
}

/**
 * The invalid records of one file: a diagnostic each up to the cap, then one for the rest. Lines
 * come from a located parse of the file, done once, and only when a record is invalid.
 */
class RecordProblems {
  count = 0;
  private locator: Locator | null | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  add(pointer: string, problem: string): void {
    this.count++;
    if (this.count > MAX_RECORD_DIAGNOSTICS_PER_FILE) return;
    const locator = this.locate();
    this.diagnostics.push({
      code: 'cloudtrail/invalid-record',
      severity: 'warning',
      message: `${problem}; the record is left out`,
      source: locate({ file: this.file, pointer: '', ...(locator ? { locate: locator } : {}) }, pointer),
    });
  }

  finish(): void {
    const more = this.count - MAX_RECORD_DIAGNOSTICS_PER_FILE;
    if (more <= 0) return;
    this.diagnostics.push({
      code: 'cloudtrail/invalid-record',
      severity: 'warning',
      message: `${more} more invalid ${more === 1 ? 'record of this file is' : 'records of this file are'} left out, not listed one by one`,
      help: `only the first ${MAX_RECORD_DIAGNOSTICS_PER_FILE} invalid records of a file are listed`,
      source: { file: this.file, pointer: '' },
    });
  }

  private locate(): Locator | undefined {
    if (this.locator === undefined) {
      const parsed = parseJsonLocated(this.text);
      this.locator = parsed.ok ? parsed.locate : null;
    }
    return this.locator ?? undefined;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
