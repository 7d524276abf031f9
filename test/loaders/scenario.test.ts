import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/loaders/scenario/load-scenario-file.js';
import type { LoadedScenario } from '../../src/loaders/scenario/scenario-types.js';
import type { Policy } from '../../src/core/policy/policy-types.js';
import { isUncollected, type Account, type OrgNode, type Role } from '../../src/core/model/estate.js';

const HEAD = 'trustmap: scenario/v1\n';
const ALLOW_ALL = '{ Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "*", Resource: "*" } ] }';
const ACCOUNT_MAY_USE = '{ Version: "2012-10-17", Statement: [ { Effect: Allow, Principal: { AWS: "111111111111" }, Action: "*", Resource: "*" } ] }';

function load(body: string, file = 'case.yaml'): LoadedScenario {
  return loadScenarioText(body, file);
}

function account(loaded: LoadedScenario, id: string): Account {
  const found = loaded.estate.accounts.get(id);
  if (!found) throw new Error(`no account ${id}`);
  return found;
}

function role(loaded: LoadedScenario, accountId: string, name: string): Role {
  const found = account(loaded, accountId).roles.get(name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
}

function node(loaded: LoadedScenario, id: string): OrgNode {
  const found = loaded.estate.organization?.nodes.get(id);
  if (!found) throw new Error(`no org node ${id}`);
  return found;
}

function scps(n: OrgNode): readonly Policy[] {
  if (isUncollected(n.scps)) throw new Error('uncollected');
  return n.scps;
}

interface BadCase {
  readonly rule: string;
  readonly name: string;
  readonly text: string;
  readonly file?: string;
  readonly code: string;
  readonly severity?: 'error' | 'warning';
  readonly pointer: string;
  readonly line: number;
  readonly unusable?: boolean;
}

const BAD_INPUTS: readonly BadCase[] = [
  {
    rule: 'scenario-format.md: first key `trustmap: scenario/v1`',
    name: 'missing format key',
    text: 'accounts: {}\n',
    code: 'scenario/unknown-format',
    pointer: '',
    line: 1,
    unusable: true,
  },
  {
    rule: 'scenario-format.md: first key `trustmap: scenario/v1`',
    name: 'another format version',
    text: 'name: x\ntrustmap: scenario/v2\n',
    code: 'scenario/unknown-format',
    pointer: '/trustmap',
    line: 2,
    unusable: true,
  },
  {
    rule: 'scenario-format.md: first key `trustmap: scenario/v1`',
    name: 'a list instead of a mapping',
    text: '- trustmap: scenario/v1\n',
    code: 'scenario/unknown-format',
    pointer: '',
    line: 1,
    unusable: true,
  },
  {
    rule: 'YAML syntax errors make the file unusable, with their line',
    name: 'unclosed flow sequence',
    text: `${HEAD}accounts:\n  "111111111111":\n    roles: [ { name: a }\n`,
    code: 'yaml/parse-error',
    pointer: '',
    line: 5,
    unusable: true,
  },
  {
    rule: 'YAML syntax errors make the file unusable, with their line',
    name: 'duplicate key',
    text: `${HEAD}name: a\nname: b\n`,
    code: 'yaml/parse-error',
    pointer: '',
    line: 3,
    unusable: true,
  },
  {
    rule: 'JSON syntax errors make the file unusable, with their line',
    name: 'JSON trailing comma',
    file: 'case.json',
    text: '{\n  "trustmap": "scenario/v1",\n  "accounts": {},\n}\n',
    code: 'json/parse-error',
    pointer: '',
    line: 4,
    unusable: true,
  },
  {
    rule: 'scenario-format.md: an unquoted 012345678901 is a number and loses its leading zero',
    name: 'account key written as a number',
    text: `${HEAD}accounts:\n  012345678901:\n    name: x\n`,
    code: 'scenario/account-id-not-string',
    pointer: '/accounts/12345678901',
    line: 3,
  },
  {
    rule: 'scenario-format.md: account ids are strings',
    name: 'bucket account written as a number',
    text: `${HEAD}resources:\n  - arn: arn:aws:s3:::b\n    account: 012345678901\n`,
    code: 'scenario/account-id-not-string',
    pointer: '/resources/0/account',
    line: 4,
  },
  {
    rule: 'scenario-format.md: account ids are strings',
    name: 'organization account id written as a number',
    text: `${HEAD}organization:\n  id: o-1\n  managementAccount: "111111111111"\n  root: { id: r-1 }\n  accounts:\n    - { id: 022222222222, parent: r-1 }\n`,
    code: 'scenario/account-id-not-string',
    pointer: '/organization/accounts/0/id',
    line: 7,
  },
  {
    rule: 'scenario-format.md: account ids are strings',
    name: 'account-valued context key written as a number',
    text: `${HEAD}requests:\n  - principal: anonymous\n    action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n    context: { "aws:SourceAccount": 012345678901 }\n`,
    code: 'scenario/account-id-not-string',
    pointer: '/requests/0/context/aws:SourceAccount',
    line: 6,
  },
  {
    rule: 'scenario-format.md: a field the format does not define is an error',
    name: 'unknown role field',
    text: `${HEAD}accounts:\n  "111111111111":\n    roles:\n      - name: a\n        trustpolicy: {}\n`,
    code: 'scenario/unknown-field',
    pointer: '/accounts/111111111111/roles/0/trustpolicy',
    line: 6,
  },
  {
    rule: 'scenario-format.md: a field the format does not define is an error',
    name: 'unknown top-level field',
    text: `${HEAD}acounts: {}\n`,
    code: 'scenario/unknown-field',
    pointer: '/acounts',
    line: 2,
  },
  {
    rule: 'scenario-format.md: a string is a name from `policies`',
    name: 'unknown policy name',
    text: `${HEAD}accounts:\n  "111111111111":\n    users:\n      - name: alice\n        policies: [ReadLogs]\n`,
    code: 'scenario/unknown-policy',
    pointer: '/accounts/111111111111/users/0/policies/0',
    line: 6,
  },
  {
    rule: 'scenario-format.md: `scps: []` attaches nothing; AWS refuses that state, so the loader warns (docs/aws-authorization.md#scp-does-not-grant)',
    name: 'empty SCP level',
    text: `${HEAD}organization:\n  id: o-1\n  managementAccount: "111111111111"\n  root: { id: r-1, scps: [] }\n`,
    code: 'scenario/scp-level-empty',
    severity: 'warning',
    pointer: '/organization/root/scps',
    line: 5,
  },
  {
    rule: 'scenario-format.md: `account` is required for S3 buckets (bucket ARNs carry no account)',
    name: 'bucket without account',
    text: `${HEAD}resources:\n  - arn: arn:aws:s3:::logs\n    region: us-east-1\n`,
    code: 'scenario/bucket-account-missing',
    pointer: '/resources/0/account',
    line: 3,
  },
  {
    rule: 'scenario-format.md: an object entry takes its account from its bucket entry',
    name: 'object without its bucket',
    text: `${HEAD}resources:\n  - arn: arn:aws:s3:::logs/a.txt\n`,
    code: 'scenario/object-bucket-missing',
    pointer: '/resources/0/arn',
    line: 3,
  },
  {
    rule: 'scenario-format.md: the account of a resource comes from its ARN',
    name: 'account disagreeing with the ARN',
    text: `${HEAD}resources:\n  - arn: arn:aws:sqs:us-east-1:111111111111:q\n    account: "222222222222"\n`,
    code: 'scenario/account-mismatch',
    pointer: '/resources/0/account',
    line: 4,
  },
  {
    rule: 'scenario-format.md: account ids are 12-digit strings',
    name: 'short account id string',
    text: `${HEAD}accounts:\n  "1234":\n    name: x\n`,
    code: 'scenario/invalid-account-id',
    pointer: '/accounts/1234',
    line: 3,
  },
  {
    rule: 'scenario-format.md: requests name a principal, an action and a resource',
    name: 'request without action',
    text: `${HEAD}requests:\n  - principal: anonymous\n    resource: arn:aws:s3:::b/k\n`,
    code: 'scenario/missing-field',
    pointer: '/requests/0/action',
    line: 3,
  },
  {
    rule: 'scenario-format.md: expect is Allow | ExplicitDeny | ImplicitDeny | Conditional | Unknown',
    name: 'unknown expected decision',
    text: `${HEAD}requests:\n  - principal: anonymous\n    action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n    expect: Deny\n`,
    code: 'scenario/invalid-value',
    pointer: '/requests/0/expect',
    line: 6,
  },
  {
    rule: 'scenario-format.md: an account lists exactly its principals; an unlisted principal is an error',
    name: 'request by an unlisted role',
    text: `${HEAD}accounts:\n  "111111111111": { roles: [ { name: a } ] }\nrequests:\n  - principal: arn:aws:sts::111111111111:assumed-role/b/s\n    action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n`,
    code: 'scenario/unknown-principal',
    pointer: '/requests/0/principal',
    line: 5,
  },
  {
    rule: 'scenario-format.md: S3 objectOwnership is one of the three AWS settings',
    name: 'unknown object ownership',
    text: `${HEAD}resources:\n  - arn: arn:aws:s3:::b\n    account: "111111111111"\n    s3:\n      objectOwnership: BucketOwner\n`,
    code: 'scenario/invalid-value',
    pointer: '/resources/0/s3/objectOwnership',
    line: 6,
  },
  {
    rule: 'scenario-format.md: tags are strings',
    name: 'tag value that is not a string',
    text: `${HEAD}accounts:\n  "111111111111":\n    roles:\n      - name: a\n        tags: { env: [dev] }\n`,
    code: 'scenario/invalid-type',
    pointer: '/accounts/111111111111/roles/0/tags/env',
    line: 6,
  },
  {
    rule: 'docs/aws-authorization.md#scp-does-not-grant: every level of the SCP chain has a parent up to the root',
    name: 'OU with an unknown parent',
    text: `${HEAD}organization:\n  id: o-1\n  managementAccount: "111111111111"\n  root: { id: r-1 }\n  ous:\n    - { id: ou-1, name: W, parent: r-2 }\n`,
    code: 'scenario/unknown-org-parent',
    pointer: '/organization/ous/0/parent',
    line: 7,
  },
  {
    rule: 'scenario-format.md: users are members of groups of their account',
    name: 'user in an unknown group',
    text: `${HEAD}accounts:\n  "111111111111":\n    users:\n      - { name: alice, groups: [admins] }\n`,
    code: 'scenario/unknown-group',
    pointer: '/accounts/111111111111/users/0/groups/0',
    line: 5,
  },
];

describe('scenario loader: bad inputs become diagnostics at their pointer and line', () => {
  it.each(BAD_INPUTS)('$name → $code ($rule)', (c) => {
    const loaded = load(c.text, c.file);
    const found = loaded.diagnostics.find((d) => d.code === c.code);
    expect(found, JSON.stringify(loaded.diagnostics, null, 2)).toBeDefined();
    expect(found?.severity).toBe(c.severity ?? 'error');
    expect(found?.source?.pointer).toBe(c.pointer);
    expect(found?.source?.line).toBe(c.line);
    expect(found?.source?.file).toBe(c.file ?? 'case.yaml');
    expect(found?.message).toMatch(/^[^A-Z].*[^.]$/);
    expect(loaded.unusable === true).toBe(c.unusable === true);
  });

  it('an empty file is unusable', () => {
    const loaded = loadScenarioText('', 'empty.yaml');
    expect(loaded.unusable).toBe(true);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['scenario/unknown-format']);
  });

  it('loading continues past a bad role: the next role and the other accounts still load', () => {
    const loaded = load(
      `${HEAD}accounts:\n  "111111111111":\n    roles:\n      - path: /x/\n      - name: good\n  "222222222222":\n    name: other\n`,
    );
    expect(loaded.diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([['scenario/missing-field', '/accounts/111111111111/roles/0/name']]);
    expect([...account(loaded, '111111111111').roles.keys()]).toEqual(['good']);
    expect(account(loaded, '222222222222').name).toBe('other');
  });

  it('a 12-digit unquoted account id is reported as a warning and kept (no digit was lost)', () => {
    const loaded = load(`${HEAD}accounts:\n  111111111111:\n    name: x\n`);
    expect(loaded.diagnostics.map((d) => [d.code, d.severity])).toEqual([['scenario/account-id-not-string', 'warning']]);
    expect(account(loaded, '111111111111').name).toBe('x');
  });

  it('an account id that lost its leading zero is not silently repaired', () => {
    const loaded = load(`${HEAD}accounts:\n  012345678901:\n    name: x\n`);
    expect(loaded.estate.accounts.size).toBe(0);
    expect(loaded.diagnostics[0]?.help).toContain('"012345678901"');
  });
});

const ACCOUNT = `${HEAD}accounts:\n  "111111111111":\n`;
const ORG = `${HEAD}organization:\n  id: o-1\n  managementAccount: "111111111111"\n`;
const BUCKET = '  - { arn: "arn:aws:s3:::b", account: "111111111111"';
const REQUEST = '  - { principal: anonymous, action: "s3:GetObject", resource: "arn:aws:s3:::b/k"';

/** One misspelt or made-up field in each kind of mapping the format defines: [mapping, text, pointer, help]. */
const UNKNOWN_FIELDS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['top level', `${HEAD}polices: {}\n`, '/polices', 'did you mean `policies`?'],
  ['organization', `${ORG}  root: { id: r-1 }\n  ou: []\n`, '/organization/ou', 'did you mean `ous`?'],
  ['organization root', `${ORG}  root: { id: r-1, scp: [] }\n`, '/organization/root/scp', 'did you mean `scps`?'],
  ['OU', `${ORG}  root: { id: r-1 }\n  ous:\n    - { id: ou-1, parent: r-1, rcp: [] }\n`, '/organization/ous/0/rcp', 'did you mean `rcps`?'],
  ['organization account', `${ORG}  root: { id: r-1 }\n  accounts:\n    - { id: "111111111111", parnet: r-1 }\n`, '/organization/accounts/0/parnet', 'did you mean `parent`?'],
  ['account', `${ACCOUNT}    role: []\n`, '/accounts/111111111111/role', 'did you mean `roles`?'],
  ['account with an unusable id', `${HEAD}accounts:\n  "1234":\n    usres: []\n`, '/accounts/1234/usres', 'did you mean `users`?'],
  ['role', `${ACCOUNT}    roles:\n      - { name: r, trust: {} }\n`, '/accounts/111111111111/roles/0/trust', 'the fields of a role are `name`, `path`, `id`, `trustPolicy`, `policies`, `boundary`, `tags`, `lastUsed`, `sourceVpce`'],
  ['role without a name', `${ACCOUNT}    roles:\n      - { nmae: r }\n`, '/accounts/111111111111/roles/0/nmae', 'did you mean `name`?'],
  ['user', `${ACCOUNT}    users:\n      - { name: u, polices: [] }\n`, '/accounts/111111111111/users/0/polices', 'did you mean `policies`?'],
  ['group', `${ACCOUNT}    groups:\n      - { name: g, policy: [] }\n`, '/accounts/111111111111/groups/0/policy', 'the fields of a group are `name`, `path`, `policies`'],
  ['access key', `${ACCOUNT}    users:\n      - { name: u, accessKeys: [ { id: AKIA1, Status: Active } ] }\n`, '/accounts/111111111111/users/0/accessKeys/0/Status', 'did you mean `status`?'],
  ['identity provider', `${ACCOUNT}    identityProviders:\n      - { arn: "arn:aws:iam::111111111111:saml-provider/x", kind: saml }\n`, '/accounts/111111111111/identityProviders/0/kind', 'the fields of an identity provider are `arn`'],
  ['trail', `${ACCOUNT}    trails:\n      - { arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/t", organisation: true }\n`, '/accounts/111111111111/trails/0/organisation', 'did you mean `organization`?'],
  ['account Block Public Access', `${ACCOUNT}    s3BlockPublicAccess: { BlockPublicAcl: true }\n`, '/accounts/111111111111/s3BlockPublicAccess/BlockPublicAcl', 'did you mean `BlockPublicAcls`?'],
  ['bucket', `${HEAD}resources:\n${BUCKET}, polcy: {} }\n`, '/resources/0/polcy', 'did you mean `policy`?'],
  ['object', `${HEAD}resources:\n${BUCKET} }\n  - { arn: "arn:aws:s3:::b/k", policy: {} }\n`, '/resources/1/policy', 'the fields of a resource of type object are `arn`, `owner`, `acl`, `kmsKeyArn`'],
  ['queue', `${HEAD}resources:\n  - { arn: "arn:aws:sqs:us-east-1:111111111111:q", kmsKeyId: k }\n`, '/resources/0/kmsKeyId', 'the fields of a resource of type queue are `arn`, `account`, `policy`, `tags`, `kmsKeyArn`'],
  ['KMS key', `${HEAD}resources:\n  - { arn: "arn:aws:kms:us-east-1:111111111111:key/k", grant: [] }\n`, '/resources/0/grant', 'did you mean `grants`?'],
  ['function', `${HEAD}resources:\n  - { arn: "arn:aws:lambda:us-east-1:111111111111:function:f", tag: {} }\n`, '/resources/0/tag', 'did you mean `tags`?'],
  ['resource without an arn', `${HEAD}resources:\n  - { ARN: "arn:aws:s3:::b" }\n`, '/resources/0/ARN', 'did you mean `arn`?'],
  ['resource with an unusable arn', `${HEAD}resources:\n  - { arn: b, acount: "111111111111" }\n`, '/resources/0/acount', 'did you mean `account`?'],
  ['bucket `s3` facts', `${HEAD}resources:\n${BUCKET}, s3: { objectOwnershp: ObjectWriter } }\n`, '/resources/0/s3/objectOwnershp', 'did you mean `objectOwnership`?'],
  ['bucket Block Public Access', `${HEAD}resources:\n${BUCKET}, s3: { blockPublicAccess: { RestrictPublicBucket: true } } }\n`, '/resources/0/s3/blockPublicAccess/RestrictPublicBucket', 'did you mean `RestrictPublicBuckets`?'],
  ['default encryption', `${HEAD}resources:\n${BUCKET}, s3: { defaultEncryption: { kmsKeyId: k } } }\n`, '/resources/0/s3/defaultEncryption/kmsKeyId', 'the fields of `defaultEncryption` are `kmsKeyArn`'],
  ['bucket ACL', `${HEAD}resources:\n${BUCKET}, s3: { acl: { owner: "111111111111", grant: [] } } }\n`, '/resources/0/s3/acl/grant', 'did you mean `grants`?'],
  ['ACL grant', `${HEAD}resources:\n${BUCKET}, s3: { acl: { grants: [ { grantee: AllUsers, permision: READ } ] } } }\n`, '/resources/0/s3/acl/grants/0/permision', 'did you mean `permission`?'],
  ['object ACL', `${HEAD}resources:\n${BUCKET} }\n  - { arn: "arn:aws:s3:::b/k", acl: { ownr: "111111111111" } }\n`, '/resources/1/acl/ownr', 'did you mean `owner`?'],
  ['KMS grant', `${HEAD}resources:\n  - arn: "arn:aws:kms:us-east-1:111111111111:key/k"\n    grants: [ { granteePrincipal: "arn:aws:iam::111111111111:root", operation: [Decrypt] } ]\n`, '/resources/0/grants/0/operation', 'did you mean `operations`?'],
  ['KMS key state', `${HEAD}resources:\n  - { arn: "arn:aws:kms:us-east-1:111111111111:key/k", keystate: Disabled }\n`, '/resources/0/keystate', 'did you mean `keyState`?'],
  ['KMS grant constraints', `${HEAD}resources:\n  - arn: "arn:aws:kms:us-east-1:111111111111:key/k"\n    grants: [ { granteePrincipal: "arn:aws:iam::111111111111:root", operations: [Decrypt], constraints: { encryptionContextEqual: {} } } ]\n`, '/resources/0/grants/0/constraints/encryptionContextEqual', 'did you mean `encryptionContextEquals`?'],
  ['request', `${HEAD}requests:\n${REQUEST}, expected: Allow }\n`, '/requests/0/expected', 'did you mean `expect`?'],
  ['implied action', `${HEAD}requests:\n${REQUEST}, impliedActions: [ { action: "kms:Decrypt", resouce: "*" } ] }\n`, '/requests/0/impliedActions/0/resouce', 'did you mean `resource`?'],
];

