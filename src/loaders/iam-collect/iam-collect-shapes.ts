import type { Tags, Uncollected } from '../../core/model/estate.js';
import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import type { DataFolder } from '../files/data-folder.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';

/**
 * iam-collect documents its folders and file names but not every field inside its JSON files
 * (docs/inputs.md lists what we accept). These helpers read the documented files and accept the
 * plausible spellings of each field, so a field named one way or another is still found.
 */

/** The first of `names` present in an object node (absent when none is). */
export function pick(doc: JsonDoc, node: JsonNode, names: readonly string[]): JsonNode {
  for (const name of names) {
    const found = doc.get(node, name);
    if (found.value !== undefined) return found;
  }
  return doc.get(node, names[0]!);
}

/** Reads `<dir>/<file>`; undefined when absent or broken (a broken file is reported as it is read). */
export function readOptional(folder: DataFolder, rel: string): JsonDoc | undefined {
  const read = folder.read(rel);
  return read.kind === 'parsed' ? read.doc : undefined;
}

/**
 * Reads a file whose absence means none (iam-collect writes no file for "none"): `absent`, or
 * `broken` when it is there but unreadable (already reported), which means unknown.
 */
export function readData(folder: DataFolder, rel: string): JsonDoc | 'absent' | 'broken' {
  const read = folder.read(rel);
  return read.kind === 'parsed' ? read.doc : read.kind;
}

/** `tags.json`: none when absent, unknown when broken. */
export function tagsAt(folder: DataFolder, rel: string, owner: string): Tags | Uncollected {
  const read = readData(folder, rel);
  if (read === 'absent') return {};
  if (read === 'broken') return { uncollected: true, what: `the tags of ${owner} (${rel} could not be read)` };
  return tagsOf(read);
}

/** A `{key: value}` object or a `[{Key, Value}]` list. */
export function tagsOf(doc: JsonDoc | undefined): Tags {
  if (!doc) return {};
  const root = doc.root;
  if (Array.isArray(root.value)) {
    const tags: Record<string, string> = {};
    for (const entry of doc.items(root, 'the tags')) {
      const key = doc.string(pick(doc, entry, ['Key', 'key']), 'a tag key');
      const value = doc.string(pick(doc, entry, ['Value', 'value']), 'a tag value');
      if (key !== undefined) tags[key] = value ?? '';
    }
    return tags;
  }
  return doc.stringMap(root, 'the tags');
}

export interface NamedDocument {
  readonly name: string;
  readonly node: JsonNode;
}

/**
 * `inline-policies.json`: a list of `{name, document}` entries (or `PolicyName`/`PolicyDocument`,
 * `policyName`/`policy`), a `{"policies": [...]}` object holding such a list, or a `{name: document}`
 * object.
 */
export function inlinePolicies(doc: JsonDoc | undefined): NamedDocument[] {
  if (!doc) return [];
  const root = doc.root;
  const list = Array.isArray(root.value) ? root : isPlainObject(root.value) && Array.isArray(root.value.policies) ? doc.get(root, 'policies') : undefined;
  if (!list) {
    const fields = doc.object(root, 'the inline policies');
    return fields ? Object.keys(fields).map((name) => ({ name, node: doc.get(root, name) })) : [];
  }
  return doc.items(list, 'the inline policies').flatMap((entry, i) => {
    if (!doc.object(entry, 'an inline policy')) return [];
    const name = doc.string(pick(doc, entry, ['name', 'PolicyName', 'policyName']), 'the inline policy name') ?? String(i);
    const document = pick(doc, entry, ['document', 'PolicyDocument', 'policyDocument', 'policy', 'Document']);
    return [{ name, node: document }];
  });
}

/** A list of ARNs: strings, or objects holding `arn` / `Arn` / `PolicyArn` / `policyArn`. */
export function arnList(doc: JsonDoc | undefined, what: string): Array<{ arn: string; pointer: string }> {
  if (!doc) return [];
  return doc.items(doc.root, what).flatMap((entry) => {
    const node = typeof entry.value === 'string' ? entry : pick(doc, entry, ['arn', 'Arn', 'PolicyArn', 'policyArn']);
    const arn = doc.string(node, `an entry of ${what}`);
    return arn === undefined ? [] : [{ arn, pointer: node.pointer }];
  });
}

/** Every folder below `rel` (up to `depth` levels) that holds a `metadata.json`: one per resource. */
export function resourceDirs(folder: DataFolder, rel: string, depth = 5): string[] {
  if (depth < 0) return [];
  const here = folder.isFile(`${rel}/metadata.json`) ? [rel] : [];
  return [...here, ...folder.dirs(rel).flatMap((name) => resourceDirs(folder, `${rel}/${name}`, depth - 1))];
}
