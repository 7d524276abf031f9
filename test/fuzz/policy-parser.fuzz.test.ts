import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { DiagnosticBag, type Diagnostic } from '../../src/core/diagnostics.js';
import { parseJsonLocated } from '../../src/core/json/parse-json-located.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../src/core/policy/policy-types.js';

/**
 * Fuzzing the policy parser. Required outcome: `parsePolicy` and `parseJsonLocated` never throw
 * and never hang, and every input that is not a valid policy yields at least one diagnostic.
 * "Not a valid policy" is judged by `definitelyInvalid` below, an independent restatement of the
 * grammar of docs/aws-authorization.md#policy-elements (with docs/aws-authorization.md#no-notprincipal-in-trust-policy, #rcp-does-not-grant, #condition-key-case, #not-principal, #principal-element-forms) that errs on the side of "valid".
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The example snapshot committed with the project: always present, so the fuzz pool never depends on ../shared. */
const exampleSnapshot = path.join(repoRoot, 'examples/org-estate-snapshot');
/** Real exports beside the checkout (CI has them, a fresh clone does not): extra seeds when present. */
const peersData = path.resolve(repoRoot, '../shared/peers-data');
const catalog = loadServiceCatalog();
const KINDS: readonly PolicyKind[] = ['identity', 'boundary', 'session', 'scp', 'rcp', 'trust', 'key', 'resource'];

interface Seed {
  readonly kind: PolicyKind;
  readonly document: Record<string, unknown>;
}

const builtInSeeds: readonly Seed[] = [
  {
    kind: 'resource',
    document: {
      Version: '2012-10-17',
      Id: 'bucket',
      Statement: [
        { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
        { Sid: 'Deny', Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:user/bob', '111122223333'] }, NotAction: 's3:Get*', NotResource: ['arn:aws:s3:::b'] },
      ],
    },
  },
  { kind: 'scp', document: { Version: '2012-10-17', Statement: { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } } } },
  { kind: 'rcp', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-1' } } }] } },
  { kind: 'key', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] } },
  { kind: 'session', document: { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] } },
];

interface Gaad {
  Policies?: Array<{ PolicyVersionList: Array<{ Document: Record<string, unknown> }> }>;
  RoleDetailList?: Array<{ AssumeRolePolicyDocument: Record<string, unknown>; RolePolicyList?: Array<{ PolicyDocument: Record<string, unknown> }> }>;
  UserDetailList?: Array<{ UserPolicyList?: Array<{ PolicyDocument: Record<string, unknown> }> }>;
  GroupDetailList?: Array<{ GroupPolicyList?: Array<{ PolicyDocument: Record<string, unknown> }> }>;
}

/** The identity and trust policies of a get-account-authorization-details export. */
function gaadSeeds(file: string): Seed[] {
  const gaad = JSON.parse(readFileSync(file, 'utf8')) as Gaad;
  const seeds: Seed[] = [];
  for (const p of gaad.Policies ?? []) for (const v of p.PolicyVersionList) seeds.push({ kind: 'identity', document: v.Document });
  for (const r of gaad.RoleDetailList ?? []) {
    seeds.push({ kind: 'trust', document: r.AssumeRolePolicyDocument });
    for (const p of r.RolePolicyList ?? []) seeds.push({ kind: 'identity', document: p.PolicyDocument });
  }
  for (const u of gaad.UserDetailList ?? []) for (const p of u.UserPolicyList ?? []) seeds.push({ kind: 'identity', document: p.PolicyDocument });
  for (const g of gaad.GroupDetailList ?? []) for (const p of g.GroupPolicyList ?? []) seeds.push({ kind: 'identity', document: p.PolicyDocument });
  return seeds;
}

/** Seeds from the project's own example snapshot (examples/org-estate-snapshot), every account's export. */
function exampleSeeds(): Seed[] {
  const accounts = path.join(exampleSnapshot, 'accounts');
  return readdirSync(accounts)
    .sort()
    .map((account) => path.join(accounts, account, 'iam/get-account-authorization-details.json'))
    .filter((file) => existsSync(file))
    .flatMap(gaadSeeds);
}

/** Seeds from the real exports in ../shared/peers-data; none when it is absent. */
function peerSeeds(): Seed[] {
  return ['cloudsplaining-example-gaad.json', 'cloudmapper-demo-gaad.json']
    .map((file) => path.join(peersData, file))
    .filter((file) => existsSync(file))
    .flatMap(gaadSeeds);
}

/** Big managed policies (thousands of actions) are kept out of the mutation pool to keep runs short. */
const small = (s: Seed) => JSON.stringify(s.document).length < 20_000;
const projectSeeds: readonly Seed[] = exampleSeeds().filter(small);
const peersSeeds: readonly Seed[] = peerSeeds().filter(small);
const seeds: readonly Seed[] = [...builtInSeeds, ...projectSeeds, ...peersSeeds];

