import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../src/core/diagnostic-codes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CODES = Object.keys(DIAGNOSTIC_CODES);
const FAMILIES = new Set(CODES.map((c) => c.slice(0, c.indexOf('/'))));

/** Quoted strings of a code family that are not diagnostic codes. */
const NOT_CODES = new Set(['scenario/v1']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

const SOURCES = [...sourceFiles('src'), ...sourceFiles('web/src')].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

/** Every single-quoted `family/problem` string of the program, with the file it is in. */
const QUOTED = SOURCES.flatMap(({ file, text }) => [...text.matchAll(/'([a-z0-9-]+\/[a-z0-9-]+)'/g)].map((m) => ({ file, value: m[1]! })));

describe('the diagnostic code registry', () => {
  it('holds `family/problem` codes, each with a one-line description', () => {
    for (const code of CODES) {
      expect(code, code).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      const description = DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES];
      expect(description.trim().length, code).toBeGreaterThan(0);
      expect(description, code).not.toContain('\n');
    }
    expect(CODES.length).toBeGreaterThan(150);
  });

  it('has no dead code: every code is written out somewhere in the program', () => {
    const used = new Set(QUOTED.filter((q) => relative('src/core/diagnostic-codes.ts', q.file) !== '').map((q) => q.value));
    expect(CODES.filter((c) => !used.has(c))).toEqual([]);
  });

  it('knows every code the program writes out', () => {
    const unknown = QUOTED.filter((q) => FAMILIES.has(q.value.slice(0, q.value.indexOf('/'))) && !NOT_CODES.has(q.value) && !isDiagnosticCode(q.value));
    expect(unknown).toEqual([]);
    // `code: '…/…'` fields (other `code` fields, as of assumptions, have no family).
    const codeFields = SOURCES.flatMap(({ file, text }) => [...text.matchAll(/\bcode: '([^'/]*\/[^']*)'/g)].map((m) => ({ file, value: m[1]! })));
    expect(codeFields.length).toBeGreaterThan(50);
    expect(codeFields.filter((c) => !isDiagnosticCode(c.value))).toEqual([]);
  });

  it('is the only source of codes: none is assembled from a template at run time', () => {
    const built = SOURCES.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line, i) => ({ file, line: i + 1, text: line.trim() }))
        .filter((l) => /\bcode: `[^`]*\$\{/.test(l.text) && !/\bcode: `\$\{b\.action\} /.test(l.text) || /`\$\{(prefix|this\.prefix|command)\}\//.test(l.text) || /code\.replace\(/.test(l.text)),
    );
    expect(built).toEqual([]);
  });

  it('holds every code the docs\' diagnostics tables list', () => {
    for (const doc of ['docs/inputs.md', 'docs/scenario-format.md', 'docs/cli.md']) {
      const rows = [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/^\| `([a-z0-9-]+\/[a-z0-9-]+)`/gm)].map((m) => m[1]!);
      expect(rows.filter((c) => !isDiagnosticCode(c)), doc).toEqual([]);
    }
  });
});
