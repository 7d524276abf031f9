import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { MapContext } from '../../../src/core/condition/request-context.js';
import { DiagnosticBag, type Diagnostic } from '../../../src/core/diagnostics.js';
import { parseJsonLocated } from '../../../src/core/json/parse-json-located.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../../src/core/policy/policy-types.js';
import type { CallerIdentity } from '../../../src/core/policy/principal-matcher.js';

const catalog = loadServiceCatalog();

/** Parses `text` as the file `p.json`, so diagnostics carry pointers and lines. */
function parseText(text: string, kind: PolicyKind, withCatalog = false): { policy: Policy; diagnostics: Diagnostic[] } {
  const file = parseJsonLocated(text);
  if (!file.ok) throw new Error(`test document is not JSON: ${file.message}`);
  const bag = new DiagnosticBag();
  const policy = parsePolicy(file.value, { kind, name: 'p', source: { file: 'p.json', pointer: '', locate: file.locate }, ...(withCatalog ? { catalog } : {}) }, bag);
  return { policy, diagnostics: bag.items };
}

/**
 * A one-statement document laid out one member per line: the statement opens on line 3 and its
 * first member sits on line 4.
 */
function oneStatement(members: readonly string[], version = '  "Version": "2012-10-17",'): string {
  return ['{', version, '  "Statement": [{', ...members.map((m, i) => `    ${m}${i < members.length - 1 ? ',' : ''}`), '  }]', '}'].join('\n');
}

const ALLOW = '"Effect": "Allow"';
const DENY = '"Effect": "Deny"';
const GET = '"Action": "s3:GetObject"';
const ANY = '"Resource": "*"';
const ANYONE = '"Principal": {"AWS": "111122223333"}';

type Row = readonly [rule: string, kind: PolicyKind, members: readonly string[], expected: ReadonlyArray<readonly [code: string, pointer: string, line: number]>];