describe('scenario loader: KMS key state (scenario-format.md, docs/aws-authorization.md#kms-key-state)', () => {
  const KEY = 'arn:aws:kms:us-east-1:111111111111:key/k';
  it('reads a documented state, and leaves a key without one not known', () => {
    const loaded = load(`${HEAD}resources:\n  - { arn: "${KEY}", keyState: PendingDeletion }\n  - { arn: "${KEY}2" }\n`);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.estate.resources.get(KEY)?.kms?.keyState).toBe('PendingDeletion');
    expect(loaded.estate.resources.get(`${KEY}2`)?.kms).not.toHaveProperty('keyState');
  });

  it('reports a state AWS does not have, with a did-you-mean, and keeps the key without one', () => {
    const loaded = load(`${HEAD}resources:\n  - { arn: "${KEY}", keyState: disabeld }\n`);
    expect(loaded.diagnostics.map((d) => [d.code, d.severity, d.source?.pointer, d.help])).toEqual([['scenario/invalid-value', 'error', '/resources/0/keyState', 'did you mean `Disabled`?']]);
    expect(loaded.estate.resources.get(KEY)?.kms).not.toHaveProperty('keyState');
  });

  it('lists the states where nothing is close', () => {
    const loaded = load(`${HEAD}resources:\n  - { arn: "${KEY}", keyState: Gone }\n`);
    expect(loaded.diagnostics[0]?.help).toBe('use one of `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, `PendingReplicaDeletion`, `Creating`, `Updating`');
  });
});

