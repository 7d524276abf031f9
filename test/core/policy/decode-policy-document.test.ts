import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../src/core/diagnostics.js';
import { parseJsonLocated } from '../../../src/core/json/parse-json-located.js';
import { decodePolicyDocument } from '../../../src/core/policy/decode-policy-document.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const exportFile = path.resolve(repoRoot, '../shared/peers-data/cloudsplaining-example-gaad.json');

/** RFC 3986 encoding as AWS applies it to IAM documents: every reserved character escaped. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** HTML-form encoding (Java's URLEncoder): spaces become `+`. */
function formEncode(text: string): string {
  return rfc3986(text).replace(/%20/g, '+');
}

interface RealDocument {
  readonly name: string;
  readonly document: Record<string, unknown>;
}

function realDocuments(): RealDocument[] {
  const gaad = JSON.parse(readFileSync(exportFile, 'utf8')) as {
    Policies: Array<{ Arn: string; PolicyVersionList: Array<{ Document: Record<string, unknown> }> }>;
    RoleDetailList: Array<{ Arn: string; AssumeRolePolicyDocument: Record<string, unknown> }>;
  };
  return [
    ...gaad.Policies.flatMap((p) => p.PolicyVersionList.map((v) => ({ name: p.Arn, document: v.Document }))),
    ...gaad.RoleDetailList.map((r) => ({ name: `trust:${r.Arn}`, document: r.AssumeRolePolicyDocument })),
  ];
}

/** snapshot-layout.md: "Policy documents come in three encodings", all accepted wherever a policy appears. */
describe.skipIf(!existsSync(exportFile))('decodePolicyDocument: the three encodings of real documents (needs ../shared/peers-data)', () => {
  const documents = existsSync(exportFile) ? realDocuments() : [];

  it('has real documents to decode', () => {
    expect(documents.length).toBeGreaterThan(150);
  });

  const encodings = [
    ['object', (d: object) => d, 'object'],
    ['compact JSON string', (d: object) => JSON.stringify(d), 'json-string'],
    ['pretty JSON string', (d: object) => JSON.stringify(d, null, 4), 'json-string'],
    ['RFC 3986 URL-encoded JSON string', (d: object) => rfc3986(JSON.stringify(d, null, 2)), 'url-encoded-json-string'],
    ['encodeURIComponent JSON string', (d: object) => encodeURIComponent(JSON.stringify(d)), 'url-encoded-json-string'],
    ['form-encoded JSON string (spaces as +)', (d: object) => formEncode(JSON.stringify(d, null, 2)), 'url-encoded-json-string'],
  ] as const;

  it.each(encodings)('decodes every document given as %s', (_, encode, encoding) => {
    for (const { document } of documents) {
      const bag = new DiagnosticBag();
      const decoded = decodePolicyDocument(encode(document), { file: 'f.json', pointer: '/Doc' }, bag);
      expect(bag.items).toEqual([]);
      expect(decoded).toMatchObject({ ok: true, encoding, embedded: encoding !== 'object' });
      if (decoded.ok) {
        expect(decoded.document).toStrictEqual(document);
        expect(decoded.source.embedded ?? false).toBe(encoding !== 'object');
      }
    }
  });

  it('compiles every document to the same statements whatever its encoding', () => {
    for (const { name, document } of documents) {
      const kind = name.startsWith('trust:') ? 'trust' : 'identity';
      const shapes = encodings.map(([, encode]) => {
        const policy = parsePolicy(encode(document), { kind, name }, new DiagnosticBag());
        return policy.statements.map((s) => ({ effect: s.effect, sid: s.sid, broken: s.broken, raw: s.raw }));
      });
      for (const shape of shapes) expect(shape).toStrictEqual(shapes[0]);
    }
  });
});

