/**
 * Parsers for the typed condition values of docs/aws-authorization.md#condition-operators: numbers, dates, booleans, base-64 binary
 * and IP addresses / CIDR ranges. Each returns undefined for text it cannot read, so the same
 * parser serves policy values (unreadable ⇒ diagnostic) and request values (unreadable ⇒ no match).
 */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** `NumericEquals` and friends take integers or decimals (docs/aws-authorization.md#condition-operators); no exponents, no hex. */
export function parseNumber(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const EPOCH = /^-?\d+(?:\.\d+)?$/;
const W3C_DATE =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?)?)?$/;

/**
 * Date values in W3C ISO 8601 (`2024-05-01`, `2024-05-01T12:00:00Z`, `…T12:00+02:00`) or epoch
 * seconds (docs/aws-authorization.md#condition-operators), as epoch milliseconds. A string of digits is always epoch seconds, so `2024`
 * means 2024 seconds after the epoch, not the year. A time without a zone is read as UTC.
 */
export function parseDate(text: string): number | undefined {
  if (EPOCH.test(text)) return Math.round(Number(text) * 1000);
  const m = W3C_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3] ?? '01', m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as written
  date.setUTCHours(hour, minute, second, millis);
  if (date.getUTCDate() !== day) return undefined; // 2024-02-30
  return date.getTime() - zoneOffsetMinutes(m[8]) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** `Bool` values: `true` / `false`, compared case-insensitively. */
export function parseBool(text: string): 'true' | 'false' | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `BinaryEquals` values: strict base 64, decoded to a byte string for byte-for-byte comparison. */
export function decodeBase64(text: string): string | undefined {
  if (!BASE64.test(text)) return undefined;
  return atob(text);
}

/** An address range: IPv4 ranges use numbers, IPv6 ranges bigints; families never mix. */
export type IpRange =
  | { readonly family: 4; readonly network: number; readonly prefix: number }
  | { readonly family: 6; readonly network: bigint; readonly prefix: number };

/** A single address. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are read as IPv4. */
export type IpAddress = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };

const MAPPED_PREFIX = 0xffffn;

/** `IpAddress` policy values: a CIDR, or an address alone meaning `/32` or `/128` (docs/aws-authorization.md#condition-operators). */
export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const written = slash < 0 ? undefined : text.slice(slash + 1);
  if (written !== undefined && !/^\d{1,3}$/.test(written)) return undefined;
  const wasMapped = address.family === 4 && text.includes(':');
  let prefix = written === undefined ? (address.family === 4 ? 32 : 128) : Number(written);
  if (wasMapped && written !== undefined) {
    // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8; a shorter prefix spans non-mapped space.
    if (prefix < 96) return undefined;
    prefix -= 96;
  }
  if (address.family === 4) {
    if (prefix > 32) return undefined;
    return { family: 4, network: maskV4(address.value, prefix), prefix };
  }
  if (prefix > 128) return undefined;
  return { family: 6, network: maskV6(address.value, prefix), prefix };
}

export function parseIp(text: string): IpAddress | undefined {
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 === undefined ? undefined : { family: 4, value: v4 };
  }
  const v6 = parseIpv6(text);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === MAPPED_PREFIX) return { family: 4, value: Number(v6 & 0xffffffffn) };
  return { family: 6, value: v6 };
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  if (range.family === 4) return address.family === 4 && maskV4(address.value, range.prefix) === range.network;
  return address.family === 6 && maskV6(address.value, range.prefix) === range.network;
}

function maskV4(value: number, prefix: number): number {
  if (prefix === 0) return 0;
  return (value & (0xffffffff << (32 - prefix))) >>> 0;
}

const ALL_V6 = (1n << 128n) - 1n;

function maskV6(value: bigint, prefix: number): bigint {
  const hostBits = BigInt(128 - prefix);
  return value & ((ALL_V6 >> hostBits) << hostBits);
}

const OCTET = /^(?:0|[1-9]\d{0,2})$/;

function parseIpv4(text: string): number | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0;
  for (const octet of octets) {
    if (!OCTET.test(octet)) return undefined;
    const n = Number(octet);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function parseIpv6(text: string): bigint | undefined {
  const hex = embeddedIpv4AsHextets(text);
  if (hex === undefined) return undefined;
  const halves = hex.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0]!);
  const tail = halves.length === 2 ? hextets(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const h of [...head, ...new Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(h);
  return value;
}

/** `::ffff:10.1.2.3` → `::ffff:a01:203`. */
function embeddedIpv4AsHextets(text: string): string | undefined {
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (!last.includes('.')) return text;
  const v4 = parseIpv4(last);
  if (v4 === undefined) return undefined;
  return `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
}

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const group of text.split(':')) {
    if (!HEXTET.test(group)) return undefined;
    out.push(parseInt(group, 16));
  }
  return out;
}
