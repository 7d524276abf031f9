import { sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';

/**
 * What an API route answers, before HTTP: a status and the JSON text. Routes are plain functions
 * over the served estate so that tests and the bench can call them without a server.
 */
export interface ApiAnswer {
  readonly status: 200 | 400 | 403 | 404 | 405 | 500 | 501;
  /** JSON text, as the CLI's `--format json` prints it (with its final newline). */
  readonly body: string;
}

/** A refused request: `{ "diagnostics": [...] }`, each with a stable code, never a stack trace. */
export function refusal(status: Exclude<ApiAnswer['status'], 200>, diagnostics: readonly Diagnostic[]): ApiAnswer {
  return { status, body: `${JSON.stringify({ diagnostics: sortDiagnostics(diagnostics) }, null, 2)}\n` };
}

export function answered(body: string): ApiAnswer {
  return { status: 200, body };
}
