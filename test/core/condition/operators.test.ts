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
  { rule: 'docs/aws-authorization.md#condition-operators StringEquals is exact and case-sensitive', op: 'StringEquals', policy: 'Acme', request: 'Acme', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringEquals is exact and case-sensitive', op: 'StringEquals', policy: 'Acme', request: 'acme', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringEquals does not expand wildcards', op: 'StringEquals', policy: 'ac*', request: 'acme', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringEquals does not expand wildcards', op: 'StringEquals', policy: 'ac*', request: 'ac*', holds: true },
  { rule: 'docs/aws-authorization.md#condition-and-or several policy values are OR', op: 'StringEquals', policy: ['a', 'b'], request: 'b', holds: true },
  { rule: 'docs/aws-authorization.md#condition-and-or several policy values are OR', op: 'StringEquals', policy: ['a', 'b'], request: 'c', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringNotEquals is the negation', op: 'StringNotEquals', policy: 'a', request: 'b', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringNotEquals is the negation', op: 'StringNotEquals', policy: 'a', request: 'a', holds: false },
  { rule: 'docs/aws-authorization.md#condition-and-or negated operators with several values act as AND', op: 'StringNotEquals', policy: ['a', 'b'], request: 'b', holds: false },
  { rule: 'docs/aws-authorization.md#condition-and-or negated operators with several values act as AND', op: 'StringNotEquals', policy: ['a', 'b'], request: 'c', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringEqualsIgnoreCase ignores case', op: 'StringEqualsIgnoreCase', policy: 'ACME', request: 'acme', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringEqualsIgnoreCase ignores case', op: 'StringEqualsIgnoreCase', policy: 'ACME', request: 'acmeX', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringNotEqualsIgnoreCase', op: 'StringNotEqualsIgnoreCase', policy: 'ACME', request: 'Acme', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringNotEqualsIgnoreCase', op: 'StringNotEqualsIgnoreCase', policy: 'ACME', request: 'other', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringLike: * matches any run', op: 'StringLike', policy: 'home/*/docs', request: 'home/bob/x/docs', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringLike: ? matches one character', op: 'StringLike', policy: 'v?', request: 'v1', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators StringLike: ? matches one character', op: 'StringLike', policy: 'v?', request: 'v10', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringLike is case-sensitive', op: 'StringLike', policy: 'Home/*', request: 'home/x', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringNotLike', op: 'StringNotLike', policy: ['a*', 'b*'], request: 'bob', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators StringNotLike', op: 'StringNotLike', policy: ['a*', 'b*'], request: 'carol', holds: true },
]);

table('numeric operators', [
  { rule: 'docs/aws-authorization.md#condition-operators NumericEquals on integers', op: 'NumericEquals', policy: '10', request: '10', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericEquals compares numbers, not text', op: 'NumericEquals', policy: '10', request: '10.0', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericEquals on decimals', op: 'NumericEquals', policy: '0.5', request: '.5', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericNotEquals', op: 'NumericNotEquals', policy: '10', request: '11', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericNotEquals', op: 'NumericNotEquals', policy: '10', request: '10', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators NumericLessThan: request < policy', op: 'NumericLessThan', policy: '3600', request: '3599', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericLessThan: request < policy', op: 'NumericLessThan', policy: '3600', request: '3600', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators NumericLessThanEquals', op: 'NumericLessThanEquals', policy: '3600', request: '3600', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericLessThanEquals', op: 'NumericLessThanEquals', policy: '3600', request: '3601', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators NumericGreaterThan', op: 'NumericGreaterThan', policy: '-1', request: '0', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericGreaterThan', op: 'NumericGreaterThan', policy: '-1', request: '-1', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators NumericGreaterThanEquals', op: 'NumericGreaterThanEquals', policy: '2.5', request: '2.5', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators NumericGreaterThanEquals', op: 'NumericGreaterThanEquals', policy: '2.5', request: '2.49', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators a request value that is not a number matches no numeric test', op: 'NumericLessThan', policy: '10', request: 'abc', holds: false },
  { rule: 'docs/aws-authorization.md#condition-and-or a non-number request value satisfies a negated test', op: 'NumericNotEquals', policy: '10', request: 'abc', holds: true },
]);

table('date operators', [
  { rule: 'docs/aws-authorization.md#condition-operators DateEquals across ISO 8601 and epoch seconds', op: 'DateEquals', policy: '2024-01-01T00:00:00Z', request: '1704067200', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateEquals across time zones', op: 'DateEquals', policy: '2024-01-01T02:00:00+02:00', request: '2024-01-01T00:00:00Z', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateEquals: a date alone is midnight UTC', op: 'DateEquals', policy: '2024-01-01', request: '2024-01-01T00:00:00Z', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateNotEquals', op: 'DateNotEquals', policy: '2024-01-01T00:00:00Z', request: '2024-01-01T00:00:01Z', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateLessThan: request earlier than policy', op: 'DateLessThan', policy: '2024-06-01T00:00:00Z', request: '2024-05-31T23:59:59Z', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateLessThan: request earlier than policy', op: 'DateLessThan', policy: '2024-06-01T00:00:00Z', request: '2024-06-01T00:00:00Z', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators DateLessThanEquals', op: 'DateLessThanEquals', policy: '2024-06-01T00:00:00Z', request: '2024-06-01T00:00:00Z', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateGreaterThan with epoch policy value', op: 'DateGreaterThan', policy: '1717200000', request: '2024-06-01T00:00:01Z', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators DateGreaterThanEquals with fractional seconds', op: 'DateGreaterThanEquals', policy: '2024-06-01T00:00:00.500Z', request: '2024-06-01T00:00:00.499Z', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators a request value that is not a date matches no date test', op: 'DateGreaterThan', policy: '2024-01-01', request: 'yesterday', holds: false },
]);

table('Bool', [
  { rule: 'docs/aws-authorization.md#condition-operators Bool true', op: 'Bool', policy: 'true', request: 'true', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators Bool compares true/false case-insensitively', op: 'Bool', policy: 'true', request: 'TRUE', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators Bool false', op: 'Bool', policy: 'false', request: 'true', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators Bool: a request value that is neither true nor false matches neither', op: 'Bool', policy: 'false', request: 'no', holds: false },
]);

table('BinaryEquals', [
  { rule: 'docs/aws-authorization.md#condition-operators BinaryEquals compares bytes', op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'QmluYXJ5', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators BinaryEquals compares bytes', op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'QmluYXJ6', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators BinaryEquals: invalid base 64 in the request matches nothing', op: 'BinaryEquals', policy: 'QmluYXJ5', request: 'not base64!', holds: false },
]);

table('IpAddress / NotIpAddress', [
  { rule: 'docs/aws-authorization.md#condition-operators IpAddress IPv4 CIDR', op: 'IpAddress', policy: '203.0.113.0/24', request: '203.0.113.77', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators IpAddress IPv4 CIDR', op: 'IpAddress', policy: '203.0.113.0/24', request: '203.0.114.1', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators an address without prefix is /32', op: 'IpAddress', policy: '203.0.113.5', request: '203.0.113.5', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators an address without prefix is /32', op: 'IpAddress', policy: '203.0.113.5', request: '203.0.113.6', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators IpAddress /0 matches every IPv4 address', op: 'IpAddress', policy: '0.0.0.0/0', request: '8.8.8.8', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators host bits in a policy CIDR are ignored', op: 'IpAddress', policy: '10.1.2.3/8', request: '10.200.0.1', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators IpAddress IPv6 CIDR', op: 'IpAddress', policy: '2001:DB8:1234::/48', request: '2001:db8:1234:ffff::1', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators IpAddress IPv6 CIDR', op: 'IpAddress', policy: '2001:db8:1234::/48', request: '2001:db8:1235::1', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators an IPv6 address without prefix is /128', op: 'IpAddress', policy: '2001:db8::1', request: '2001:0db8:0:0:0:0:0:1', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators IPv4 and IPv6 ranges do not mix', op: 'IpAddress', policy: '::/0', request: '10.0.0.1', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators an IPv4-mapped request address is IPv4', op: 'IpAddress', policy: '10.0.0.0/8', request: '::ffff:10.9.8.7', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators an IPv4-mapped policy range is IPv4', op: 'IpAddress', policy: '::ffff:10.0.0.0/104', request: '10.9.8.7', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators a request value that is not an address matches nothing', op: 'IpAddress', policy: '0.0.0.0/0', request: 'vpce-1234', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators NotIpAddress', op: 'NotIpAddress', policy: ['10.0.0.0/8', '192.168.0.0/16'], request: '192.168.1.1', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators NotIpAddress', op: 'NotIpAddress', policy: ['10.0.0.0/8', '192.168.0.0/16'], request: '172.16.0.1', holds: true },
]);

table('ARN operators', [
  { rule: 'docs/aws-authorization.md#condition-operators ArnLike per component with wildcards', op: 'ArnLike', policy: 'arn:aws:iam::*:role/Admin*', request: 'arn:aws:iam::111122223333:role/AdminOps', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators ArnEquals behaves as ArnLike', op: 'ArnEquals', policy: 'arn:aws:iam::*:role/Admin*', request: 'arn:aws:iam::111122223333:role/AdminOps', holds: true },
  { rule: 'docs/aws-authorization.md#condition-operators ARN operators are case-sensitive', op: 'ArnEquals', policy: 'arn:aws:iam::111122223333:role/Admin', request: 'arn:aws:iam::111122223333:role/admin', holds: false },
  {
    rule: 'docs/aws-authorization.md#condition-operators worked example: ArnLike checks each component separately',
    op: 'ArnLike',
    policy: 'arn:aws:someservice:*:111122223333:finance/*',
    request: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
    holds: false,
  },
  {
    rule: 'docs/aws-authorization.md#condition-operators worked example: StringLike matches across components',
    op: 'StringLike',
    policy: 'arn:aws:someservice:*:111122223333:finance/*',
    request: 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
    holds: true,
  },
  { rule: 'docs/aws-authorization.md#condition-operators ArnNotLike', op: 'ArnNotLike', policy: 'arn:aws:sns:*:111122223333:*', request: 'arn:aws:sns:us-east-1:111122223333:topic', holds: false },
  { rule: 'docs/aws-authorization.md#condition-operators ArnNotEquals', op: 'ArnNotEquals', policy: 'arn:aws:sns:*:111122223333:*', request: 'arn:aws:sns:us-east-1:444455556666:topic', holds: true },
]);

table('Null', [
  { rule: 'docs/aws-authorization.md#null-operator Null true holds when the key is absent', op: 'Null', policy: 'true', request: null, holds: true },
  { rule: 'docs/aws-authorization.md#null-operator Null true fails when the key is present', op: 'Null', policy: 'true', request: 'x', holds: false },
  { rule: 'docs/aws-authorization.md#null-operator Null false holds when the key is present', op: 'Null', policy: 'false', request: 'x', holds: true },
  { rule: 'docs/aws-authorization.md#null-operator Null false fails when the key is absent', op: 'Null', policy: 'false', request: null, holds: false },
  { rule: 'docs/aws-authorization.md#null-operator Null values are read case-insensitively', op: 'Null', policy: 'TRUE', request: null, holds: true },
  { rule: 'docs/aws-authorization.md#set-operators an empty set counts as absent', op: 'Null', policy: 'true', request: [], holds: true },
]);