/** Each diagnostic code with a minimal bad statement: the exact diagnostics expected, with pointer and line. */
const statementRows: readonly Row[] = [
  ['docs/aws-authorization.md#policy-elements Effect is case-sensitive', 'identity', ['"Effect": "allow"', GET, ANY], [['policy/invalid-effect', '/Statement/0/Effect', 4]]],
  ['docs/aws-authorization.md#policy-elements Effect is Allow or Deny', 'identity', ['"Effect": ["Allow"]', GET, ANY], [['policy/invalid-effect', '/Statement/0/Effect', 4]]],
  ['docs/aws-authorization.md#policy-elements Effect is required', 'identity', [GET, ANY], [['policy/missing-effect', '/Statement/0/Effect', 3]]],
  ['docs/aws-authorization.md#policy-elements Action or NotAction, not both', 'identity', [ALLOW, GET, '"NotAction": "s3:PutObject"', ANY], [['policy/action-and-notaction', '/Statement/0/NotAction', 6]]],
  ['docs/aws-authorization.md#policy-elements Action or NotAction is required', 'identity', [ALLOW, ANY], [['policy/missing-action', '/Statement/0/Action', 3]]],
  ['docs/aws-authorization.md#condition-key-case actions are service:action', 'identity', [ALLOW, '"Action": ["s3:GetObject",\n      "s3 GetObject"]', ANY], [['policy/malformed-action', '/Statement/0/Action/1', 6]]],
  ['docs/aws-authorization.md#condition-key-case actions have a service prefix', 'identity', [ALLOW, '"Action": "GetObject"', ANY], [['policy/malformed-action', '/Statement/0/Action', 5]]],
  ['docs/aws-authorization.md#condition-key-case a service prefix has no wildcard', 'identity', [ALLOW, '"Action": "s3*:GetObject"', ANY], [['policy/malformed-action', '/Statement/0/Action', 5]]],
  ['docs/aws-authorization.md#policy-elements elements are strings or lists of strings', 'identity', [ALLOW, '"Action": 42', ANY], [['policy/invalid-element-type', '/Statement/0/Action', 5]]],
  ['docs/aws-authorization.md#policy-elements list entries are strings', 'identity', [ALLOW, GET, '"Resource": ["*",\n      {"Ref": "x"}]'], [['policy/invalid-element-type', '/Statement/0/Resource/1', 7]]],
  ['docs/aws-authorization.md#policy-elements an empty list matches nothing', 'identity', [ALLOW, '"Action": []', ANY], [['policy/empty-element', '/Statement/0/Action', 5]]],
  ['docs/aws-authorization.md#policy-elements identity policies need Resource', 'identity', [ALLOW, GET], [['policy/missing-resource', '/Statement/0/Resource', 3]]],
  ['docs/aws-authorization.md#policy-elements boundaries need Resource', 'boundary', [ALLOW, GET], [['policy/missing-resource', '/Statement/0/Resource', 3]]],
  ['docs/aws-authorization.md#policy-elements SCPs need Resource', 'scp', [DENY, GET], [['policy/missing-resource', '/Statement/0/Resource', 3]]],
  ['docs/aws-authorization.md#policy-elements Resource or NotResource, not both', 'identity', [ALLOW, GET, ANY, '"NotResource": "arn:aws:s3:::b/*"'], [['policy/resource-and-notresource', '/Statement/0/NotResource', 7]]],
  ['docs/aws-authorization.md#condition-key-case resources are ARNs', 'identity', [ALLOW, GET, '"Resource": "my-bucket/*"'], [['policy/malformed-arn', '/Statement/0/Resource', 6]]],
  ['docs/aws-authorization.md#condition-key-case resources are ARNs (six segments)', 'identity', [ALLOW, GET, '"Resource": "arn:aws:s3:b"'], [['policy/malformed-arn', '/Statement/0/Resource', 6]]],
  ['docs/aws-authorization.md#condition-key-case no wildcard in the service segment', 'identity', [ALLOW, GET, '"Resource": "arn:aws:s3*:::b"'], [['policy/resource-service-wildcard', '/Statement/0/Resource', 6]]],
  ['docs/aws-authorization.md#policy-elements identity policies take no Principal', 'identity', [ALLOW, ANYONE, GET, ANY], [['policy/principal-in-identity-policy', '/Statement/0/Principal', 5]]],
  ['docs/aws-authorization.md#policy-elements session policies take no NotPrincipal', 'session', [DENY, '"NotPrincipal": {"AWS": "111122223333"}', GET, ANY], [['policy/principal-in-identity-policy', '/Statement/0/NotPrincipal', 5]]],
  ['docs/aws-authorization.md#policy-elements SCPs take no Principal', 'scp', [DENY, '"Principal": "*"', GET, ANY], [['policy/principal-in-scp', '/Statement/0/Principal', 5]]],
  ['docs/aws-authorization.md#rcp-does-not-grant SCPs take no NotPrincipal', 'scp', [DENY, '"NotPrincipal": {"AWS": "111122223333"}', GET, ANY], [['policy/principal-in-scp', '/Statement/0/NotPrincipal', 5]]],
  ['docs/aws-authorization.md#policy-elements trust policies need Principal', 'trust', [ALLOW, '"Action": "sts:AssumeRole"'], [['policy/missing-principal', '/Statement/0/Principal', 3]]],
  ['docs/aws-authorization.md#policy-elements resource policies need Principal', 'resource', [ALLOW, GET], [['policy/missing-principal', '/Statement/0/Principal', 3]]],
  ['docs/aws-authorization.md#policy-elements Principal or NotPrincipal, not both', 'resource', [DENY, ANYONE, '"NotPrincipal": {"AWS": "111122223333"}', GET], [['policy/principal-and-notprincipal', '/Statement/0/NotPrincipal', 6]]],
  ['docs/aws-authorization.md#not-principal NotPrincipal only with Deny', 'resource', [ALLOW, '"NotPrincipal": {"AWS": "111122223333"}', GET], [['policy/notprincipal-with-allow', '/Statement/0/NotPrincipal', 5]]],
  ['docs/aws-authorization.md#no-notprincipal-in-trust-policy no NotPrincipal in trust policies', 'trust', [DENY, '"NotPrincipal": {"AWS": "111122223333"}', '"Action": "sts:AssumeRole"'], [['policy/notprincipal-not-supported', '/Statement/0/NotPrincipal', 5]]],
  ['docs/aws-authorization.md#rcp-does-not-grant no NotPrincipal in RCPs', 'rcp', [DENY, '"NotPrincipal": {"AWS": "111122223333"}', GET, ANY], [['policy/notprincipal-not-supported', '/Statement/0/NotPrincipal', 5]]],
  ['docs/aws-authorization.md#policy-elements RCPs need Principal', 'rcp', [DENY, GET, ANY], [['policy/missing-principal', '/Statement/0/Principal', 3]]],
  ['docs/aws-authorization.md#rcp-does-not-grant customer RCPs are Deny statements', 'rcp', [ALLOW, '"Principal": "*"', GET, ANY], [['policy/rcp-allow', '/Statement/0/Effect', 4]]],
  ['docs/aws-authorization.md#principal-element-forms principal types', 'trust', [ALLOW, '"Principal": {"Group": "admins"}', '"Action": "sts:AssumeRole"'], [['policy/unknown-principal-type', '/Statement/0/Principal/Group', 5]]],
  ['docs/aws-authorization.md#principal-element-forms principal types are case-sensitive', 'trust', [ALLOW, '"Principal": {"aws": "111122223333"}', '"Action": "sts:AssumeRole"'], [['policy/unknown-principal-type', '/Statement/0/Principal/aws', 5]]],
  ['docs/aws-authorization.md#principal-element-forms groups cannot be principals', 'trust', [ALLOW, '"Principal": {"AWS": "arn:aws:iam::111122223333:group/admins"}', '"Action": "sts:AssumeRole"'], [['policy/invalid-principal', '/Statement/0/Principal/AWS', 5]]],
  ['docs/aws-authorization.md#principal-element-forms AWS principals are accounts, ARNs or unique ids', 'trust', [ALLOW, '"Principal": {"AWS": ["111122223333", "bob"]}', '"Action": "sts:AssumeRole"'], [['policy/invalid-principal', '/Statement/0/Principal/AWS/1', 5]]],
  ['docs/aws-authorization.md#principal-element-forms the principal element is * or an object', 'resource', [ALLOW, '"Principal": "111122223333"', GET], [['policy/invalid-principal', '/Statement/0/Principal', 5]]],
  ['docs/aws-authorization.md#principal-element-forms the principal element names someone', 'resource', [ALLOW, '"Principal": {}', GET], [['policy/empty-element', '/Statement/0/Principal', 5]]],
  ['docs/aws-authorization.md#condition-key-case no partial wildcards in principals', 'trust', [ALLOW, '"Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-*"}', '"Action": "sts:AssumeRole"'], [['policy/principal-partial-wildcard', '/Statement/0/Principal/AWS', 5]]],
  ['docs/aws-authorization.md#condition-key-case no partial wildcards in service principals', 'resource', [ALLOW, '"Principal": {"Service": "*.amazonaws.com"}', GET], [['policy/principal-partial-wildcard', '/Statement/0/Principal/Service', 5]]],
  ['docs/aws-authorization.md#principal-unique-id unique ids stand for deleted principals', 'trust', [ALLOW, '"Principal": {"AWS": "AROAEXAMPLEDELETED01"}', '"Action": "sts:AssumeRole"'], [['policy/unique-id-principal', '/Statement/0/Principal/AWS', 5]]],
  ['docs/aws-authorization.md#policy-elements Sid is a string', 'identity', ['"Sid": 7', ALLOW, GET, ANY], [['policy/invalid-sid', '/Statement/0/Sid', 4]]],
  ['docs/aws-authorization.md#policy-elements statement element names', 'identity', [ALLOW, GET, ANY, '"Resources": "*"'], [['policy/unknown-statement-key', '/Statement/0/Resources', 7]]],
  ['docs/aws-authorization.md#policy-elements element names are case-sensitive', 'identity', [ALLOW, '"action": "s3:GetObject"', ANY], [['policy/unknown-statement-key', '/Statement/0/action', 5], ['policy/missing-action', '/Statement/0/Action', 3]]],
  ['docs/aws-authorization.md#policy-elements key policies: Resource is *', 'key', [ALLOW, ANYONE, '"Action": "kms:Decrypt"', '"Resource": "arn:aws:kms:us-east-1:111122223333:key/k"'], [['policy/key-policy-resource', '/Statement/0/Resource', 7]]],
  ['docs/aws-authorization.md#condition-operators condition operators (reported by the condition compiler)', 'identity', [ALLOW, GET, ANY, '"Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-1"}}'], [['policy/unknown-condition-operator', '/Statement/0/Condition/StringEqual', 7]]],
];