describe('scenario loader: a field the format does not define is an error, with a did-you-mean (scenario-format.md)', () => {
  it.each(UNKNOWN_FIELDS)('in %s', (_mapping, text, pointer, help) => {
    const loaded = load(text);
    const unknown = loaded.diagnostics.filter((d) => d.code === 'scenario/unknown-field');
    expect(unknown.map((d) => [d.severity, d.source?.pointer, d.help]), JSON.stringify(loaded.diagnostics, null, 2)).toEqual([['error', pointer, help]]);
  });

  it('`expected:` on a request is an error that points at `expect`', () => {
    const loaded = load(`${HEAD}requests:\n  - principal: anonymous\n    action: s3:GetObject\n    resource: arn:aws:s3:::b/k\n    expected: Allow\n`);
    const found = loaded.diagnostics.find((d) => d.code === 'scenario/unknown-field');
    expect(found).toMatchObject({ severity: 'error', message: 'unknown field `expected` in a request', help: 'did you mean `expect`?' });
    expect(found?.source).toMatchObject({ pointer: '/requests/0/expected', line: 6 });
  });

  it('`polices:` on a user is an error that points at `policies`', () => {
    const loaded = load(`${HEAD}accounts:\n  "111111111111":\n    users:\n      - name: alice\n        polices: [ReadLogs]\n`);
    expect(loaded.diagnostics.map((d) => [d.code, d.severity, d.source?.pointer, d.source?.line, d.help])).toEqual([
      ['scenario/unknown-field', 'error', '/accounts/111111111111/users/0/polices', 6, 'did you mean `policies`?'],
    ]);
  });

  it('a field that is near no defined one lists the fields of its mapping', () => {
    const loaded = load(`${HEAD}requests:\n${REQUEST}, completelyDifferent: 1 }\n`);
    expect(loaded.diagnostics.find((d) => d.code === 'scenario/unknown-field')?.help).toBe(
      'the fields of a request are `name`, `principal`, `action`, `resource`, `context`, `sessionPolicy`, `sessionTags`, `sessionIssuer`, `impliedActions`, `expect`, `expectResidual`, `expectDecidedBy`, `expectSide`, `expectAssumptions`, `rule`, `source`',
    );
  });

  it('mappings whose keys are the user\'s own are not checked: policy names, account ids, tags, context, session tags, encryption context, policy documents', () => {
    const loaded = load(
      `${HEAD}policies:\n  AnyName: ${ALLOW_ALL}\n` +
        `contextDefaults: { "aws:SecureTransport": "true", "my:Key": x }\n` +
        `accounts:\n  "111111111111":\n    roles:\n      - { name: r, policies: [AnyName], tags: { polices: x, expected: y } }\n` +
        `resources:\n  - arn: "arn:aws:kms:us-east-1:111111111111:key/k"\n    tags: { Team: x }\n` +
        `    policy: { Version: "2012-10-17", Statement: [ { Effect: Allow, Principal: { AWS: "111111111111" }, Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/expected": x } } } ] }\n` +
        `    grants: [ { granteePrincipal: "arn:aws:iam::111111111111:root", operations: [Decrypt], constraints: { encryptionContextEquals: { expected: x } } } ]\n` +
        `requests:\n${REQUEST}, context: { "aws:SourceIp": 10.0.0.1, expected: x }, sessionTags: { polices: x } }\n`,
    );
    expect(loaded.diagnostics.filter((d) => d.code === 'scenario/unknown-field')).toEqual([]);
  });
});

