import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineColumnAt, parseJsonLocated } from '../../../src/core/json/parse-json-located.js';

/** RFC 8259 grammar, checked against the reference implementation: JSON.parse. */
describe('parseJsonLocated: same values as JSON.parse (RFC 8259)', () => {
  it('parses random JSON exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        const parsed = parseJsonLocated(text);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.value).toStrictEqual(JSON.parse(text));
      }),
      { seed: 8259, numRuns: 400 },
    );
  });

  it('accepts and rejects random text exactly as JSON.parse does', () => {
    const nearJson = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'{}[]:,"\\ 0123456789-+.eEtruefalsn\n\tu'.split('')), maxLength: 24 }),
      fc.json().map((t) => t.slice(0, Math.max(0, t.length - 1))),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        let expected: unknown;
        let valid = true;
        try {
          expected = JSON.parse(text);
        } catch {
          valid = false;
        }
        const parsed = parseJsonLocated(text);
        expect(parsed.ok).toBe(valid);
        if (parsed.ok) expect(parsed.value).toStrictEqual(expected);
      }),
      { seed: 4627, numRuns: 2000 },
    );
  });

  it.each([
    ['"\\u00e9\\ud83d\\ude00\\n\\t\\/\\\\\\""', 'é😀\n\t/\\"'],
    ['-0.5e+3', -500],
    ['1E2', 100],
    ['[1,[2,[3,{}]],[]]', [1, [2, [3, {}]], []]],
    ['{"a":1,"a":2}', { a: 2 }],
    [' \t\r\n null \n', null],
    ['\ufeff{"bom":true}', { bom: true }],
  ])('parses %s', (text, expected) => {
    const parsed = parseJsonLocated(text);
    expect(parsed.ok && parsed.value).toStrictEqual(expected);
  });

  it('keeps `__proto__` as an own key, as JSON.parse does', () => {
    const parsed = parseJsonLocated('{"__proto__": {"polluted": true}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const value = parsed.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseJsonLocated: where values start', () => {
  const text = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {"Effect": "Allow",', '     "a/b": {"~": [10, 20]}}', '  ]', '}'].join('\n');

  it.each([
    ['', 1, 1],
    ['/Version', 2, 14],
    ['/Statement', 3, 16],
    ['/Statement/0', 4, 5],
    ['/Statement/0/Effect', 4, 16],
    ['/Statement/0/a~1b', 5, 13],
    ['/Statement/0/a~1b/~0', 5, 19],
    ['/Statement/0/a~1b/~0/1', 5, 24],
  ])('%s starts at line %i, column %i', (pointer, line, column) => {
    const parsed = parseJsonLocated(text);
    expect(parsed.ok && parsed.locate(pointer)).toEqual({ line, column });
  });

  it.each(['/Missing', '/Statement/1', '/Statement/00', '/Statement/-', '/Version/0', 'Version', '/Statement/0/a/b'])(
    'does not locate %s',
    (pointer) => {
      const parsed = parseJsonLocated(text);
      expect(parsed.ok && parsed.locate(pointer)).toBeUndefined();
    },
  );

  it('counts \\r\\n and a lone \\r as one line break each', () => {
    const parsed = parseJsonLocated('{\r\n"a":\r1,\n"b": 2}');
    expect(parsed.ok && parsed.locate('/a')).toEqual({ line: 3, column: 1 });
    expect(parsed.ok && parsed.locate('/b')).toEqual({ line: 4, column: 6 });
    expect(lineColumnAt('a\r\nb\rc\nd', 7)).toEqual({ line: 4, column: 1 });
  });

  it('locates the last of duplicate keys and lists them', () => {
    const parsed = parseJsonLocated('{"s": [1],\n "s": {"x": 1}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.locate('/s')).toEqual({ line: 2, column: 7 });
    expect(parsed.locate('/s/x')).toEqual({ line: 2, column: 13 });
    expect(parsed.locate('/s/0')).toBeUndefined();
    expect(parsed.duplicateKeys).toEqual(['/s']);
  });

  it('locates every value of random JSON at a place where that value is written', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (compact) => {
        const text = JSON.stringify(JSON.parse(compact), null, 2);
        const parsed = parseJsonLocated(text);
        if (!parsed.ok) throw new Error(parsed.message);
        const lines = text.split('\n');
        for (const [pointer, value] of allPointers(parsed.value)) {
          const at = parsed.locate(pointer);
          expect(at).toBeDefined();
          const rest = lines[at!.line - 1]!.slice((at!.column ?? 1) - 1);
          expect(rest.startsWith(String(JSON.stringify(value, null, 2)).split('\n')[0]!)).toBe(true);
        }
      }),
      { seed: 6901, numRuns: 200 },
    );
  });
});

