import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { ExplainJson } from '../../src/reporters/explain-json.js';
import type { PathsJson } from '../../src/reporters/paths-json.js';
import type { WhoCanJson } from '../../src/reporters/who-can-json.js';
import type { EstateJson } from '../../src/server/estate-json.js';

/** The server's answers are the CLI's `--format json`: the page reads them with the reporters' own types. */
export type { Diagnostic, EstateJson, ExplainJson, PathsJson, WhoCanJson };

/** `trustmap findings --format json` (docs/findings/README.md, "JSON"). */
export interface FindingsJson {
  readonly summary: { readonly findings: number; readonly bySeverity: Readonly<Record<string, number>>; readonly suppressed: number; readonly rules: number };
  readonly findings: readonly FindingJson[];
  readonly rules: ReadonlyArray<{ readonly id: string; readonly severity: string; readonly title: string; readonly docs: string }>;
  readonly diagnostics: readonly Diagnostic[];
}

export interface FindingJson {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  readonly title: string;
  readonly message: string;
  readonly subject: string;
  readonly subjectKind: string;
  readonly account: string;
  readonly policy: { readonly name: string; readonly file: string | null; readonly line: number | null } | null;
  readonly statement: { readonly index: number; readonly sid: string | null; readonly file: string | null; readonly line: number | null } | null;
  readonly request: { readonly principal: string; readonly action: string; readonly resource: string; readonly context: Readonly<Record<string, string | readonly string[] | null>> } | null;
  readonly fix: { readonly kind: string; readonly account: string; readonly policy: string | null; readonly summary: string; readonly statement: unknown };
  readonly docs: string;
}

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