describe('parsePolicy: each diagnostic with its pointer and line', () => {
  it.each(statementRows)('%s (%s policy)', (_, kind, members, expected) => {
    const { diagnostics } = parseText(oneStatement(members), kind);
    expect(diagnostics.map((d) => [d.code, d.source?.pointer, d.source?.line])).toEqual(expected);
    for (const d of diagnostics) expect(d.source?.file).toBe('p.json');
  });

  const documentRows: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, string, number]>]> = [
    ['docs/aws-authorization.md#policy-variables Version is 2012-10-17 or 2008-10-17', '{\n "Version": "2012-10-18",\n "Statement": []\n}', [['policy/invalid-version', '/Version', 2], ['policy/empty-statement', '/Statement', 3]]],
    ['docs/aws-authorization.md#policy-variables without Version variables are literal', oneStatement([ALLOW, GET, '"Resource": "arn:aws:s3:::b/${aws:username}/*"'], '  "Id": "x",'), [['policy/missing-version', '/Version', 1], ['policy/variable-without-version', '/Statement/0/Resource', 6]]],
    ['docs/aws-authorization.md#policy-elements Id is a string', '{"Version": "2012-10-17",\n "Id": 1,\n "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}', [['policy/invalid-id', '/Id', 2]]],
    ['docs/aws-authorization.md#policy-elements top-level element names', '{"Version": "2012-10-17",\n "Statement": [],\n "Statements": []}', [['policy/unknown-top-level-key', '/Statements', 3], ['policy/empty-statement', '/Statement', 2]]],
    ['docs/aws-authorization.md#policy-elements Statement is required', '{"Version": "2012-10-17",\n "statement": []}', [['policy/unknown-top-level-key', '/statement', 2], ['policy/missing-statement', '/Statement', 1]]],
    ['docs/aws-authorization.md#policy-elements Statement is an object or a list', '{"Version": "2012-10-17",\n "Statement": "allow all"}', [['policy/invalid-statement', '/Statement', 2]]],
    ['docs/aws-authorization.md#policy-elements statements are objects', '{"Version": "2012-10-17",\n "Statement": [\n  "allow all"]}', [['policy/invalid-statement', '/Statement/0', 3]]],
    [
      'docs/aws-authorization.md#policy-elements Sids are unique',
      '{"Version": "2012-10-17",\n "Statement": [\n  {"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"},\n  {"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"}]}',
      [['policy/duplicate-sid', '/Statement/1/Sid', 4]],
    ],
  ];

  it.each(documentRows)('%s', (_, text, expected) => {
    const { diagnostics } = parseText(text, 'identity');
    expect(diagnostics.map((d) => [d.code, d.source?.pointer, d.source?.line])).toEqual(expected);
  });

  it('reports an object-form Statement at /Statement', () => {
    const { policy, diagnostics } = parseText('{"Version": "2012-10-17",\n "Statement": {\n  "Effect": "Alow", "Action": "*", "Resource": "*"}}', 'identity');
    expect(diagnostics.map((d) => [d.code, d.source?.pointer, d.source?.line])).toEqual([['policy/invalid-effect', '/Statement/Effect', 3]]);
    expect(policy.statements[0]!.source).toEqual({ file: 'p.json', pointer: '/Statement', line: 2, column: 15 });
  });

  it('writes messages as data: stable code, lowercase, no final period, user input in backticks', () => {
    const { diagnostics } = parseText(oneStatement(['"Effect": "allow"', '"Action": "s3 GetObject"', '"Resource": "bucket"']), 'identity');
    expect(diagnostics.map((d) => d.message)).toEqual(['invalid `Effect` `allow`', 'malformed action `s3 GetObject`', '`bucket` is not an ARN']);
    expect(diagnostics[0]!.help).toBe('`Effect` is case-sensitive: write `Allow` (docs/aws-authorization.md#policy-elements)');
  });
});