describe('parseJsonLocated: errors say where', () => {
  it.each([
    ['', 'unexpected end of input', 1, 1],
    ['{"Version": "2012-10-17",\n "Statement": [', 'unexpected end of input', 2, 16],
    ['{"a": "unterminated', 'unexpected end of input: unterminated string', 1, 20],
    ['{"a": tru', 'unexpected end of input', 1, 7],
    ['[1,]', 'expected a JSON value, found `]`', 1, 4],
    ['{"a":1,}', 'expected a string as object key, found `}`', 1, 8],
    ['{"a" 1}', 'expected `:` after an object key', 1, 6],
    ['[1 2]', 'expected `,` or `]` after an array element', 1, 4],
    ['{"a":1 "b":2}', 'expected `,` or `}` after an object member', 1, 8],
    ['[01]', 'invalid number `01`: leading zeros are not allowed', 1, 2],
    ['[1.]', 'invalid number `1.]`', 1, 2],
    ['"\\x"', 'invalid escape `\\x` in a string', 1, 2],
    ['"\\u12g4"', 'invalid unicode escape `\\u12g4`', 1, 2],
    ['"a\tb"', 'unescaped control character in a string', 1, 3],
    ['{} {}', 'unexpected content after the JSON value: `{`', 1, 4],
    ["{'a': 1}", "expected a string as object key, found `'`", 1, 2],
  ])('%j: %s at %i:%i', (text, message, line, column) => {
    const parsed = parseJsonLocated(text);
    expect(parsed).toMatchObject({ ok: false, message, line, column });
  });

  it('reports every truncation of a real document as an error, never a throw', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] }, null, 2);
    for (let cut = 0; cut < text.length; cut++) {
      const parsed = parseJsonLocated(text.slice(0, cut));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.offset).toBeLessThanOrEqual(cut);
    }
  });
});

describe('parseJsonLocated: hostile sizes', () => {
  it.each([
    ['arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['objects', '{"a":'.repeat(100_000) + '0' + '}'.repeat(100_000)],
  ])('parses %s nested 100,000 deep without overflowing the stack', (_, text) => {
    const parsed = parseJsonLocated(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.locate('/0/0/0') ?? parsed.locate('/a/a/a')).toEqual({ line: 1, column: 4 + (text[0] === '{' ? 12 : 0) });
  });

  it('reports truncated deep nesting as an error', () => {
    expect(parseJsonLocated('['.repeat(50_000)).ok).toBe(false);
  });

  it('parses and locates a 10 MB policy document (its speed is measured by npm run bench, not here)', () => {
    const statement = { Sid: 'S', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bucket/${aws:username}/*' };
    const count = 64_000;
    const text = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: count }, () => statement) }, null, 1);
    expect(text.length).toBeGreaterThan(10_000_000);
    const parsed = parseJsonLocated(text);
    const located = parsed.ok ? parsed.locate(`/Statement/${count - 1}/Resource`) : undefined;
    expect(located?.line).toBe(text.slice(0, text.lastIndexOf('"Resource"')).split('\n').length);
  });
});

function* allPointers(value: unknown, pointer = ''): Generator<[string, unknown]> {
  yield [pointer, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* allPointers(value[i], `${pointer}/${i}`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) yield* allPointers(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}