/** The statements of the identity policies among `from`. */
function identityStatements(from: readonly Seed[]): unknown[] {
  return from.filter((s) => s.kind === 'identity').flatMap((s) => (Array.isArray(s.document.Statement) ? s.document.Statement : [s.document.Statement]));
}

/**
 * Parses one identity policy of more than 10 MB built by repeating `statements` (each given its own
 * Sid): it must compile every statement, quickly and without errors, and a truncated copy must fail
 * as invalid JSON with a line and column.
 */
function checkTenMegabytes(statements: readonly unknown[]): void {
  expect(statements.length).toBeGreaterThan(0);
  const many: unknown[] = [];
  let size = '{"Version":"2012-10-17","Statement":[]}'.length;
  for (let i = 0; size < 10_500_000; i++) {
    const statement = { ...(statements[i % statements.length] as Record<string, unknown>), Sid: `S${i}` };
    many.push(statement);
    size += JSON.stringify(statement).length + 1; // the statement and its comma
  }
  const text = JSON.stringify({ Version: '2012-10-17', Statement: many });
  expect(text.length).toBeGreaterThan(10_000_000);

  const bag = new DiagnosticBag();
  const policy = parsePolicy(text, { kind: 'identity', name: 'big', source: { file: 'fuzz.json', pointer: '/Policy' } }, bag);
  expect(policy.statements).toHaveLength(many.length);
  expect(bag.items.filter((d) => d.severity === 'error')).toEqual([]);

  const cut = parsePolicy(text.slice(0, 7_777_777), { kind: 'identity', name: 'big', source: { file: 'fuzz.json', pointer: '/Policy' } }, bag);
  expect(cut.unusable).toMatch(/^the policy string is not valid JSON: .* at line 1, column \d+$/);
}

interface Outcome {
  readonly policy: Policy;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses with a located source when the text is JSON (no timing here: speed is measured by npm run bench). */
function parse(input: unknown, kind: PolicyKind, withCatalog: boolean): Outcome {
  const bag = new DiagnosticBag();
  const policy = parsePolicy(input, { kind, name: 'fuzz', source: { file: 'fuzz.json', pointer: '' }, ...(withCatalog ? { catalog } : {}) }, bag);
  return { policy, diagnostics: bag.items };
}

/** What holds for every input, valid or not. */
function checkOutcome({ policy, diagnostics }: Outcome, invalid: boolean): void {
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^policy\/[a-z0-9-]+$/);
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.message).not.toMatch(/(^\s|\.$)/);
    expect(d.source?.file).toBe('fuzz.json');
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (policy.unusable !== undefined) {
    expect(errors.length).toBeGreaterThan(0);
    expect(policy.statements).toEqual([]);
  }
  if (policy.statements.some((s) => s.broken !== undefined)) expect(errors.length).toBeGreaterThan(0);
  if (invalid) expect(diagnostics.length).toBeGreaterThan(0);
}

/** Feeds a text in each encoding that applies, and its parsed value when it is JSON. */
function checkText(text: string, kind: PolicyKind, withCatalog: boolean): void {
  const located = parseJsonLocated(text);
  const value = located.ok ? located.value : undefined;
  const invalid = !located.ok || definitelyInvalid(value, kind);
  checkOutcome(parse(text, kind, withCatalog), invalid || !text.trimStart().startsWith('{'));
  if (located.ok) checkOutcome(parse(value, kind, withCatalog), invalid);
}

// ---------------------------------------------------------------------------------------------
// The oracle: true only when the document breaks a rule the parser must report.

const ACTION = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?-]+)$/;
const RESOURCE = /^(\*|arn:[a-z0-9*?-]+:[^:*?]+:[^:]*:[^:]*:.+)$/;
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const TAKES_PRINCIPAL = new Set<PolicyKind>(['rcp', 'trust', 'key', 'resource']);
const REQUIRES_RESOURCE = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp', 'rcp']);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A `string | string[]` element whose every entry passes `ok`. */
function stringList(value: unknown, ok: (s: string) => boolean): boolean {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  return list !== undefined && list.length > 0 && list.every((s) => typeof s === 'string' && ok(s));
}

