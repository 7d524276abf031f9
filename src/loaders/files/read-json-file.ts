import { readFileSync } from 'node:fs';
import type { DiagnosticCode } from '../../core/diagnostic-codes.js';
import type { DiagnosticBag } from '../../core/diagnostics.js';
import { parseJsonLocated } from '../../core/json/parse-json-located.js';
import { FILE_CODES, JsonDoc, type CodePrefix } from './json-doc.js';

export type JsonFileRead =
  | { readonly kind: 'parsed'; readonly doc: JsonDoc }
  /** No such file: not collected. */
  | { readonly kind: 'absent' }
  /** The file is there but cannot be used (unreadable, not JSON); the reason is in the bag. */
  | { readonly kind: 'broken' };

/**
 * Reads and parses one JSON file. `file` is how diagnostics name it (the path as the user gave it).
 * A syntax error is `<prefix>/invalid-json` at its line and column; a repeated key is a warning.
 */
export function readJsonFile(path: string, file: string, prefix: CodePrefix, bag: DiagnosticBag): JsonFileRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'absent' };
    const reason = code === 'EISDIR' ? 'it is a folder, not a file' : e instanceof Error ? e.message : String(e);
    bag.add({ code: FILE_CODES[prefix].unreadableFile, severity: 'error', message: `cannot read \`${file}\`: ${reason}`, source: { file, pointer: '' } });
    return { kind: 'broken' };
  }
  return parseJsonText(text, file, prefix, bag);
}

/**
 * `invalidJson` is the code for a syntax error, the family's own unless the caller does not know
 * yet what the file is (`load/invalid-json`).
 */
export function parseJsonText(text: string, file: string, prefix: CodePrefix, bag: DiagnosticBag, invalidJson: DiagnosticCode = FILE_CODES[prefix].invalidJson): JsonFileRead {
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) {
    bag.add({
      code: invalidJson,
      severity: 'error',
      message: `not valid JSON: ${parsed.message.charAt(0).toLowerCase()}${parsed.message.slice(1)}`,
      help: 'the file is left out; a file cut short by an interrupted collection can be collected again',
      source: { file, pointer: '', line: parsed.line, column: parsed.column },
    });
    return { kind: 'broken' };
  }
  for (const pointer of parsed.duplicateKeys) {
    bag.add({
      code: FILE_CODES[prefix].duplicateKey,
      severity: 'warning',
      message: 'this key appears more than once in its object; the last value is used',
      source: { file, pointer, ...parsed.locate(pointer) },
    });
  }
  return { kind: 'parsed', doc: new JsonDoc(file, parsed.value, parsed.locate, prefix, bag) };
}
