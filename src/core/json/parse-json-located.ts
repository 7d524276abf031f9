import { escapePointerToken, type Locator } from '../diagnostics.js';

/**
 * A JSON parser (RFC 8259) that also says where every value starts, so diagnostics can name a
 * line. It is iterative (an explicit stack), so hostile nesting cannot overflow the JS stack.
 *
 * Locations cost one number per value: each container keeps the offsets of its members in order
 * (objects also their keys), and `locate` walks the parsed value along the pointer. No pointer
 * string is built while parsing, so a document nested 10,000 deep stays linear. Line and column
 * come from a line index built the first time a location is asked for.
 *
 * Duplicate object keys behave as in `JSON.parse` (the last one wins, and is the one located);
 * their pointers are kept in `duplicateKeys` so a caller can warn.
 */
export type ParsedJson =
  | { readonly ok: true; readonly value: unknown; readonly locate: Locator; readonly duplicateKeys: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number; readonly offset: number };

/** Where a container's members start: `offsets[i]` for the i-th member, `keys[i]` its key (objects). */
interface Layout {
  readonly offsets: number[];
  readonly keys?: string[];
  /** Built on demand for large objects: key → index of its last occurrence. */
  byKey?: Map<string, number>;
}

interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  readonly isArray: boolean;
  readonly layout: Layout;
}

/** Only this many duplicate keys are listed: each costs a pointer as long as its depth. */
const MAX_DUPLICATES = 1000;

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

export function parseJsonLocated(text: string): ParsedJson {
  try {
    return new Parser(text).parse();
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = lineColumnAt(text, e.offset);
    return { ok: false, message: e.message, line, column, offset: e.offset };
  }
}