function awsPrincipal(s: string): boolean {
  if (s === '*' || /^\d{12}$/.test(s) || /^(AIDA|AROA|AIPA|ANPA|ANVA|ASIA|AGPA)[A-Z0-9]{12,}$/.test(s)) return true;
  return /^arn:aws(?:-[a-z]+)*:(iam::\d{12}:(root|user\/[^*?]+|role\/[^*?]+)|sts::\d{12}:(assumed-role\/[^/*?]+\/[^*?]+|federated-user\/[^*?]+))$/.test(s);
}

function principalElement(value: unknown): boolean {
  if (value === '*') return true;
  if (!isObject(value) || Object.keys(value).length === 0) return false;
  return Object.entries(value).every(([type, v]) => {
    if (type === 'AWS') return stringList(v, awsPrincipal);
    if (type === 'Service') return stringList(v, (s) => s === '*' || /^[^*?\s]+$/.test(s));
    if (type === 'Federated' || type === 'CanonicalUser') return stringList(v, (s) => /^[^*?\s]+$/.test(s));
    return false;
  });
}

function conditionBlock(value: unknown): boolean {
  if (!isObject(value)) return false;
  return Object.values(value).every((keys) => {
    if (!isObject(keys) || Object.keys(keys).length === 0) return false;
    return Object.values(keys).every((v) => {
      const list = Array.isArray(v) ? v : [v];
      return list.length > 0 && list.every((x) => ['string', 'number', 'boolean'].includes(typeof x));
    });
  });
}

function isRcpFullAccess(s: Record<string, unknown>): boolean {
  const star = (v: unknown) => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  const keys = Object.keys(s).filter((k) => k !== 'Sid');
  return keys.length === 4 && star(s.Action) && star(s.Resource) && (s.Principal === '*' || (isObject(s.Principal) && Object.keys(s.Principal).length === 1 && star(s.Principal.AWS)));
}

function statementInvalid(s: unknown, kind: PolicyKind, sids: Set<string>): boolean {
  if (!isObject(s) || !Object.keys(s).every((k) => STATEMENT_KEYS.has(k))) return true;
  if (s.Sid !== undefined) {
    if (typeof s.Sid !== 'string' || sids.has(s.Sid)) return true;
    sids.add(s.Sid);
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return true;
  const actions = [s.Action, s.NotAction].filter((v) => v !== undefined);
  if (actions.length !== 1 || !stringList(actions[0], (a) => ACTION.test(a))) return true;
  const resources = [s.Resource, s.NotResource].filter((v) => v !== undefined);
  if (resources.length > 1 || (resources.length === 0 && REQUIRES_RESOURCE.has(kind))) return true;
  if (resources.length === 1 && !stringList(resources[0], (r) => RESOURCE.test(r))) return true;
  if (kind === 'key' && s.Resource !== undefined && !stringList(s.Resource, (r) => r === '*')) return true;
  const principals = [s.Principal, s.NotPrincipal].filter((v) => v !== undefined);
  if (!TAKES_PRINCIPAL.has(kind)) return principals.length > 0 || (s.Condition !== undefined && !conditionBlock(s.Condition));
  if (principals.length !== 1 || !principalElement(principals[0])) return true;
  if (s.NotPrincipal !== undefined && (s.Effect === 'Allow' || kind === 'trust' || kind === 'rcp')) return true;
  if (kind === 'rcp' && s.Effect === 'Allow' && !isRcpFullAccess(s)) return true;
  return s.Condition !== undefined && !conditionBlock(s.Condition);
}

function definitelyInvalid(doc: unknown, kind: PolicyKind): boolean {
  if (!isObject(doc)) return true;
  if (!Object.keys(doc).every((k) => k === 'Version' || k === 'Id' || k === 'Statement')) return true;
  if (doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') return true;
  if (doc.Id !== undefined && typeof doc.Id !== 'string') return true;
  const st = doc.Statement;
  const list = Array.isArray(st) ? st : isObject(st) ? [st] : undefined;
  if (list === undefined || list.length === 0) return true;
  const sids = new Set<string>();
  return list.some((s) => statementInvalid(s, kind, sids));
}

// ---------------------------------------------------------------------------------------------
// Mutations

const nasty = ['{', '}', '[', ']', ':', ',', '"', '\\', '*', '?', ' ', '\n', '0', 'a', 'A', '$', '%', '/', '\u0000', '\u2028', 'é', '\ud83d'];

const byteFlip = (text: string) =>
  fc.tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.constantFrom(...nasty)).map(([at, c]) => text.slice(0, at) + c + text.slice(at + 1));
const deletion = (text: string) =>
  fc.tuple(fc.nat({ max: text.length }), fc.integer({ min: 1, max: 40 })).map(([at, n]) => text.slice(0, at) + text.slice(at + n));
const duplication = (text: string) =>
  fc.tuple(fc.nat({ max: text.length }), fc.integer({ min: 1, max: 40 })).map(([at, n]) => text.slice(0, at + n) + text.slice(at, at + n) + text.slice(at + n));

const replacements: readonly unknown[] = [42, -1.5, null, true, false, '', 'x', '*', [], {}, ['*'], [1, 'a'], { AWS: '*' }, { a: { b: 'c' } }, 'arn:aws:s3:::*', 'Allow', 'deny'];

/** Every pointer of a value, iteratively (the value may be deep). */
function pointersOf(root: unknown): Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> {
  const out: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), stack.push(x)));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) out.push({ parent: v, key: k }), stack.push(x);
  }
  return out;
}

