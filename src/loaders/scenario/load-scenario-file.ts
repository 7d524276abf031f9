import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../core/diagnostics.js';
import { parseJsonLocated } from '../../core/json/parse-json-located.js';
import { parseYamlLocated, type LocatedParse } from '../yaml-located.js';
import { loadScenario, unusableScenario } from './load-scenario.js';
import type { LoadScenarioOptions, LoadedScenario } from './scenario-types.js';

/** Reads a scenario file (`.json` as JSON, anything else as YAML) and loads it. */
export function loadScenarioFile(path: string, options: LoadScenarioOptions = {}): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return unusableScenario([unreadable(path, e)]);
  }
  return loadScenarioText(text, path, options);
}

/** Loads scenario text; `file` names it in diagnostics, and its extension picks JSON or YAML. */
export function loadScenarioText(text: string, file: string, options: LoadScenarioOptions = {}): LoadedScenario {
  const parsed = /\.json$/i.test(file) ? parseJson(text, file) : parseYamlLocated(text, file);
  if (!parsed.ok) return unusableScenario(parsed.diagnostics);
  const loaded = loadScenario(parsed.value, { file, locate: parsed.locate, nonStringKeys: parsed.nonStringKeys }, options);
  return parsed.diagnostics.length === 0 ? loaded : { ...loaded, diagnostics: [...parsed.diagnostics, ...loaded.diagnostics] };
}

/** JSON keeps the JSON parser's messages; a repeated key is kept as JSON.parse keeps it (the last), with a warning. */
function parseJson(text: string, file: string): LocatedParse {
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) {
    const message = parsed.message.charAt(0).toLowerCase() + parsed.message.slice(1);
    return { ok: false, diagnostics: [{ code: 'json/parse-error', severity: 'error', message, source: { file, pointer: '', line: parsed.line, column: parsed.column } }] };
  }
  const diagnostics: Diagnostic[] = parsed.duplicateKeys.map((pointer) => ({
    code: 'json/duplicate-key',
    severity: 'warning',
    message: 'this key appears more than once in its object; the last value is used',
    source: { file, pointer, ...parsed.locate(pointer) },
  }));
  return { ok: true, diagnostics, value: parsed.value, locate: parsed.locate, nonStringKeys: new Set() };
}

function unreadable(path: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code;
  const message = code === 'ENOENT' ? `no such file \`${path}\`` : code === 'EISDIR' ? `\`${path}\` is a folder, not a scenario file` : `cannot read \`${path}\`: ${e instanceof Error ? e.message : String(e)}`;
  return { code: 'scenario/file-unreadable', severity: 'error', message, source: { file: path, pointer: '' } };
}