describe('decodePolicyDocument: anything else is `policy/undecodable-document`', () => {
  const json = '{"Version":"2012-10-17","Statement":[]}';
  it.each([
    ['a number', 42, 'the policy document is a number, not a JSON object'],
    ['null', null, 'the policy document is null, not a JSON object'],
    ['an array', [{ Version: '2012-10-17' }], 'the policy document is an array, not a JSON object'],
    ['base64', Buffer.from(json).toString('base64'), 'the policy document is a string that is neither JSON nor URL-encoded JSON (it looks like base64)'],
    ['XML', '<Policy><Statement/></Policy>', 'the policy document is a string that is neither JSON nor URL-encoded JSON (it looks like XML)'],
    ['JSON encoded twice', JSON.stringify(json), 'the policy document is a string that is neither JSON nor URL-encoded JSON (it looks like JSON encoded twice)'],
    ['broken JSON in the string', '{"Version": "2012-10-17",\n "Statement": [', 'the policy string is not valid JSON: unexpected end of input at line 2, column 16'],
    ['a JSON array in the string', '  {"a": 1} ]', 'the policy string is not valid JSON: unexpected content after the JSON value: `]` at line 1, column 12'],
    ['broken URL-encoded JSON', encodeURIComponent('{"Version": "2012-10-17"'), 'the URL-decoded policy string is not valid JSON: unexpected end of input at line 1, column 25'],
    ['a malformed URL escape', '%7B%22a%22%3A%ZZ%7D', 'the policy document holds a malformed URL escape (`%` not followed by two hex digits of UTF-8)'],
    ['URL-encoded text that is not an object', encodeURIComponent('["Statement"]'), 'the URL-encoded policy document does not decode to a JSON object'],
    ['an empty string', '', 'the policy document is a string that is neither JSON nor URL-encoded JSON'],
  ])('%s', (_, input, message) => {
    const bag = new DiagnosticBag();
    const decoded = decodePolicyDocument(input, { file: 'snapshot.json', pointer: '/Policy' }, bag);
    expect(decoded).toEqual({ ok: false, reason: message });
    expect(bag.items).toHaveLength(1);
    expect(bag.items[0]).toMatchObject({ code: 'policy/undecodable-document', severity: 'error', message, source: { file: 'snapshot.json' } });
    expect(bag.items[0]!.help).toMatch(/JSON object.*JSON string.*URL-encoded JSON string/);
  });

  it('makes the policy unusable, with no statements', () => {
    const policy = parsePolicy('PHBvbGljeT4=', { kind: 'resource', name: 'bucket' }, new DiagnosticBag());
    expect(policy.statements).toEqual([]);
    expect(policy.unusable).toMatch(/neither JSON nor URL-encoded JSON/);
  });
});

describe('decodePolicyDocument: where embedded documents are reported', () => {
  // An SQS get-queue-attributes output: the policy is a JSON string on line 4 of the file.
  const file = [
    '{',
    '  "Attributes": {',
    '    "QueueArn": "arn:aws:sqs:us-east-1:111122223333:q",',
    '    "Policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"sqs:SendMessage\\"}],\\"Version\\":\\"2012-10-17\\"}"',
    '  }',
    '}',
  ].join('\n');

  it('points inside the string and names the line of the string', () => {
    const outer = parseJsonLocated(file);
    if (!outer.ok) throw new Error(outer.message);
    const bag = new DiagnosticBag();
    const input = (outer.value as { Attributes: { Policy: string } }).Attributes.Policy;
    const policy = parsePolicy(input, { kind: 'resource', name: 'q', source: { file: 'q.json', pointer: '/Attributes/Policy', locate: outer.locate } }, bag);
    expect(bag.items.map((d) => [d.code, d.source])).toEqual([
      ['policy/duplicate-key', { file: 'q.json', pointer: '/Attributes/Policy (inside the string, at /Version)', line: 4, column: 15 }],
      ['policy/invalid-effect', { file: 'q.json', pointer: '/Attributes/Policy (inside the string, at /Statement/0/Effect)', line: 4, column: 15 }],
    ]);
    expect(policy.statements[0]!.source).toEqual({ file: 'q.json', pointer: '/Attributes/Policy (inside the string, at /Statement/0)', line: 4, column: 15 });
  });

  it('without an outer file, a JSON string is located on its own lines', () => {
    const bag = new DiagnosticBag();
    parsePolicy('{\n"Version": "2012-10-17",\n"Statement": {\n  "Effect": "Allow",\n  "Action": "s3:GetObject"\n}}', { kind: 'identity', name: 'p' }, bag);
    expect(bag.items.map((d) => [d.code, d.source])).toEqual([['policy/missing-resource', { pointer: '/Statement/Resource', line: 3, column: 14 }]]);
  });
});
