import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { ExplainJson } from '../../src/reporters/explain-json.js';
import type { FindingJson, FindingsJson } from '../../src/reporters/findings-json.js';
import type { PathsJson } from '../../src/reporters/paths-json.js';
import type { WhoCanJson } from '../../src/reporters/who-can-json.js';
import type { EstateJson } from '../../src/server/estate-json.js';

/** The server's answers are the CLI's `--format json`: the page reads them with the reporters' own types. */
export type { Diagnostic, EstateJson, ExplainJson, FindingJson, FindingsJson, PathsJson, WhoCanJson };

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** A refused request: the server's diagnostics, or why the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

export async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const query = params && params.toString() !== '' ? `?${params.toString()}` : '';
  let response: Response;
  try {
    response = await fetch(`${path}${query}`, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, [{ code: 'page/server-unreachable', severity: 'error', message: 'the trustmap server does not answer', help: 'is `trustmap serve` still running?' }]);
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const diagnostics = (body as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics ?? [{ code: 'page/bad-answer', severity: 'error', message: `the server answered ${response.status}` }];
    throw new ApiError(response.status, diagnostics);
  }
  return body as T;
}
