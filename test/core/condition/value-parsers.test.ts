import { describe, expect, it } from 'vitest';
import { decodeBase64, parseCidr, parseDate, parseIp, parseNumber } from '../../../src/core/condition/value-parsers.js';

describe('docs/aws-authorization.md#condition-operators numbers: integers or decimals', () => {
  it.each([
    ['10', 10],
    ['-2.5', -2.5],
    ['+3', 3],
    ['.5', 0.5],
    ['7.', 7],
    ['1e3', undefined],
    ['0x10', undefined],
    ['', undefined],
    [' 1', undefined],
    ['Infinity', undefined],
  ] as const)('%j → %j', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });
});

describe('docs/aws-authorization.md#condition-operators dates: W3C ISO 8601 or epoch seconds', () => {
  const utc = (iso: string) => Date.parse(iso);
  it.each([
    ['2024-05-01T12:30:45Z', utc('2024-05-01T12:30:45Z')],
    ['2024-05-01T12:30:45.250Z', utc('2024-05-01T12:30:45.250Z')],
    ['2024-05-01T12:30Z', utc('2024-05-01T12:30:00Z')],
    ['2024-05-01T14:30:00+02:00', utc('2024-05-01T12:30:00Z')],
    ['2024-05-01T10:30:00-0200', utc('2024-05-01T12:30:00Z')],
    ['2024-05-01T12:30:00', utc('2024-05-01T12:30:00Z')],
    ['2024-05-01', utc('2024-05-01T00:00:00Z')],
    ['2024-05', utc('2024-05-01T00:00:00Z')],
    ['2024-02-29', utc('2024-02-29T00:00:00Z')],
    ['1714566645', 1714566645000],
    ['2024', 2_024_000],
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
    ['2023-02-29', undefined],
    ['2024-13-01', undefined],
    ['2024-05-01T24:00:00Z', undefined],
    ['May 1 2024', undefined],
  ] as const)('%j → %j', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });
});

describe('docs/aws-authorization.md#condition-operators BinaryEquals: strict base 64', () => {
  it.each([
    ['QmluYXJ5', 'Binary'],
    ['AA==', '\u0000'],
    ['', ''],
    ['QmluYXJ', undefined],
    ['Qm=uYXJ5', undefined],
    ['QmluYXJ5\n', undefined],
  ] as const)('%j → %j', (text, expected) => {
    expect(decodeBase64(text)).toBe(expected);
  });
});

describe('docs/aws-authorization.md#condition-operators IP addresses and CIDR ranges', () => {
  it.each([
    ['10.0.0.1', { family: 4, network: 0x0a000001, prefix: 32 }],
    ['10.0.0.1/8', { family: 4, network: 0x0a000000, prefix: 8 }],
    ['0.0.0.0/0', { family: 4, network: 0, prefix: 0 }],
    ['::/0', { family: 6, network: 0n, prefix: 0 }],
    ['::1', { family: 6, network: 1n, prefix: 128 }],
    ['2001:db8::/32', { family: 6, network: 0x20010db8n << 96n, prefix: 32 }],
    ['::ffff:192.0.2.0/120', { family: 4, network: 0xc0000200, prefix: 24 }],
    ['::ffff:192.0.2.1', { family: 4, network: 0xc0000201, prefix: 32 }],
    ['10.0.0.256', undefined],
    ['10.0.0', undefined],
    ['010.0.0.1', undefined],
    ['10.0.0.0/33', undefined],
    ['10.0.0.0/', undefined],
    ['10.0.0.0/-1', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1::2::3', undefined],
    ['fe80::1%eth0', undefined],
    ['2001:db8::/129', undefined],
    ['::ffff:10.0.0.0/64', undefined],
  ] as const)('%s', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  it('reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(parseIp('::ffff:10.1.2.3')).toEqual({ family: 4, value: 0x0a010203 });
    expect(parseIp('0:0:0:0:0:ffff:a01:203')).toEqual({ family: 4, value: 0x0a010203 });
    expect(parseIp('1:2:3:4:5:6:7:8')).toEqual({ family: 6, value: 0x00010002000300040005000600070008n });
    expect(parseIp('1:2:3:4:5:6:1.2.3.4')).toEqual({ family: 6, value: 0x00010002000300040005000601020304n });
  });
});
