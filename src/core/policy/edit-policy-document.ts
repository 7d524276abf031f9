/**
 * Edits of a policy document as written (decoded JSON): add a statement, replace one, remove one.
 * The input document is never changed; the result shares nothing mutable with it.
 */
export type PolicyDocumentJson = Readonly<Record<string, unknown>>;

export const EMPTY_POLICY_DOCUMENT: PolicyDocumentJson = { Version: '2012-10-17', Statement: [] };

/** The statements of a document as a list (`Statement` may be a single object). */
export function statementsOf(document: unknown): readonly unknown[] {
  const element = isObject(document) ? document.Statement : undefined;
  if (Array.isArray(element)) return element;
  return element === undefined ? [] : [element];
}

export function withStatementAdded(document: unknown, statement: unknown): PolicyDocumentJson {
  return withStatements(document, [...statementsOf(document), statement]);
}

export function withStatementReplaced(document: unknown, index: number, statement: unknown): PolicyDocumentJson {
  return withStatements(document, statementsOf(document).map((s, i) => (i === index ? statement : s)));
}

export function withStatementRemoved(document: unknown, index: number): PolicyDocumentJson {
  return withStatements(document, statementsOf(document).filter((_, i) => i !== index));
}

/** The Sids a document already uses, so a new statement can take a fresh one. */
export function sidsOf(document: unknown): Set<string> {
  const out = new Set<string>();
  for (const s of statementsOf(document)) if (isObject(s) && typeof s.Sid === 'string') out.add(s.Sid);
  return out;
}

function withStatements(document: unknown, statements: readonly unknown[]): PolicyDocumentJson {
  const base = isObject(document) ? document : EMPTY_POLICY_DOCUMENT;
  return { ...base, Version: base.Version ?? '2012-10-17', Statement: [...statements] };
}

function isObject(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
