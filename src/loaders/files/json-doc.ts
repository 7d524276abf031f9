import type { DiagnosticCode } from '../../core/diagnostic-codes.js';
import type { DiagnosticBag, Locator, Severity, SourceContext } from '../../core/diagnostics.js';
import { escapePointerToken } from '../../core/diagnostics.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { describeValue, isPlainObject } from '../../core/policy/decode-policy-document.js';
import { parsePolicy } from '../../core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../core/policy/policy-types.js';

/** The family of a loader's diagnostic codes: `snapshot/invalid-shape`, `gaad/foreign-account`… */
export type CodePrefix = 'snapshot' | 'gaad' | 'iam-collect';

/** What can be wrong with any JSON file a loader reads, whichever loader reads it. */
export type FileProblem = 'unreadableFile' | 'invalidJson' | 'duplicateKey' | 'invalidShape' | 'missingField';

/** Each family's code for each of those problems, written out in full (no code is assembled at run time). */
export const FILE_CODES = {
  snapshot: {
    unreadableFile: 'snapshot/unreadable-file',
    invalidJson: 'snapshot/invalid-json',
    duplicateKey: 'snapshot/duplicate-key',
    invalidShape: 'snapshot/invalid-shape',
    missingField: 'snapshot/missing-field',
  },
  gaad: {
    unreadableFile: 'gaad/unreadable-file',
    invalidJson: 'gaad/invalid-json',
    duplicateKey: 'gaad/duplicate-key',
    invalidShape: 'gaad/invalid-shape',
    missingField: 'gaad/missing-field',
  },
  'iam-collect': {
    unreadableFile: 'iam-collect/unreadable-file',
    invalidJson: 'iam-collect/invalid-json',
    duplicateKey: 'iam-collect/duplicate-key',
    invalidShape: 'iam-collect/invalid-shape',
    missingField: 'iam-collect/missing-field',
  },
} as const satisfies Record<CodePrefix, Record<FileProblem, DiagnosticCode>>;

export type Fields = Record<string, unknown>;

/** A value inside a JSON file, with its RFC 6901 pointer. */
export interface JsonNode {
  readonly value: unknown;
  readonly pointer: string;
}

/**
 * One parsed JSON file, read value by value. A value of the wrong shape is reported at its pointer
 * and line (`<prefix>/invalid-shape`) and read as absent, so the caller can skip that part and go on.
 */
export class JsonDoc {
  readonly root: JsonNode;

  constructor(
    readonly file: string,
    value: unknown,
    readonly locate: Locator,
    readonly prefix: CodePrefix,
    readonly bag: DiagnosticBag,
  ) {
    this.root = { value, pointer: '' };
  }

  context(): SourceContext {
    return { file: this.file, pointer: '', locate: this.locate };
  }

  report(pointer: string, code: DiagnosticCode, severity: Severity, message: string, help?: string): void {
    this.bag.report(this.context(), pointer, code, severity, message, help);
  }

  /** The member `key` of an object node (absent when the node is not an object). */
  get(node: JsonNode, key: string): JsonNode {
    const value = isPlainObject(node.value) ? node.value[key] : undefined;
    return { value, pointer: `${node.pointer}/${escapePointerToken(key)}` };
  }

  /** An object; undefined for an absent or null value (both mean none). */
  object(node: JsonNode, what: string): Fields | undefined {
    if (node.value === undefined || node.value === null) return undefined;
    if (isPlainObject(node.value)) return node.value;
    this.wrongType(node, what, 'an object');
    return undefined;
  }

  /** The elements of an array; absent or null is the empty list. */
  items(node: JsonNode, what: string): JsonNode[] {
    if (node.value === undefined || node.value === null) return [];
    if (!Array.isArray(node.value)) {
      this.wrongType(node, what, 'an array');
      return [];
    }
    return node.value.map((value, i) => ({ value, pointer: `${node.pointer}/${i}` }));
  }

  string(node: JsonNode, what: string): string | undefined {
    if (node.value === undefined || node.value === null) return undefined;
    if (typeof node.value === 'string') return node.value;
    this.wrongType(node, what, 'a string');
    return undefined;
  }

  requiredString(node: JsonNode, what: string): string | undefined {
    if (node.value === undefined || node.value === null) {
      this.report(node.pointer, FILE_CODES[this.prefix].missingField, 'error', `${what} is missing`);
      return undefined;
    }
    return this.string(node, what);
  }

  boolean(node: JsonNode, what: string): boolean | undefined {
    if (node.value === undefined || node.value === null) return undefined;
    if (typeof node.value === 'boolean') return node.value;
    this.wrongType(node, what, 'true or false');
    return undefined;
  }

  /** Strings of an array; entries of another type are reported and left out. */
  strings(node: JsonNode, what: string): string[] {
    return this.items(node, what).flatMap((item) => {
      const s = this.string(item, `an entry of ${what}`);
      return s === undefined ? [] : [s];
    });
  }

  /**
   * The pages of a list output (snapshot-layout.md, "Pagination"): the CLI writes one object, SDK
   * collectors an array of pages. Pages that are not objects are reported and left out.
   */
  pages(what: string): JsonNode[] {
    const root = this.root;
    if (Array.isArray(root.value)) {
      return this.items(root, what).filter((page) => {
        if (isPlainObject(page.value)) return true;
        this.wrongType(page, `a page of ${what}`, 'an object');
        return false;
      });
    }
    if (isPlainObject(root.value)) return [root];
    this.wrongType(root, what, 'an object or an array of pages');
    return [];
  }

  /** The entries of the list `key`, concatenated across pages. */
  listAcrossPages(key: string, what: string): JsonNode[] {
    return this.pages(what).flatMap((page) => this.items(this.get(page, key), `\`${key}\``));
  }

  /** Tags written as `[{Key, Value}]` (IAM, S3, SNS, Secrets Manager) or `[{TagKey, TagValue}]` (KMS). */
  tagList(node: JsonNode, what: string, keyField = 'Key', valueField = 'Value'): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const entry of this.items(node, what)) {
      if (!this.object(entry, `a tag of ${what}`)) continue;
      const key = this.requiredString(this.get(entry, keyField), `the \`${keyField}\` of a tag`);
      const value = this.string(this.get(entry, valueField), `the \`${valueField}\` of a tag`) ?? '';
      if (key !== undefined) tags[key] = value;
    }
    return tags;
  }

  /** An object whose values are strings (SQS tags, KMS encryption contexts); other values are reported. */
  stringMap(node: JsonNode, what: string): Record<string, string> {
    const fields = this.object(node, what);
    const out: Record<string, string> = {};
    if (!fields) return out;
    for (const key of Object.keys(fields)) {
      const value = this.string(this.get(node, key), `\`${key}\` of ${what}`);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /** Parses the policy document at `node`, in any of the three encodings. */
  policy(node: JsonNode, kind: PolicyKind, name: string, catalog: ServiceCatalog | undefined): Policy {
    const source: SourceContext = { file: this.file, pointer: node.pointer, locate: this.locate };
    return parsePolicy(node.value, { kind, name, source, ...(catalog ? { catalog } : {}) }, this.bag);
  }

  private wrongType(node: JsonNode, what: string, expected: string): void {
    this.report(node.pointer, FILE_CODES[this.prefix].invalidShape, 'error', `${what} must be ${expected}, found ${describeValue(node.value)}`);
  }
}

export function isFields(value: unknown): value is Fields {
  return isPlainObject(value);
}
