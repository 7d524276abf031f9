import { describe, expect, it } from 'vitest';
import { evaluateOne, type RequestValue } from './helpers.js';

/**
 * Conformance table, one family per block: operator, policy value(s), one request value, and
 * whether the test holds. Every row names the rule it encodes.
 */
interface Row {
  readonly rule: string;
  readonly op: string;
  readonly policy: string | readonly string[];
  readonly request: RequestValue;
  readonly holds: boolean;
}

function table(name: string, rows: readonly Row[]): void {
  describe(name, () => {
    it.each(rows.map((r) => [`${r.rule}: ${r.op} ${JSON.stringify(r.policy)} vs ${JSON.stringify(r.request)} → ${r.holds}`, r] as const))(
      '%s',
      (_, r) => {
        expect(evaluateOne(r.op, r.policy, r.request).kind).toBe(r.holds ? 'true' : 'false');
      },
    );
  });
}

table('string operators', [
  { rule: 'spec §9.5 StringEquals is exact and case-sensitive', op: 'StringEquals', policy: 'Acme', request: 'Acme', holds: true },
  { rule: 'spec §9.5 StringEquals is exact and case-sensitive', op: 'StringEquals', policy: 'Acme', request: 'acme', holds: false },
  { rule: 'spec §9.5 StringEquals does not expand wildcards', op: 'StringEquals', policy: 'ac*', request: 'acme', holds: false },
  { rule: 'spec §9.5 StringEquals does not expand wildcards', op: 'StringEquals', policy: 'ac*', request: 'ac*', holds: true },
  { rule: 'spec §9.6 several policy values are OR', op: 'StringEquals', policy: ['a', 'b'], request: 'b', holds: true },
  { rule: 'spec §9.6 several policy values are OR', op: 'StringEquals', policy: ['a', 'b'], request: 'c', holds: false },
  { rule: 'spec §9.5 StringNotEquals is the negation', op: 'StringNotEquals', policy: 'a', request: 'b', holds: true },
  { rule: 'spec §9.5 StringNotEquals is the negation', op: 'StringNotEquals', policy: 'a', request: 'a', holds: false },
  { rule: 'spec §9.6 negated operators with several values act as AND', op: 'StringNotEquals', policy: ['a', 'b'], request: 'b', holds: false },
  { rule: 'spec §9.6 negated operators with several values act as AND', op: 'StringNotEquals', policy: ['a', 'b'], request: 'c', holds: true },
  { rule: 'spec §9.5 StringEqualsIgnoreCase ignores case', op: 'StringEqualsIgnoreCase', policy: 'ACME', request: 'acme', holds: true },
  { rule: 'spec §9.5 StringEqualsIgnoreCase ignores case', op: 'StringEqualsIgnoreCase', policy: 'ACME', request: 'acmeX', holds: false },
  { rule: 'spec §9.5 StringNotEqualsIgnoreCase', op: 'StringNotEqualsIgnoreCase', policy: 'ACME', request: 'Acme', holds: false },
  { rule: 'spec §9.5 StringNotEqualsIgnoreCase', op: 'StringNotEqualsIgnoreCase', policy: 'ACME', request: 'other', holds: true },
  { rule: 'spec §9.5 StringLike: * matches any run', op: 'StringLike', policy: 'home/*/docs', request: 'home/bob/x/docs', holds: true },
  { rule: 'spec §9.5 StringLike: ? matches one character', op: 'StringLike', policy: 'v?', request: 'v1', holds: true },
  { rule: 'spec §9.5 StringLike: ? matches one character', op: 'StringLike', policy: 'v?', request: 'v10', holds: false },
  { rule: 'spec §9.5 StringLike is case-sensitive', op: 'StringLike', policy: 'Home/*', request: 'home/x', holds: false },
  { rule: 'spec §9.5 StringNotLike', op: 'StringNotLike', policy: ['a*', 'b*'], request: 'bob', holds: false },
  { rule: 'spec §9.5 StringNotLike', op: 'StringNotLike', policy: ['a*', 'b*'], request: 'carol', holds: true },
]);