describe('scenario loader: good inputs become the estate model', () => {
  it('roles: ARN with path, service-linked, trust, inline and named policies, boundary, tags', () => {
    const loaded = load(`${HEAD}policies:
  ReadLogs: ${ALLOW_ALL}
accounts:
  "111111111111":
    name: ci
    roles:
      - name: ci-runner
        id: AROAEXAMPLEID1234567
        trustPolicy: { Version: "2012-10-17", Statement: [ { Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: sts:AssumeRole } ] }
        policies: [ ${ALLOW_ALL}, ReadLogs ]
        boundary: ReadLogs
        tags: { team: platform }
      - name: AWSServiceRoleForSupport
        path: /aws-service-role/support.amazonaws.com/
`);
    expect(loaded.diagnostics).toEqual([]);
    const ci = account(loaded, '111111111111');
    expect(ci.iamCollected).toBe(true);
    expect(ci.name).toBe('ci');
    const runner = role(loaded, '111111111111', 'ci-runner');
    expect(runner.arn).toBe('arn:aws:iam::111111111111:role/ci-runner');
    expect(runner.path).toBe('/');
    expect(runner.id).toBe('AROAEXAMPLEID1234567');
    expect(runner.isServiceLinked).toBe(false);
    expect(runner.tags).toEqual({ team: 'platform' });
    expect(runner.trustPolicy?.kind).toBe('trust');
    expect(runner.trustPolicy?.name).toBe('arn:aws:iam::111111111111:role/ci-runner#trust');
    expect(runner.policies.map((p) => [p.name, p.kind])).toEqual([
      ['arn:aws:iam::111111111111:role/ci-runner#inline-0', 'identity'],
      ['ReadLogs', 'identity'],
    ]);
    expect(runner.boundary && !isUncollected(runner.boundary) ? runner.boundary.kind : undefined).toBe('boundary');
    const linked = role(loaded, '111111111111', 'AWSServiceRoleForSupport');
    expect(linked.arn).toBe('arn:aws:iam::111111111111:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport');
    expect(linked.isServiceLinked).toBe(true);
  });

  it('users, groups, access keys, identity providers, trails and account Block Public Access', () => {
    const loaded = load(`${HEAD}accounts:
  "111111111111":
    s3BlockPublicAccess: { RestrictPublicBuckets: true }
    identityProviders:
      - { arn: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }
      - { arn: "arn:aws:iam::111111111111:saml-provider/okta" }
    trails:
      - { arn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org", bucket: logs, organization: true }
    groups:
      - { name: admins, policies: [ ${ALLOW_ALL} ] }
    users:
      - name: alice
        groups: [admins]
        accessKeys: [ { id: AKIAEXAMPLE, status: Inactive }, { id: AKIAOTHER } ]
`);
    expect(loaded.diagnostics).toEqual([]);
    const acct = account(loaded, '111111111111');
    expect(acct.s3BlockPublicAccess).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true });
    expect(acct.identityProviders).toEqual([
      { arn: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com', kind: 'oidc' },
      { arn: 'arn:aws:iam::111111111111:saml-provider/okta', kind: 'saml' },
    ]);
    expect(acct.trails).toEqual([{ arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org', bucket: 'logs', organization: true }]);
    expect(acct.groups.get('admins')?.arn).toBe('arn:aws:iam::111111111111:group/admins');
    expect(acct.groups.get('admins')?.policies[0]?.name).toBe('arn:aws:iam::111111111111:group/admins#inline-0');
    const alice = acct.users.get('alice');
    expect(alice?.arn).toBe('arn:aws:iam::111111111111:user/alice');
    expect(alice?.groups).toEqual(['admins']);
    expect(alice?.accessKeys).toEqual([
      { id: 'AKIAEXAMPLE', status: 'Inactive' },
      { id: 'AKIAOTHER', status: 'Active' },
    ]);
  });

  it('an omitted s3BlockPublicAccess stays undefined (recorded as none, all false)', () => {
    const loaded = load(`${HEAD}accounts:\n  "111111111111": {}\n`);
    expect(account(loaded, '111111111111').s3BlockPublicAccess).toBeUndefined();
  });

  it('docs/aws-authorization.md#scp-does-not-grant: an omitted `scps` attaches FullAWSAccess; listed SCPs replace it; RCPs list only customer ones', () => {
    const loaded = load(`${HEAD}policies:
  DenyLeave: { Version: "2012-10-17", Statement: [ { Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" } ] }
  DenyExternal: { Version: "2012-10-17", Statement: [ { Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*" } ] }
organization:
  id: o-a1b2c3d4e5
  managementAccount: "111111111111"
  root: { id: r-ab12, rcps: [DenyExternal] }
  ous:
    - { id: ou-ab12-workloads, name: Workloads, parent: r-ab12, scps: [FullAWSAccess, DenyLeave] }
  accounts:
    - { id: "111111111111", parent: r-ab12 }
    - { id: "222222222222", parent: ou-ab12-workloads }
accounts:
  "222222222222": { name: app-prod }
`);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.estate.organizationStatus).toBe('collected');
    const org = loaded.estate.organization;
    expect(org?.id).toBe('o-a1b2c3d4e5');
    expect(org?.managementAccountId).toBe('111111111111');
    expect(org?.rootId).toBe('r-ab12');
    expect(org?.scpsEnabled).toBe(true);
    expect(org?.rcpsEnabled).toBe(true);
    const root = node(loaded, 'r-ab12');
    expect(root.kind).toBe('root');
    expect(root.parentId).toBeUndefined();
    expect(scps(root).map((p) => p.name)).toEqual(['FullAWSAccess']);
    expect(scps(root)[0]?.document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(scps(root)[0]?.statements).toHaveLength(1);
    expect(isUncollected(root.rcps) ? [] : root.rcps.map((p) => [p.name, p.kind])).toEqual([['rcp:DenyExternal@r-ab12', 'rcp']]);
    const ou = node(loaded, 'ou-ab12-workloads');
    expect([ou.kind, ou.name, ou.parentId]).toEqual(['ou', 'Workloads', 'r-ab12']);
    expect(scps(ou).map((p) => [p.name, p.kind])).toEqual([
      ['scp:FullAWSAccess@ou-ab12-workloads', 'scp'],
      ['scp:DenyLeave@ou-ab12-workloads', 'scp'],
    ]);
    const app = node(loaded, '222222222222');
    expect([app.kind, app.name, app.parentId]).toEqual(['account', 'app-prod', 'ou-ab12-workloads']);
    expect(scps(app).map((p) => p.name)).toEqual(['FullAWSAccess']);
    expect(app.rcps).toEqual([]);
  });

  it('docs/aws-authorization.md#scp-does-not-grant: `scps: []` attaches nothing', () => {
    const loaded = load(`${HEAD}organization:\n  id: o-1\n  managementAccount: "111111111111"\n  root: { id: r-1, scps: [] }\n`);
    expect(scps(node(loaded, 'r-1'))).toEqual([]);
  });

  it('an organization too broken to load (no root) counts as not collected, never as none', () => {
    const loaded = load(`${HEAD}organization:\n  id: o-1\n  managementAccount: "111111111111"\n`);
    expect(loaded.diagnostics.map((d) => [d.code, d.source?.pointer])).toEqual([['scenario/missing-field', '/organization/root']]);
    expect(loaded.estate.organizationStatus).toBe('not-collected');
  });

  it('without `organization` the estate belongs to no organization', () => {
    const loaded = load(`${HEAD}accounts:\n  "111111111111": {}\n`);
    expect(loaded.estate.organizationStatus).toBe('none');
    expect(loaded.estate.organization).toBeUndefined();
  });

  it('resources: types from the ARN, accounts, policies, S3 facts, objects, keys', () => {
    const loaded = load(`${HEAD}resources:
  - arn: arn:aws:s3:::app-artifacts
    account: "222222222222"
    region: us-east-1
    policy: ${ACCOUNT_MAY_USE}
    s3:
      blockPublicAccess: { BlockPublicAcls: true }
      acl: { grants: [ { grantee: AllUsers, permission: READ } ] }
      defaultEncryption: { kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k1" }
  - arn: arn:aws:s3:::app-artifacts/builds/app.zip
    owner: "333333333333"
    kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k2"
  - arn: arn:aws:sqs:us-east-1:222222222222:orders
    policy: null
    kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/k1"
    tags: { env: prod }
  - arn: arn:aws:sns:us-east-1:222222222222:events
  - arn: arn:aws:lambda:us-east-1:222222222222:function:handler
  - arn: arn:aws:secretsmanager:us-east-1:222222222222:secret:db-AbCdEf
  - arn: arn:aws:kms:us-east-1:222222222222:key/k1
    policy: ${ACCOUNT_MAY_USE}
    keyManager: AWS
    grants: [ { granteePrincipal: "arn:aws:iam::111111111111:role/r", operations: [Decrypt], constraints: { encryptionContextSubset: { app: x } } } ]
  - arn: arn:aws:dynamodb:us-east-1:222222222222:table/t
`);
    expect(loaded.diagnostics).toEqual([]);
    const r = (arn: string) => {
      const found = loaded.estate.resources.get(arn);
      if (!found) throw new Error(`no resource ${arn}`);
      return found;
    };
    const bucket = r('arn:aws:s3:::app-artifacts');
    expect([bucket.type, bucket.service, bucket.accountId, bucket.region]).toEqual(['bucket', 's3', '222222222222', 'us-east-1']);
    expect(bucket.policy && !isUncollected(bucket.policy) ? [bucket.policy.name, bucket.policy.kind] : null).toEqual(['arn:aws:s3:::app-artifacts#policy', 'resource']);
    expect(bucket.tags).toEqual({});
    expect(bucket.s3).toEqual({
      objectOwnership: 'BucketOwnerEnforced',
      blockPublicAccess: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      acl: { owner: '222222222222', grants: [{ grantee: 'AllUsers', permission: 'READ' }] },
      defaultKmsKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/k1',
    });
    const object = r('arn:aws:s3:::app-artifacts/builds/app.zip');
    expect([object.type, object.accountId, object.region, object.policy, object.kmsKeyArn]).toEqual(['object', '222222222222', 'us-east-1', null, 'arn:aws:kms:us-east-1:222222222222:key/k2']);
    expect(object.object).toEqual({ owner: '333333333333' });
    const queue = r('arn:aws:sqs:us-east-1:222222222222:orders');
    expect([queue.type, queue.accountId, queue.region, queue.policy, queue.kmsKeyArn, queue.tags]).toEqual(['queue', '222222222222', 'us-east-1', null, 'arn:aws:kms:us-east-1:222222222222:key/k1', { env: 'prod' }]);
    expect(r('arn:aws:sns:us-east-1:222222222222:events').type).toBe('topic');
    expect(r('arn:aws:lambda:us-east-1:222222222222:function:handler').type).toBe('function');
    expect(r('arn:aws:secretsmanager:us-east-1:222222222222:secret:db-AbCdEf').type).toBe('secret');
    const key = r('arn:aws:kms:us-east-1:222222222222:key/k1');
    expect(key.type).toBe('key');
    expect(key.policy && !isUncollected(key.policy) ? key.policy.kind : null).toBe('key');
    expect(key.kms).toEqual({
      keyManager: 'AWS',
      grants: [{ granteePrincipal: 'arn:aws:iam::111111111111:role/r', operations: ['Decrypt'], constraints: { encryptionContextSubset: { app: 'x' } } }],
    });
    expect(r('arn:aws:dynamodb:us-east-1:222222222222:table/t').type).toBe('other');
  });

  it('requests: context over contextDefaults (request wins, keys case-insensitive), null = absent, lists, session fields, name default', () => {
    const loaded = load(`${HEAD}contextDefaults:
  "aws:SecureTransport": "true"
  "aws:RequestedRegion": us-east-1
requests:
  - principal: arn:aws:iam::111111111111:root
    action: sts:AssumeRole
    resource: arn:aws:iam::222222222222:role/deploy
    context: { "AWS:securetransport": false, "sts:ExternalId": null, "aws:CalledVia": [a, b], "aws:MultiFactorAuthAge": 300 }
    sessionPolicy: ${ALLOW_ALL}
    sessionTags: { env: dev }
    sessionIssuer: arn:aws:iam::111111111111:user/bob
    impliedActions:
      - { action: kms:Decrypt, resource: "arn:aws:kms:us-east-1:222222222222:key/k", context: { "kms:ViaService": s3.us-east-1.amazonaws.com } }
    expect: Conditional
    expectResidual: [ { StringEquals: { "sts:ExternalId": acme } } ]
    rule: "docs/aws-authorization.md#sts-external-id"
    source: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
  - name: plain
    principal: anonymous
    action: s3:GetObject
    resource: arn:aws:s3:::b/k
`);
    expect(loaded.diagnostics).toEqual([]);
    const [first, second] = loaded.requests;
    expect(first?.name).toBe('arn:aws:iam::111111111111:root sts:AssumeRole arn:aws:iam::222222222222:role/deploy');
    expect(first?.context).toEqual({
      'aws:RequestedRegion': 'us-east-1',
      'AWS:securetransport': 'false',
      'sts:ExternalId': null,
      'aws:CalledVia': ['a', 'b'],
      'aws:MultiFactorAuthAge': '300',
    });
    expect(first?.sessionPolicy?.kind).toBe('session');
    expect(first?.sessionTags).toEqual({ env: 'dev' });
    expect(first?.sessionIssuer).toBe('arn:aws:iam::111111111111:user/bob');
    expect(first?.impliedActions).toEqual([
      { action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:222222222222:key/k', context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    ]);
    expect(first?.expect).toBe('Conditional');
    expect(first?.expectResidual).toEqual([{ StringEquals: { 'sts:ExternalId': 'acme' } }]);
    expect(first?.rule).toBe('docs/aws-authorization.md#sts-external-id');
    expect(first?.sourceUrl).toBe('https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html');
    expect(first?.location).toEqual({ file: 'case.yaml', pointer: '/requests/0', line: 6, column: 5 });
    expect(second?.name).toBe('plain');
    expect(second?.context).toEqual({ 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' });
    expect(second?.expect).toBeUndefined();
  });

  it('a named policy that is not defined is kept as unusable, so answers that need it are Unknown', () => {
    const loaded = load(`${HEAD}accounts:\n  "111111111111":\n    roles:\n      - { name: r, policies: [Missing] }\n`);
    const policy = role(loaded, '111111111111', 'r').policies[0];
    expect(policy?.unusable).toContain('Missing');
    expect(policy?.statements).toEqual([]);
  });

  it('YAML anchors and merge keys repeat a part of the file', () => {
    const loaded = load(`${HEAD}accounts:\n  "111111111111":\n    roles:\n      - &base { name: a, tags: { team: x } }\n      - <<: *base\n        name: b\n`);
    expect(loaded.diagnostics).toEqual([]);
    expect(role(loaded, '111111111111', 'b').tags).toEqual({ team: 'x' });
  });

  it('JSON scenarios load with lines too', () => {
    const text = JSON.stringify({ trustmap: 'scenario/v1', accounts: { '111111111111': { roles: [{ name: 'r', bogus: 1 }] } } }, null, 2);
    const loaded = load(text, 'case.json');
    expect(role(loaded, '111111111111', 'r').arn).toBe('arn:aws:iam::111111111111:role/r');
    expect(loaded.diagnostics.map((d) => [d.code, d.source?.pointer, d.source?.line])).toEqual([['scenario/unknown-field', '/accounts/111111111111/roles/0/bogus', 8]]);
  });
});