describe('parsePolicy: catalog checks', () => {
  const rows: Row[] = [
    ['docs/aws-authorization.md#condition-key-case unknown service prefixes', 'identity', [ALLOW, '"Action": "s4:GetObject"', ANY], [['policy/unknown-service', '/Statement/0/Action', 5]]],
    ['docs/aws-authorization.md#condition-key-case unknown actions', 'identity', [ALLOW, '"Action": "s3:GetObjekt"', ANY], [['policy/unknown-action', '/Statement/0/Action', 5]]],
    ['docs/aws-authorization.md#condition-key-case wildcards that match no action', 'identity', [ALLOW, '"Action": "s3:Gett*"', ANY], [['policy/unknown-action', '/Statement/0/Action', 5]]],
    ['docs/aws-authorization.md#missing-key-condition-false condition keys the actions cannot carry', 'identity', [ALLOW, '"Action": ["sqs:SendMessage"]', ANY, '"Condition": {"StringEquals": {"s3:prefix": "home/"}}'], [['policy/condition-key-not-applicable', '/Statement/0/Condition/StringEquals/s3:prefix', 7]]],
    ['docs/aws-authorization.md#rcp-supported-services RCPs bind only supported services', 'rcp', [DENY, '"Principal": "*"', '"Action": "ec2:RunInstances"', ANY], [['policy/rcp-unsupported-service', '/Statement/0/Action', 6]]],
  ];

  it.each(rows)('%s', (_, kind, members, expected) => {
    const { diagnostics } = parseText(oneStatement(members), kind, true);
    expect(diagnostics.map((d) => [d.code, d.source?.pointer, d.source?.line])).toEqual(expected);
  });

  it('says nothing about RCP actions of services RCPs bind (docs/aws-authorization.md#rcp-does-not-grant)', () => {
    const { diagnostics } = parseText(oneStatement([DENY, '"Principal": "*"', '"Action": ["s3:GetObject", "sts:AssumeRole", "kms:Decrypt", "sqs:*", "secretsmanager:GetSecretValue"]', ANY]), 'rcp', true);
    expect(diagnostics).toEqual([]);
  });

  it('suggests the nearest action name', () => {
    const { diagnostics } = parseText(oneStatement([ALLOW, '"Action": ["s3:GetObjekt", "iam:PasRole"]', ANY]), 'identity', true);
    expect(diagnostics.map((d) => d.help)).toEqual(['did you mean `s3:GetObject`?', 'did you mean `iam:PassRole`?']);
  });

  it.each([
    ['global keys', '"Action": "s3:GetObject"', '{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}'],
    ['service keys the action takes', '"Action": "s3:ListBucket"', '{"StringLike": {"s3:prefix": "home/*"}}'],
    ['any key under a wildcard action', '"Action": "sqs:*"', '{"StringLike": {"s3:prefix": "home/*"}}'],
    ['keys of an action the catalog does not know', '"Action": "s4:Anything"', '{"StringLike": {"s3:prefix": "home/*"}}'],
  ])('says nothing about %s', (_, action, condition) => {
    const { diagnostics } = parseText(oneStatement([ALLOW, action, ANY, `"Condition": ${condition}`]), 'identity', true);
    expect(diagnostics.filter((d) => d.code === 'policy/condition-key-not-applicable')).toEqual([]);
  });
});