table('numeric operators', [
  { rule: 'spec §9.5 NumericEquals on integers', op: 'NumericEquals', policy: '10', request: '10', holds: true },
  { rule: 'spec §9.5 NumericEquals compares numbers, not text', op: 'NumericEquals', policy: '10', request: '10.0', holds: true },
  { rule: 'spec §9.5 NumericEquals on decimals', op: 'NumericEquals', policy: '0.5', request: '.5', holds: true },
  { rule: 'spec §9.5 NumericNotEquals', op: 'NumericNotEquals', policy: '10', request: '11', holds: true },
  { rule: 'spec §9.5 NumericNotEquals', op: 'NumericNotEquals', policy: '10', request: '10', holds: false },
  { rule: 'spec §9.5 NumericLessThan: request < policy', op: 'NumericLessThan', policy: '3600', request: '3599', holds: true },
  { rule: 'spec §9.5 NumericLessThan: request < policy', op: 'NumericLessThan', policy: '3600', request: '3600', holds: false },
  { rule: 'spec §9.5 NumericLessThanEquals', op: 'NumericLessThanEquals', policy: '3600', request: '3600', holds: true },
  { rule: 'spec §9.5 NumericLessThanEquals', op: 'NumericLessThanEquals', policy: '3600', request: '3601', holds: false },
  { rule: 'spec §9.5 NumericGreaterThan', op: 'NumericGreaterThan', policy: '-1', request: '0', holds: true },
  { rule: 'spec §9.5 NumericGreaterThan', op: 'NumericGreaterThan', policy: '-1', request: '-1', holds: false },
  { rule: 'spec §9.5 NumericGreaterThanEquals', op: 'NumericGreaterThanEquals', policy: '2.5', request: '2.5', holds: true },
  { rule: 'spec §9.5 NumericGreaterThanEquals', op: 'NumericGreaterThanEquals', policy: '2.5', request: '2.49', holds: false },
  { rule: 'spec §9.5 a request value that is not a number matches no numeric test', op: 'NumericLessThan', policy: '10', request: 'abc', holds: false },
  { rule: 'spec §9.6 a non-number request value satisfies a negated test', op: 'NumericNotEquals', policy: '10', request: 'abc', holds: true },
]);

table('date operators', [
  { rule: 'spec §9.5 DateEquals across ISO 8601 and epoch seconds', op: 'DateEquals', policy: '2024-01-01T00:00:00Z', request: '1704067200', holds: true },
  { rule: 'spec §9.5 DateEquals across time zones', op: 'DateEquals', policy: '2024-01-01T02:00:00+02:00', request: '2024-01-01T00:00:00Z', holds: true },
  { rule: 'spec §9.5 DateEquals: a date alone is midnight UTC', op: 'DateEquals', policy: '2024-01-01', request: '2024-01-01T00:00:00Z', holds: true },
  { rule: 'spec §9.5 DateNotEquals', op: 'DateNotEquals', policy: '2024-01-01T00:00:00Z', request: '2024-01-01T00:00:01Z', holds: true },
  { rule: 'spec §9.5 DateLessThan: request earlier than policy', op: 'DateLessThan', policy: '2024-06-01T00:00:00Z', request: '2024-05-31T23:59:59Z', holds: true },
  { rule: 'spec §9.5 DateLessThan: request earlier than policy', op: 'DateLessThan', policy: '2024-06-01T00:00:00Z', request: '2024-06-01T00:00:00Z', holds: false },
  { rule: 'spec §9.5 DateLessThanEquals', op: 'DateLessThanEquals', policy: '2024-06-01T00:00:00Z', request: '2024-06-01T00:00:00Z', holds: true },
  { rule: 'spec §9.5 DateGreaterThan with epoch policy value', op: 'DateGreaterThan', policy: '1717200000', request: '2024-06-01T00:00:01Z', holds: true },
  { rule: 'spec §9.5 DateGreaterThanEquals with fractional seconds', op: 'DateGreaterThanEquals', policy: '2024-06-01T00:00:00.500Z', request: '2024-06-01T00:00:00.499Z', holds: false },
  { rule: 'spec §9.5 a request value that is not a date matches no date test', op: 'DateGreaterThan', policy: '2024-01-01', request: 'yesterday', holds: false },
]);

table('Bool', [
  { rule: 'spec §9.5 Bool true', op: 'Bool', policy: 'true', request: 'true', holds: true },
  { rule: 'spec §9.5 Bool compares true/false case-insensitively', op: 'Bool', policy: 'true', request: 'TRUE', holds: true },
  { rule: 'spec §9.5 Bool false', op: 'Bool', policy: 'false', request: 'true', holds: false },
  { rule: 'spec §9.5 Bool: a request value that is neither true nor false matches neither', op: 'Bool', policy: 'false', request: 'no', holds: false },
]);

table('BinaryEquals', [
  { rule: 'spec §9.5 BinaryEquals compares bytes', op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'QmluYXJ5', holds: true },
  { rule: 'spec §9.5 BinaryEquals compares bytes', op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'QmluYXJ6', holds: false },
  { rule: 'spec §9.5 BinaryEquals: invalid base 64 in the request matches nothing', op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'not base64!', holds: false },
]);

