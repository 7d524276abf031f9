/**
 * Diagnostics are data: a stable code, a severity, a message (lowercase, no final period, user
 * input in backticks) and where it came from. Reporters render them; the core only collects them.
 */
import type { DiagnosticCode } from './diagnostic-codes.js';

export type { DiagnosticCode } from './diagnostic-codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface SourceLocation {
  /** The file the value came from, as the user named it. */
  file?: string;
  /** RFC 6901 JSON pointer to the offending value inside that file. */
  pointer: string;
  /** 1-based line of the offending value, where the loader could tell. */
  line?: number;
  column?: number;
}

export interface Diagnostic {
  /** One of the registry's codes (diagnostic-codes.ts). */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  help?: string;
  source?: SourceLocation;
}

/** Maps a JSON pointer inside a document to a line and column in the file it came from. */
export type Locator = (pointer: string) => { line: number; column?: number } | undefined;

/** Where a value sits: the file, the pointer of the value inside it, and how to find lines. */
export interface SourceContext {
  file?: string;
  /** Pointer of the document's root inside the file ('' when the document is the whole file). */
  pointer: string;
  locate?: Locator;
  /**
   * Set when the document was embedded as a string (the `Policy` field of an SQS attribute, a
   * URL-encoded IAM document): pointers inside it cannot be mapped to lines of the outer file, so
   * the line of the string itself is reported.
   */
  embedded?: boolean;
}

export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  report(
    ctx: SourceContext | undefined,
    relativePointer: string,
    code: DiagnosticCode,
    severity: Severity,
    message: string,
    help?: string,
  ): void {
    const d: Diagnostic = { code, severity, message };
    if (help !== undefined) d.help = help;
    if (ctx) d.source = locate(ctx, relativePointer);
    this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

export function locate(ctx: SourceContext, relativePointer: string): SourceLocation {
  const pointer = ctx.embedded ? ctx.pointer : ctx.pointer + relativePointer;
  const loc: SourceLocation = { pointer: ctx.embedded ? `${ctx.pointer}${relativePointer ? ` (inside the string, at ${relativePointer})` : ''}` : pointer };
  if (ctx.file !== undefined) loc.file = ctx.file;
  const lookup = ctx.embedded ? ctx.pointer : pointer;
  const at = ctx.locate?.(lookup) ?? nearestLine(ctx, lookup);
  if (at) {
    loc.line = at.line;
    if (at.column !== undefined) loc.column = at.column;
  }
  return loc;
}

/** A pointer to a key that does not exist (a missing `Effect`) is reported at its parent. */
function nearestLine(ctx: SourceContext, pointer: string): { line: number; column?: number } | undefined {
  if (!ctx.locate) return undefined;
  let p = pointer;
  while (p.length > 0) {
    const cut = p.lastIndexOf('/');
    p = cut <= 0 ? '' : p.slice(0, cut);
    const at = ctx.locate(p);
    if (at) return at;
  }
  return undefined;
}

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.source?.file ?? '';
    const fb = b.source?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.source?.line ?? 0) - (b.source?.line ?? 0);
  });
}
