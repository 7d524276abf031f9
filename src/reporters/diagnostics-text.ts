import type { Diagnostic } from '../core/diagnostics.js';

/** `file:line: severity code: message`, then `  help: …` where there is help. */
export function renderDiagnostic(d: Diagnostic): string {
  const where = locationOf(d);
  const head = `${where}${d.severity} ${d.code}: ${d.message}`;
  const at = d.source && d.source.line === undefined && d.source.pointer !== '' ? ` (at ${d.source.pointer})` : '';
  return d.help === undefined ? `${head}${at}` : `${head}${at}\n  help: ${d.help}`;
}

/** One diagnostic after another, each ending in a newline; empty for none. */
export function renderDiagnostics(ds: readonly Diagnostic[]): string {
  return ds.map((d) => `${renderDiagnostic(d)}\n`).join('');
}

function locationOf(d: Diagnostic): string {
  const file = d.source?.file;
  const line = d.source?.line;
  if (file === undefined) return line === undefined ? '' : `line ${line}: `;
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}