/** 1-based line and column (in UTF-16 code units) of `offset`; `\n`, `\r\n` and a lone `\r` end a line. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class Parser {
  private pos = 0;
  private readonly layouts = new Map<object, Layout>();
  private readonly stack: Frame[] = [];
  private readonly duplicates: string[] = [];

  constructor(private readonly text: string) {}

  parse(): ParsedJson {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1; // RFC 8259 §8.1: a parser may ignore a byte order mark
    this.skipWhitespace();
    const rootOffset = this.pos;
    const value = this.parseDocument();
    this.skipWhitespace();
    if (this.pos < text.length) this.fail(`unexpected content after the JSON value: ${describeChar(text, this.pos)}`);
    const locator = makeLocator(text, value, rootOffset, this.layouts);
    return { ok: true, value, locate: locator, duplicateKeys: this.duplicates };
  }

  private parseDocument(): unknown {
    const stack = this.stack;
    for (;;) {
      this.skipWhitespace();
      const start = this.pos;
      const parent = stack[stack.length - 1];
      if (parent) parent.layout.offsets.push(start);
      let value: unknown;
      const c = this.text.charCodeAt(start);
      if (c === 123 /* { */ || c === 91 /* [ */) {
        this.pos++;
        const isArray = c === 91;
        const container = isArray ? [] : {};
        const layout: Layout = isArray ? { offsets: [] } : { offsets: [], keys: [] };
        this.layouts.set(container, layout);
        const frame: Frame = { container, isArray, layout };
        stack.push(frame);
        if (this.openContainer(frame)) continue;
        value = stack.pop()!.container;
      } else {
        value = this.parseScalar();
      }
      // Attach `value` to its parent, then close every container that ends here.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (!frame) return value;
        this.attach(frame, value);
        if (this.nextMember(frame)) break;
        value = stack.pop()!.container;
      }
    }
  }

  /** Reads past `{` / `[`; true when a first member follows, false when the container is empty. */
  private openContainer(frame: Frame): boolean {
    this.skipWhitespace();
    const close = frame.isArray ? 93 : 125;
    if (this.text.charCodeAt(this.pos) === close) {
      this.pos++;
      return false;
    }
    if (!frame.isArray) frame.layout.keys!.push(this.parseKey());
    return true;
  }

  /** After a member: true when another member follows (its key read), false when the container closed. */
  private nextMember(frame: Frame): boolean {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === 44 /* , */) {
      this.pos++;
      if (!frame.isArray) frame.layout.keys!.push(this.parseKey());
      return true;
    }
    if (c === (frame.isArray ? 93 : 125)) {
      this.pos++;
      return false;
    }
    if (this.pos >= this.text.length) this.fail('unexpected end of input');
    this.fail(frame.isArray ? 'expected `,` or `]` after an array element' : 'expected `,` or `}` after an object member');
  }

  private parseKey(): string {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== 34) {
      if (this.pos >= this.text.length) this.fail('unexpected end of input');
      this.fail(`expected a string as object key, found ${describeChar(this.text, this.pos)}`);
    }
    const key = this.parseString();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== 58 /* : */) {
      if (this.pos >= this.text.length) this.fail('unexpected end of input');
      this.fail('expected `:` after an object key');
    }
    this.pos++;
    return key;
  }

  private attach(frame: Frame, value: unknown): void {
    if (frame.isArray) {
      (frame.container as unknown[]).push(value);
      return;
    }
    const container = frame.container as Record<string, unknown>;
    const keys = frame.layout.keys!;
    const key = keys[keys.length - 1]!;
    if (Object.hasOwn(container, key) && this.duplicates.length < MAX_DUPLICATES) this.duplicates.push(this.currentPointer());
    if (key === '__proto__') {
      // A plain assignment would replace the prototype; JSON.parse makes an own property.
      Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      container[key] = value;
    }
  }

  /** Pointer of the member being attached to the innermost open container. */
  private currentPointer(): string {
    let pointer = '';
    for (const frame of this.stack) {
      const token = frame.isArray ? String(frame.layout.offsets.length - 1) : frame.layout.keys![frame.layout.keys!.length - 1]!;
      pointer += `/${escapePointerToken(token)}`;
    }
    return pointer;
  }

  private parseScalar(): unknown {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 34) return this.parseString();
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.parseNumber();
    if (c === 116 /* t */) return this.parseLiteral('true', true);
    if (c === 102 /* f */) return this.parseLiteral('false', false);
    if (c === 110 /* n */) return this.parseLiteral('null', null);
    if (this.pos >= text.length) this.fail('unexpected end of input');
    this.fail(`expected a JSON value, found ${describeChar(text, this.pos)}`);
  }

  private parseLiteral(word: string, value: unknown): unknown {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    if (word.startsWith(this.text.slice(this.pos))) this.fail('unexpected end of input');
    this.fail(`expected a JSON value, found ${describeChar(this.text, this.pos)}`);
  }

  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let p = start;
    if (text.charCodeAt(p) === 45) p++;
    if (text.charCodeAt(p) === 48) {
      p++;
      if (isDigit(text.charCodeAt(p))) this.fail(`invalid number \`${text.slice(start, p + 1)}\`: leading zeros are not allowed`, start);
    } else if (isDigit(text.charCodeAt(p))) {
      while (isDigit(text.charCodeAt(p))) p++;
    } else {
      this.failNumber(start, p);
    }
    if (text.charCodeAt(p) === 46 /* . */) {
      p++;
      if (!isDigit(text.charCodeAt(p))) this.failNumber(start, p);
      while (isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69) {
      p++;
      const sign = text.charCodeAt(p);
      if (sign === 43 || sign === 45) p++;
      if (!isDigit(text.charCodeAt(p))) this.failNumber(start, p);
      while (isDigit(text.charCodeAt(p))) p++;
    }
    this.pos = p;
    return Number(text.slice(start, p));
  }

  private failNumber(start: number, at: number): never {
    if (at >= this.text.length) this.fail('unexpected end of input', at);
    this.fail(`invalid number \`${this.text.slice(start, Math.min(at + 1, start + 40))}\``, start);
  }

  private parseString(): string {
    const text = this.text;
    const start = this.pos + 1;
    let p = start;
    // Fast path: no escapes.
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return detached(text.slice(start, p));
      }
      if (c === 92 || c < 32 || p >= text.length) break;
      p++;
    }
    return this.parseEscapedString(start, p);
  }

  private parseEscapedString(start: number, from: number): string {
    const text = this.text;
    const pieces: string[] = [text.slice(start, from)];
    let p = from;
    let runStart = from;
    for (;;) {
      if (p >= text.length) this.fail('unexpected end of input: unterminated string', p);
      const c = text.charCodeAt(p);
      if (c === 34) {
        pieces.push(text.slice(runStart, p));
        this.pos = p + 1;
        return pieces.join('');
      }
      if (c < 32) this.fail('unescaped control character in a string', p);
      if (c !== 92) {
        p++;
        continue;
      }
      pieces.push(text.slice(runStart, p));
      const e = text.charCodeAt(p + 1);
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        pieces.push(simple);
        p += 2;
      } else if (e === 117 /* u */) {
        const hex = text.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          if (p + 6 > text.length) this.fail('unexpected end of input: unterminated string', text.length);
          this.fail(`invalid unicode escape \`\\u${hex}\``, p);
        }
        pieces.push(String.fromCharCode(parseInt(hex, 16)));
        p += 6;
      } else {
        if (p + 1 >= text.length) this.fail('unexpected end of input: unterminated string', p + 1);
        this.fail(`invalid escape \`\\${text.charAt(p + 1)}\` in a string`, p);
      }
      runStart = p;
    }
  }

  private skipWhitespace(): void {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(message, offset);
  }
}

