import type { DiagnosticBag } from '../core/diagnostics.js';

/** The query parameters a route accepts: each named like the CLI flag it stands for, without `--`. */
export interface QueryParameters {
  /** Given at most once. */
  readonly single: readonly string[];
  /** Repeatable, like the CLI's repeatable flags (`context`, `absent`, `action` for who-can). */
  readonly repeated: readonly string[];
}

export interface ReadQuery {
  one(name: string): string | undefined;
  many(name: string): string[];
}

/**
 * The query string read against what the route accepts. An unknown parameter and a single one
 * given twice are errors rather than ignored: a typo (`principle=`) must not answer another question.
 */
export function readQuery(params: URLSearchParams, accepted: QueryParameters, bag: DiagnosticBag): ReadQuery {
  const known = new Set([...accepted.single, ...accepted.repeated]);
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (!known.has(name)) {
      bag.add({ code: 'server/unknown-parameter', severity: 'error', message: `unknown parameter \`${name}\``, help: `this endpoint takes ${[...known].map((k) => `\`${k}\``).join(', ')}` });
    } else if (accepted.single.includes(name) && params.getAll(name).length > 1) {
      bag.add({ code: 'server/repeated-parameter', severity: 'error', message: `\`${name}\` is given ${params.getAll(name).length} times`, help: `give \`${name}\` once` });
    }
  }
  return {
    one: (name) => params.get(name) ?? undefined,
    many: (name) => params.getAll(name),
  };
}
