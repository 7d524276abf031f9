import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { DiagnosticCode } from '../core/diagnostic-codes.js';
import { escapePointerToken, type Diagnostic, type Locator } from '../core/diagnostics.js';

/**
 * A YAML (or JSON, which is YAML 1.2) document decoded to plain values, with a way back from any
 * JSON pointer inside it to the line it was written on.
 */
export interface LocatedDocument {
  readonly value: unknown;
  readonly locate: Locator;
  /**
   * Pointers of mapping entries whose key was written as a number, boolean or null rather than a
   * string (an unquoted `012345678901:` loses its leading zero before anyone sees it).
   */
  readonly nonStringKeys: ReadonlySet<string>;
}

export type LocatedParse =
  | ({ readonly ok: true; readonly diagnostics: readonly Diagnostic[] } & LocatedDocument)
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

type Position = { line: number; column: number };

/** Which input a YAML file is, for the codes of what its parser reports. */
export type YamlFamily = 'yaml' | 'baseline' | 'known-accounts';

/** Each input's codes for YAML syntax errors and parser warnings, written out in full. */
export const YAML_CODES = {
  yaml: { error: 'yaml/parse-error', warning: 'yaml/warning' },
  baseline: { error: 'baseline/parse-error', warning: 'baseline/warning' },
  'known-accounts': { error: 'known-accounts/parse-error', warning: 'known-accounts/warning' },
} as const satisfies Record<YamlFamily, Record<'error' | 'warning', DiagnosticCode>>;

/**
 * Parses YAML text; syntax errors become `yaml/parse-error` diagnostics with their line (or the
 * `family`'s own code: `baseline/parse-error`…).
 */
export function parseYamlLocated(text: string, file?: string, family: YamlFamily = 'yaml'): LocatedParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: '1.2', merge: true });
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: Math.max(pos.line, 1), column: pos.col };
  };
  const diagnostics: Diagnostic[] = [
    ...doc.errors.map((e) => yamlDiagnostic(YAML_CODES[family].error, 'error', e.message, at(e.pos[0]), file)),
    ...doc.warnings.map((w) => yamlDiagnostic(YAML_CODES[family].warning, 'warning', w.message, at(w.pos[0]), file)),
  ];
  if (doc.errors.length > 0) return { ok: false, diagnostics };

  const positions = new Map<string, Position>();
  const nonStringKeys = new Set<string>();
  indexNode(doc, doc.contents, '', undefined, { positions, nonStringKeys, at });

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, diagnostics: [...diagnostics, yamlDiagnostic(YAML_CODES[family].error, 'error', message, { line: 1, column: 1 }, file)] };
  }
  const locate: Locator = (pointer) => positions.get(pointer);
  return { ok: true, diagnostics, value, locate, nonStringKeys };
}

interface IndexState {
  readonly positions: Map<string, Position>;
  readonly nonStringKeys: Set<string>;
  readonly at: (offset: number) => Position;
}

/**
 * Records a position for every pointer. A mapping value is located at its key, because a block
 * value starts on the line after the key and a reader looks for the key.
 */
function indexNode(doc: Document, node: unknown, pointer: string, keyOffset: number | undefined, state: IndexState, depth = 0): void {
  if (depth > 200) return;
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  const start = keyOffset ?? (resolved as Node | null | undefined)?.range?.[0];
  if (start !== undefined && !state.positions.has(pointer)) state.positions.set(pointer, state.at(start));
  if (isMap(resolved)) {
    for (const pair of resolved.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      const token = isScalar(key) ? String(key.value) : String(key);
      const child = `${pointer}/${escapePointerToken(token)}`;
      if (isScalar(key) && typeof key.value !== 'string') state.nonStringKeys.add(child);
      const keyStart = (key as Node | null)?.range?.[0];
      indexNode(doc, pair.value, child, keyStart, state, depth + 1);
    }
  } else if (isSeq(resolved)) {
    resolved.items.forEach((item, i) => indexNode(doc, item, `${pointer}/${i}`, undefined, state, depth + 1));
  }
}

function yamlDiagnostic(code: DiagnosticCode, severity: 'error' | 'warning', message: string, at: Position, file: string | undefined): Diagnostic {
  const text = message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '');
  const source = file === undefined ? { pointer: '', line: at.line, column: at.column } : { file, pointer: '', line: at.line, column: at.column };
  return {
    code,
    severity,
    message: text,
    source,
  };
}