const ESCAPES: Record<number, string> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

/**
 * A copy of a piece of the text that does not keep the whole text alive. V8 makes a slice of 13
 * characters or more a view into its parent string, so every ARN a loaded policy keeps would keep
 * its whole file in memory (a 200 KB authorization-details file per account of a large estate).
 * Slicing a concatenation makes V8 copy it into a string of its own first.
 */
function detached(slice: string): string {
  return slice.length < 13 ? slice : ` ${slice}`.slice(1);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  const c = text.charCodeAt(offset);
  if (c < 32 || c === 96 || c === 127) return `\`\\u${c.toString(16).padStart(4, '0')}\``;
  return `\`${text.charAt(offset)}\``;
}

function makeLocator(text: string, root: unknown, rootOffset: number, layouts: ReadonlyMap<object, Layout>): Locator {
  let lineStarts: number[] | undefined;
  return (pointer) => {
    const offset = offsetOf(pointer, root, rootOffset, layouts);
    if (offset === undefined) return undefined;
    lineStarts ??= indexLineStarts(text);
    const line = lastAtOrBefore(lineStarts, offset);
    return { line: line + 1, column: offset - lineStarts[line]! + 1 };
  };
}

/** Walks the parsed value along an RFC 6901 pointer, returning the offset of the value it names. */
function offsetOf(pointer: string, root: unknown, rootOffset: number, layouts: ReadonlyMap<object, Layout>): number | undefined {
  if (pointer === '') return rootOffset;
  if (pointer.charCodeAt(0) !== 47) return undefined;
  let current = root;
  let offset: number | undefined;
  let from = 1;
  while (from <= pointer.length) {
    const cut = pointer.indexOf('/', from);
    const end = cut < 0 ? pointer.length : cut;
    const token = unescapeToken(pointer.slice(from, end));
    if (typeof current !== 'object' || current === null) return undefined;
    const layout = layouts.get(current);
    if (!layout) return undefined;
    const index = layout.keys ? keyIndex(layout, token) : arrayIndex(token, layout.offsets.length);
    if (index === undefined) return undefined;
    offset = layout.offsets[index];
    current = layout.keys ? (current as Record<string, unknown>)[token] : (current as unknown[])[index];
    from = end + 1;
  }
  return offset;
}

function keyIndex(layout: Layout, key: string): number | undefined {
  const keys = layout.keys!;
  if (keys.length > 16) {
    if (!layout.byKey) {
      layout.byKey = new Map();
      keys.forEach((k, i) => layout.byKey!.set(k, i));
    }
    return layout.byKey.get(key);
  }
  const i = keys.lastIndexOf(key);
  return i < 0 ? undefined : i;
}

function arrayIndex(token: string, length: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < length ? i : undefined;
}

function unescapeToken(token: string): string {
  return token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token;
}

function indexLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Index of the last element of the sorted `xs` that is ≤ `x` (xs[0] is 0). */
function lastAtOrBefore(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