/** A copy with the value at one pointer replaced, or its key renamed / removed. */
const typeSwap = (doc: Record<string, unknown>) =>
  fc.tuple(fc.nat(), fc.constantFrom(...replacements), fc.constantFrom('replace', 'rename', 'remove')).map(([n, replacement, how]) => {
    const copy = structuredClone(doc);
    const targets = pointersOf(copy);
    if (targets.length === 0) return copy;
    const { parent, key } = targets[n % targets.length]!;
    if (how === 'replace' || Array.isArray(parent)) (parent as Record<string | number, unknown>)[key] = structuredClone(replacement);
    else if (how === 'remove') delete parent[key as string];
    else {
      const value = parent[key as string];
      delete parent[key as string];
      parent[(key as string).toLowerCase() === key ? (key as string).toUpperCase() : (key as string).toLowerCase()] = value;
    }
    return copy;
  });

const seedArb = fc.constantFrom(...seeds);

describe('policy parser fuzz', () => {
  it('has seeds', () => {
    expect(seeds.length).toBeGreaterThan(4);
  });

  it('mutated real policy texts (byte flips, deletions, duplications)', () => {
    const mutated = seedArb.chain((seed) => {
      const text = JSON.stringify(seed.document, null, 1);
      return fc.record({ seed: fc.constant(seed), text: fc.oneof(byteFlip(text), deletion(text), duplication(text)), withCatalog: fc.boolean() });
    });
    fc.assert(
      fc.property(mutated, ({ seed, text, withCatalog }) => checkText(text, seed.kind, withCatalog)),
      { seed: 20241113, numRuns: 600 },
    );
  });

  it('mutated real policy documents (type swaps, renamed and removed keys at random pointers), in all three encodings', () => {
    const mutated = seedArb.chain((seed) => fc.record({ seed: fc.constant(seed), doc: typeSwap(seed.document), kind: fc.constantFrom(seed.kind, ...KINDS) }));
    fc.assert(
      fc.property(mutated, ({ doc, kind }) => {
        const invalid = definitelyInvalid(doc, kind);
        checkOutcome(parse(doc, kind, true), invalid);
        checkOutcome(parse(JSON.stringify(doc), kind, false), invalid);
        checkOutcome(parse(encodeURIComponent(JSON.stringify(doc, null, 2)), kind, false), invalid);
      }),
      { seed: 9112, numRuns: 600 },
    );
  });

  it('the unmutated seeds compile to what the oracle expects', () => {
    for (const seed of seeds) {
      const outcome = parse(seed.document, seed.kind, false);
      checkOutcome(outcome, definitelyInvalid(seed.document, seed.kind));
      expect(outcome.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it('random strings and random JSON', () => {
    const input = fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ Version: '2012-10-17', Statement: v })));
    fc.assert(
      fc.property(input, fc.constantFrom(...KINDS), (text, kind) => checkText(text, kind, false)),
      { seed: 8259, numRuns: 1000 },
    );
  });

  describe('JSON nested 10,000 deep', () => {
    const depth = 10_000;
    const deepArrayText = '['.repeat(depth) + ']'.repeat(depth);
    const deepObjectText = '{"a":'.repeat(depth) + '"x"' + '}'.repeat(depth);
    const around = (inner: string) => [
      inner,
      `{"Version":"2012-10-17","Statement":${inner}}`,
      `{"Version":"2012-10-17","Statement":[${inner}]}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":${inner},"Resource":"*"}}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":${inner},"Action":"*"}}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":${inner}},"Action":"*"}}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":${inner}}}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"k":${inner}}}}}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Sid":${inner}},"Id":${inner}}`,
    ];

    it.each([
      ['arrays', deepArrayText],
      ['objects', deepObjectText],
    ])('%s: never throws, always reports', (_, inner) => {
      for (const text of around(inner)) {
        for (const kind of ['identity', 'resource'] as const) {
          checkText(text, kind, false);
          checkOutcome(parse(encodeURIComponent(text), kind, false), true);
          // every truncation point near the deep part stays an error with a line
          const truncated = parseJsonLocated(text.slice(0, text.length - depth / 2));
          expect(truncated).toMatchObject({ ok: false, line: 1 });
        }
      }
    });
  });

  it('a 10 MB document with many statements (seeded from examples/org-estate-snapshot)', () => {
    const statements = identityStatements(projectSeeds);
    expect(statements.length).toBeGreaterThan(4);
    checkTenMegabytes(statements);
  });

  it.skipIf(!existsSync(peersData))('a 10 MB document with many statements from the real exports (needs ../shared/peers-data)', () => {
    const statements = identityStatements(peersSeeds);
    expect(statements.length).toBeGreaterThan(0);
    checkTenMegabytes(statements);
  });
});