table('IpAddress / NotIpAddress', [
  { rule: 'spec §9.5 IpAddress IPv4 CIDR', op: 'IpAddress', policy: '203.0.113.0/24', request: '203.0.113.77', holds: true },
  { rule: 'spec §9.5 IpAddress IPv4 CIDR', op: 'IpAddress', policy: '203.0.113.0/24', request: '203.0.114.1', holds: false },
  { rule: 'spec §9.5 an address without prefix is /32', op: 'IpAddress', policy: '203.0.113.5', request: '203.0.113.5', holds: true },
  { rule: 'spec §9.5 an address without prefix is /32', op: 'IpAddress', policy: '203.0.113.5', request: '203.0.113.6', holds: false },
  { rule: 'spec §9.5 IpAddress /0 matches every IPv4 address', op: 'IpAddress', policy: '0.0.0.0/0', request: '8.8.8.8', holds: true },
  { rule: 'spec §9.5 host bits in a policy CIDR are ignored', op: 'IpAddress', policy: '10.1.2.3/8', request: '10.200.0.1', holds: true },
  { rule: 'spec §9.5 IpAddress IPv6 CIDR', op: 'IpAddress', policy: '2001:DB8:1234::/48', request: '2001:db8:1234:ffff::1', holds: true },
  { rule: 'spec §9.5 IpAddress IPv6 CIDR', op: 'IpAddress', policy: '2001:db8:1234::/48', request: '2001:db8:1235::1', holds: false },
  { rule: 'spec §9.5 an IPv6 address without prefix is /128', op: 'IpAddress', policy: '2001:db8::1', request: '2001:0db8:0:0:0:0:0:1', holds: true },
  { rule: 'spec §9.5 IPv4 and IPv6 ranges do not mix', op: 'IpAddress', policy: '::/0', request: '10.0.0.1', holds: false },
  { rule: 'spec §9.5 an IPv4-mapped request address is IPv4', op: 'IpAddress', policy: '10.0.0.0/8', request: '::ffff:10.9.8.7', holds: true },
  { rule: 'spec §9.5 an IPv4-mapped policy range is IPv4', op: 'IpAddress', policy: '::ffff:10.0.0.0/104', request: '10.9.8.7', holds: true },
  { rule: 'spec §9.5 a request value that is not an address matches nothing', op: 'IpAddress', policy: '0.0.0.0/0', request: 'vpce-1234', holds: false },
  { rule: 'spec §9.5 NotIpAddress', op: 'NotIpAddress', policy: ['10.0.0.0/8', '192.168.0.0/16'], request: '192.168.1.1', holds: false },
  { rule: 'spec §9.5 NotIpAddress', op: 'NotIpAddress', policy: ['10.0.0.0/8', '192.168.0.0/16'], request: '172.16.0.1', holds: true },
]);

table('ARN operators', [
  { rule: 'spec §9.5 ArnLike per component with wildcards', op: 'ArnLike', policy: 'arn:aws:iam::*:role/Admin*', request: 'arn:aws:iam::111122223333:role/AdminOps', holds: true },
  { rule: 'spec §9.5 ArnEquals behaves as ArnLike', op: 'ArnEquals', policy: 'arn:aws:iam::*:role/Admin*', request: 'arn:aws:iam::111122223333:role/AdminOps', holds: true },
  { rule: 'spec §9.5 ARN operators are case-sensitive', op: 'ArnEquals', policy: 'arn:aws:iam::111122223333:role/Admin', request: 'arn:aws:iam::111122223333:role/admin', holds: false },
  {
    rule: 'spec §9.5 worked example: ArnLike checks each component separately',
    op: 'ArnLike',
    policy: 'arn:aws:someservice:*:111122223333:finance/*',
    request: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
    holds: false,
  },
  {
    rule: 'spec §9.5 worked example: StringLike matches across components',
    op: 'StringLike',
    policy: 'arn:aws:someservice:*:111122223333:finance/*',
    request: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
    holds: true,
  },
  { rule: 'spec §9.5 ArnNotLike', op: 'ArnNotLike', policy: 'arn:aws:sns:*:111122223333:*', request: 'arn:aws:sns:us-east-1:111122223333:topic', holds: false },
  { rule: 'spec §9.5 ArnNotEquals', op: 'ArnNotEquals', policy: 'arn:aws:sns:*:111122223333:*', request: 'arn:aws:sns:us-east-1:444455556666:topic', holds: true },
]);

table('Null', [
  { rule: 'spec §9.4 Null true holds when the key is absent', op: 'Null', policy: 'true', request: null, holds: true },
  { rule: 'spec §9.4 Null true fails when the key is present', op: 'Null', policy: 'true', request: 'x', holds: false },
  { rule: 'spec §9.4 Null false holds when the key is present', op: 'Null', policy: 'false', request: 'x', holds: true },
  { rule: 'spec §9.4 Null false fails when the key is absent', op: 'Null', policy: 'false', request: null, holds: false },
  { rule: 'spec §9.4 Null values are read case-insensitively', op: 'Null', policy: 'TRUE', request: null, holds: true },
  { rule: 'spec §9.7 an empty set counts as absent', op: 'Null', policy: 'true', request: [], holds: true },
]);