/** docs/aws-authorization.md#policy-elements-by-type (with docs/aws-authorization.md#no-notprincipal-in-trust-policy, #rcp-does-not-grant, #not-principal): which elements each kind takes. */
describe('parsePolicy: element rules per policy kind', () => {
  const S = (o: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [o] });
  const base = { Action: 's3:GetObject', Resource: '*' };
  const principal = { AWS: '111122223333' };
  const rows: ReadonlyArray<readonly [PolicyKind, Record<string, unknown>, readonly string[]]> = [
    ['identity', { Effect: 'Allow', ...base }, []],
    ['identity', { Effect: 'Allow', ...base, Principal: principal }, ['policy/principal-in-identity-policy']],
    ['boundary', { Effect: 'Allow', ...base, Principal: '*' }, ['policy/principal-in-identity-policy']],
    ['session', { Effect: 'Allow', Action: 's3:*' }, ['policy/missing-resource']],
    ['scp', { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }, []],
    ['scp', { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b' }, []],
    ['rcp', { Effect: 'Deny', Principal: '*', ...base }, []],
    ['rcp', { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, []], // RCPFullAWSAccess
    ['rcp', { Sid: 'Full', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['*'], Resource: ['*'] }, []],
    ['rcp', { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, ['policy/rcp-allow']],
    ['rcp', { Effect: 'Deny', Principal: '*', Action: 's3:*' }, ['policy/missing-resource']],
    ['trust', { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }, []],
    ['trust', { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }, []],
    ['trust', { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML' }, []],
    ['trust', { Effect: 'Deny', NotPrincipal: principal, Action: 'sts:AssumeRole' }, ['policy/notprincipal-not-supported']],
    ['key', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, []],
    ['key', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*' }, []],
    ['key', { Effect: 'Allow', Action: 'kms:*', Resource: '*' }, ['policy/missing-principal']],
    ['resource', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }, []],
    ['resource', { Effect: 'Allow', Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, Action: 's3:GetObject' }, []],
    ['resource', { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:user/bob', '111122223333'] }, Action: 's3:*' }, []],
    ['resource', { Effect: 'Allow', NotPrincipal: principal, Action: 's3:*' }, ['policy/notprincipal-with-allow']],
    ['resource', { Effect: 'Allow', Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/r/s' }, Action: 'sqs:SendMessage' }, []],
    ['resource', { Effect: 'Allow', Principal: { AWS: 'arn:aws:sts::111122223333:federated-user/carol' }, Action: 'sqs:SendMessage' }, []],
    ['resource', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/path/r' }, Action: 'sqs:SendMessage' }, []],
  ];

  it.each(rows)('%s policy: %j', (kind, statement, codes) => {
    const bag = new DiagnosticBag();
    const policy = parsePolicy(S(statement), { kind, name: 'p' }, bag);
    expect(bag.items.map((d) => d.code)).toEqual(codes);
    const hasError = codes.length > 0;
    expect(policy.statements[0]!.broken !== undefined).toBe(hasError);
    expect(policy.statements[0]!.principal !== undefined).toBe(['rcp', 'trust', 'key', 'resource'].includes(kind));
  });
});

describe('parsePolicy: compiled statements', () => {
  const A = '111122223333';
  const bob: CallerIdentity = { kind: 'user', accountId: A, partition: 'aws', arn: `arn:aws:iam::${A}:user/bob` };
  const ctx = new MapContext();
  const compile = (kind: PolicyKind, statement: Record<string, unknown>) =>
    parsePolicy({ Version: '2012-10-17', Statement: statement }, { kind, name: 'p' }, new DiagnosticBag()).statements[0]!;

  it('keeps the statement as written, without copying it', () => {
    const statement = { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const doc = { Version: '2012-10-17', Statement: [statement] };
    const policy = parsePolicy(doc, { kind: 'identity', name: 'p' }, new DiagnosticBag());
    expect(policy.document).toBe(doc);
    expect(policy.statements[0]!.raw).toBe(statement);
    expect(policy).toMatchObject({ name: 'p', kind: 'identity', version: '2012-10-17' });
    expect(policy.statements[0]).toMatchObject({ index: 0, sid: 'Read', effect: 'Allow', source: { pointer: '/Statement/0' } });
    expect(policy.statements[0]!.action.test('s3:getobject')).toBe(true);
    expect(policy.statements[0]!.resource!.match('arn:aws:s3:::b/k', ctx)).toBe('match');
  });

  it('compiles NotAction, NotResource and NotPrincipal as complements (docs/aws-authorization.md#not-action, #not-resource, #not-principal)', () => {
    const st = compile('resource', { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${A}:user/bob` }, NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' });
    expect(st.action.test('s3:getobject')).toBe(false);
    expect(st.action.test('s3:putobject')).toBe(true);
    expect(st.resource!.match('arn:aws:s3:::b/k', ctx)).toBe('no-match');
    expect(st.resource!.match('arn:aws:s3:::c/k', ctx)).toBe('match');
    expect(st.principal!.negated).toBe(true);
    expect(st.principal!.match(bob)).toBe('none');
  });

  it('substitutes policy variables only under 2012-10-17 (docs/aws-authorization.md#policy-variables)', () => {
    const resource = 'arn:aws:s3:::b/${aws:username}/*';
    const user = new MapContext().set('aws:username', { state: 'present', values: ['bob'], multi: false });
    for (const [version, expected] of [['2012-10-17', 'match'], ['2008-10-17', 'no-match']] as const) {
      const policy = parsePolicy({ Version: version, Statement: { Effect: 'Allow', Action: '*', Resource: resource } }, { kind: 'identity', name: 'p' }, new DiagnosticBag());
      expect(policy.statements[0]!.resource!.match('arn:aws:s3:::b/bob/k', user)).toBe(expected);
    }
  });

  it('leaves out the resource of statements that may omit it (docs/aws-authorization.md#policy-elements)', () => {
    expect(compile('trust', { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }).resource).toBeUndefined();
  });

  describe('an element the engine does not understand is never dropped: it matches anything, in a broken statement', () => {
    it('an unreadable Allow entry stands for everything, so the allow stays in play (its match is unknown)', () => {
      const st = compile('identity', { Effect: 'Allow', Action: ['s3 GetObject', 'sqs:SendMessage'], Resource: ['*', 'bucket'] });
      expect(st.broken).toHaveLength(2);
      expect(st.action.test('sqs:sendmessage')).toBe(true);
      expect(st.action.test('s3:getobject')).toBe(true);
      expect(st.resource!.match('arn:aws:sqs:us-east-1:1:q', ctx)).toBe('match');
    });

    it.each([['*:*'], ['s3'], ['*:GetObject'], [5]])('an Allow whose only Action is `%s` matches every action, and still only its readable Resource', (action) => {
      const st = compile('identity', { Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b/*' });
      expect(st.broken).toHaveLength(1);
      expect(st.effect).toBe('Allow');
      expect(st.action.test('s3:getobject')).toBe(true);
      expect(st.action.test('sqs:sendmessage')).toBe(true);
      expect(st.resource!.match('arn:aws:s3:::b/key', ctx)).toBe('match');
      expect(st.resource!.match('arn:aws:sqs:us-east-1:111122223333:q', ctx)).toBe('no-match');
    });

    it('an Allow whose Resource is a number matches every resource, and still only its readable Action', () => {
      const st = compile('identity', { Effect: 'Allow', Action: 's3:GetObject', Resource: 5 });
      expect(st.broken).toEqual(['`Resource` must be a string or an array of strings, not a number']);
      expect(st.resource!.match('arn:aws:sqs:us-east-1:111122223333:q', ctx)).toBe('match');
      expect(st.action.test('s3:getobject')).toBe(true);
      expect(st.action.test('s3:putobject')).toBe(false);
    });

    it('an unreadable Deny entry stands for everything, so the deny stays in play', () => {
      const st = compile('identity', { Effect: 'Deny', Action: ['s3 GetObject'], Resource: 'bucket' });
      expect(st.broken).toHaveLength(2);
      expect(st.action.test('iam:createuser')).toBe(true);
      expect(st.resource!.match('arn:aws:iam::1:user/x', ctx)).toBe('match');
    });

    it('an empty list stands for everything, in an Allow as in a Deny', () => {
      expect(compile('identity', { Effect: 'Allow', Action: [], Resource: '*' }).action.test('s3:getobject')).toBe(true);
      expect(compile('identity', { Effect: 'Deny', Action: [], Resource: '*' }).action.test('s3:getobject')).toBe(true);
    });

    it('an unreadable NotAction / NotResource entry excludes nothing', () => {
      const st = compile('identity', { Effect: 'Deny', NotAction: ['s3:GetObject', 7], NotResource: ['not-an-arn'] });
      expect(st.broken).toHaveLength(2);
      expect(st.action.test('s3:getobject')).toBe(false);
      expect(st.action.test('s3:putobject')).toBe(true);
      expect(st.resource!.match('arn:aws:s3:::anything', ctx)).toBe('match');
    });

    it('a partial-wildcard principal (docs/aws-authorization.md#condition-key-case) in an Allow stands for every caller, named directly, but is no wildcard', () => {
      const st = compile('resource', { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:user/b*`] }, Action: 's3:GetObject' });
      expect(st.broken).toHaveLength(1);
      expect(st.principal!.match(bob)).toBe('session');
      expect(st.principal!.isWildcard).toBe(false);
    });

    it('an unreadable principal stands for everyone, in a Deny as in an Allow; a bare string too', () => {
      const deny = compile('resource', { Effect: 'Deny', Principal: { User: 'bob' }, Action: 's3:GetObject' });
      expect(deny.broken).toHaveLength(1);
      expect(deny.principal!.match(bob)).toBe('session');
      const bare = compile('resource', { Effect: 'Allow', Principal: `arn:aws:iam::${A}:root`, Action: 's3:GetObject' });
      expect(bare.broken).toHaveLength(1);
      expect(bare.principal!.match(bob)).toBe('session');
    });

    it('an unreadable Effect is compiled as a broken Deny', () => {
      const st = compile('identity', { Effect: 'Permit', Action: 's3:GetObject', Resource: '*' });
      expect(st).toMatchObject({ effect: 'Deny', broken: ['invalid `Effect` `Permit`'] });
    });

    it('a statement that is not an object is a broken statement of everything', () => {
      const policy = parsePolicy({ Version: '2012-10-17', Statement: ['deny all'] }, { kind: 'resource', name: 'p' }, new DiagnosticBag());
      const st = policy.statements[0]!;
      expect(st).toMatchObject({ effect: 'Deny', raw: 'deny all', broken: ['a statement must be an object, not a string'] });
      expect(st.action.test('s3:getobject')).toBe(true);
      expect(st.principal!.match(bob)).toBe('session');
    });

    it('missing required elements match everything, in an Allow as in a Deny', () => {
      const allow = compile('identity', { Effect: 'Allow', Resource: '*' });
      const deny = compile('identity', { Effect: 'Deny', Action: '*' });
      expect(allow.action.test('s3:getobject')).toBe(true);
      expect(compile('identity', { Effect: 'Allow', Action: '*' }).resource).toBeUndefined();
      expect(deny.resource).toBeUndefined();
      expect(deny.broken).toEqual(['the statement has neither `Resource` nor `NotResource`']);
    });

    it('a condition that cannot be compiled breaks the statement', () => {
      const st = compile('identity', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'bob' } } });
      expect(st.broken).toEqual(['unknown condition operator `StringEqualz`']);
    });

    it('variables under an invalid Version break the statement', () => {
      const policy = parsePolicy({ Version: '2012-10-18', Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/${aws:username}' } }, { kind: 'identity', name: 'p' }, new DiagnosticBag());
      expect(policy.version).toBeUndefined();
      expect(policy.statements[0]!.broken).toHaveLength(1);
    });

    it.each([
      ['no Statement', { Version: '2012-10-17' }, 'the policy has no `Statement`'],
      ['a Statement of the wrong type', { Version: '2012-10-17', Statement: 5 }, '`Statement` must be an object or an array of objects, not a number'],
    ])('a document with %s is unusable', (_, doc, reason) => {
      const policy = parsePolicy(doc, { kind: 'resource', name: 'p' }, new DiagnosticBag());
      expect(policy).toMatchObject({ statements: [], unusable: reason });
    });
  });

  /** Heap growth while compiling 100,000 statements (garbage included: an upper bound). */
  function heapGrowth(statement: (i: number) => Record<string, unknown>): number {
    const doc = { Version: '2012-10-17', Statement: Array.from({ length: 100_000 }, (_, i) => statement(i)) };
    const before = process.memoryUsage().heapUsed;
    const policy = parsePolicy(doc, { kind: 'identity', name: 'big', source: { file: 'big.json', pointer: '' } }, new DiagnosticBag());
    const grown = process.memoryUsage().heapUsed - before;
    expect(policy.statements).toHaveLength(100_000);
    return grown;
  }

  it('adds little of its own to each statement: the statement itself is kept, not copied', () => {
    const grown = heapGrowth((i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }));
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  });

  it('compiles 100,000 statements with distinct resources and conditions in under 500 MB', () => {
    const grown = heapGrowth((i) => ({
      Sid: `S${i}`,
      Effect: i % 2 ? 'Allow' : 'Deny',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `arn:aws:s3:::bucket-${i}/*`,
      ...(i % 4 === 0 ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': `o-${i}` } } } : {}),
    }));
    expect(grown).toBeLessThan(500 * 1024 * 1024);
  });
});
