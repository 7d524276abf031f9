/**
 * Reading and editing a policy document as written (decoded JSON). The input document is never
 * changed; an edit returns a new document.
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
  return withStatementList(document, [...statementsOf(document), statement]);
}

/** The Sids a document already uses, so a new statement can take a fresh one. */
export function sidsOf(document: unknown): Set<string> {
  const out = new Set<string>();
  for (const s of statementsOf(document)) if (isObject(s) && typeof s.Sid === 'string') out.add(s.Sid);
  return out;
}

/** The document with its `Statement` element set to `statements` (a Version is added where it had none). */
export function withStatementList(document: unknown, statements: readonly unknown[]): PolicyDocumentJson {
  const base = isObject(document) ? document : EMPTY_POLICY_DOCUMENT;
  return { ...base, Version: base.Version ?? '2012-10-17', Statement: [...statements] };
}

function isObject(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
