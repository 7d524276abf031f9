import type { DiagnosticBag, Locator, SourceContext } from '../diagnostics.js';
import { parseJsonLocated } from '../json/parse-json-located.js';

/**
 * Policy documents reach us in three encodings (snapshot-layout.md, "Policy documents come in
 * three encodings"): a JSON object (the AWS CLI decodes IAM documents), a JSON string (the
 * `Policy`, `Content` and `ResourcePolicy` fields), and a URL-encoded JSON string (IAM documents as
 * the JS, Go and Java SDKs and AWS Config return them: "URL-encoded compliant with RFC 3986").
 */
export type PolicyEncoding = 'object' | 'json-string' | 'url-encoded-json-string';

export type DecodedPolicyDocument =
  | {
      readonly ok: true;
      readonly document: Readonly<Record<string, unknown>>;
      readonly encoding: PolicyEncoding;
      /** True when the document came as a string inside its file. */
      readonly embedded: boolean;
      /** Where diagnostics about the document point: `embedded` is set for documents that came as strings. */
      readonly source: SourceContext;
      /** For string encodings: lines and columns inside the decoded text. */
      readonly innerLocate?: Locator;
    }
  | { readonly ok: false; readonly reason: string };

export const ACCEPTED_ENCODINGS_HELP =
  'a policy document is accepted as a JSON object, as a JSON string holding that object, or as a URL-encoded JSON string (RFC 3986, as the AWS SDKs and AWS Config return IAM documents)';

const UNDECODABLE = 'policy/undecodable-document';
const DUPLICATE_KEY = 'policy/duplicate-key';

/**
 * Decodes a policy given in any of the three encodings. Anything else (a number, an array, base64,
 * XML, broken JSON inside the string) is reported as `policy/undecodable-document` and comes back
 * with `ok: false`. Without a `source` the document is located on its own: a JSON string's lines
 * are then the document's lines.
 */
export function decodePolicyDocument(
  input: unknown,
  source: SourceContext | undefined,
  diagnostics: DiagnosticBag,
): DecodedPolicyDocument {
  const outer: SourceContext = source ?? { pointer: '' };
  if (isPlainObject(input)) return { ok: true, document: input, encoding: 'object', embedded: false, source: outer };
  if (typeof input !== 'string') return undecodable(`the policy document is ${describeValue(input)}, not a JSON object`, outer, diagnostics);

  const text = input.trimStart();
  if (text.startsWith('{')) return decodeJsonText(input, 'json-string', source, diagnostics);
  if (/%[0-9a-fA-F]{2}/.test(text)) return decodeUrlEncoded(input, source, diagnostics);
  return undecodable(`the policy document is a string that is neither JSON nor URL-encoded JSON${guessEncoding(text)}`, outer, diagnostics);
}

function decodeUrlEncoded(input: string, source: SourceContext | undefined, diagnostics: DiagnosticBag): DecodedPolicyDocument {
  const strict = percentDecode(input);
  if (strict === undefined) {
    return undecodable('the policy document holds a malformed URL escape (`%` not followed by two hex digits of UTF-8)', source ?? { pointer: '' }, diagnostics);
  }
  if (!strict.trimStart().startsWith('{')) {
    return undecodable('the URL-encoded policy document does not decode to a JSON object', source ?? { pointer: '' }, diagnostics);
  }
  // RFC 3986 keeps `+` as it is. Form encoding (Java's URLEncoder) writes spaces as `+`: only when
  // the strict reading is not JSON is that reading tried.
  if (input.includes('+') && !parseJsonLocated(strict).ok) {
    const form = percentDecode(input.replace(/\+/g, '%20'));
    if (form !== undefined && parseJsonLocated(form).ok) return decodeJsonText(form, 'url-encoded-json-string', source, diagnostics);
  }
  return decodeJsonText(strict, 'url-encoded-json-string', source, diagnostics);
}

function decodeJsonText(
  text: string,
  encoding: PolicyEncoding,
  source: SourceContext | undefined,
  diagnostics: DiagnosticBag,
): DecodedPolicyDocument {
  const parsed = parseJsonLocated(text);
  // With no outer file, a JSON string's own lines are the lines to report; a URL-encoded text's are not.
  const context: SourceContext = source
    ? { ...source, embedded: true }
    : encoding === 'json-string'
      ? { pointer: '', locate: parsed.ok ? parsed.locate : undefined }
      : { pointer: '' };
  const what = encoding === 'json-string' ? 'the policy string' : 'the URL-decoded policy string';
  if (!parsed.ok) {
    return undecodable(`${what} is not valid JSON: ${parsed.message} at line ${parsed.line}, column ${parsed.column}`, context, diagnostics);
  }
  if (!isPlainObject(parsed.value)) {
    return undecodable(`${what} holds ${describeValue(parsed.value)}, not a JSON object`, context, diagnostics);
  }
  for (const pointer of parsed.duplicateKeys) {
    const at = parsed.locate(pointer);
    diagnostics.report(
      context,
      pointer,
      DUPLICATE_KEY,
      'warning',
      `duplicate key \`${lastToken(pointer)}\`${at ? ` at line ${at.line} of ${what}` : ''}: only its last value counts`,
    );
  }
  return { ok: true, document: parsed.value, encoding, embedded: true, source: context, innerLocate: parsed.locate };
}

function lastToken(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** RFC 3986 percent-decoding; undefined when an escape is malformed or not UTF-8. */
function percentDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function undecodable(reason: string, source: SourceContext, diagnostics: DiagnosticBag): DecodedPolicyDocument {
  diagnostics.report(source, '', UNDECODABLE, 'error', reason, ACCEPTED_ENCODINGS_HELP);
  return { ok: false, reason };
}

/** A hint for the encodings people most often hand us by mistake. */
function guessEncoding(text: string): string {
  if (text.startsWith('<')) return ' (it looks like XML)';
  if (text.length >= 8 && /^[A-Za-z0-9+/]+={0,2}$/.test(text.trimEnd())) return ' (it looks like base64)';
  if (text.startsWith('"')) return ' (it looks like JSON encoded twice)';
  return '';
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Names a value's JSON type without printing it (a value may be huge or nested 10,000 deep). */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  switch (typeof x) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'missing';
    default:
      return `a ${typeof x}`;
  }
}
