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

/** How many diagnostics of one code are printed in full before the rest are counted. */
export const SHOWN_PER_CODE = 3;

/**
 * Like `renderDiagnostics`, but a code that repeats prints its first `SHOWN_PER_CODE` diagnostics
 * and then one line that counts the rest and says where they all are. Order is kept: a group sits
 * where its first diagnostic was.
 */
export function renderDiagnosticsGrouped(ds: readonly Diagnostic[], shownPerCode = SHOWN_PER_CODE): string {
  const byCode = new Map<string, Diagnostic[]>();
  for (const d of ds) {
    const group = byCode.get(d.code);
    if (group) group.push(d);
    else byCode.set(d.code, [d]);
  }
  let out = '';
  for (const [code, group] of byCode) {
    out += renderDiagnostics(group.slice(0, shownPerCode));
    const rest = group.length - shownPerCode;
    if (rest > 0) {
      const severity = group[0]!.severity;
      out += `… and ${rest.toLocaleString('en-US')} more ${severity} ${code} (${group.length.toLocaleString('en-US')} in all; \`--format json\` lists every one)\n`;
    }
  }
  return out;
}
