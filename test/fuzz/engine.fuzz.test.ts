import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../src/core/decision/evaluate-request.js';
import { DiagnosticBag } from '../../src/core/diagnostics.js';
import type { Estate, Resource, Role } from '../../src/core/model/estate.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../src/core/policy/policy-types.js';
import { loadScenarioFile } from '../../src/loaders/scenario/load-scenario-file.js';

/**
 * Fuzzing the matchers and the decision through the whole engine: mutated policies are put into
 * the example estate in place of a role's identity policy, a trust policy, a bucket policy, a key
 * policy and an SCP, and every request of the example is evaluated. Required outcome: no throw,
 * no hang, a decision from the five kinds, the same answer twice, and a policy that could not be
 * read never turns a denial into an Allow (results.md: data needed to grant is never assumed).
 * Seeded and capped (DEVELOPERS: fuzzing inside `npm test` is seeded and capped at a minute).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const catalog = loadServiceCatalog();
const scenario = loadScenarioFile(path.join(repoRoot, 'examples/org-estate.yaml'), { catalog });
const KINDS = new Set(['Allow', 'ExplicitDeny', 'ImplicitDeny', 'Conditional', 'Unknown']);

const seedDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 'kms:Decrypt', 'sts:AssumeRole'], Resource: ['arn:aws:s3:::example-prod-data-lake/*', '*'] },
    { Sid: 'B', Effect: 'Deny', NotAction: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
    { Sid: 'C', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::555555555555:role/etl', '333333333333'] }, Action: '*', Resource: '*' },
  ],
};

/** A random edit of a JSON value: replace, delete or retype something at a random depth. */
const mutation = fc.array(
  fc.record({
    path: fc.array(fc.nat(5), { minLength: 0, maxLength: 4 }),
    op: fc.constantFrom('delete', 'string', 'number', 'array', 'object', 'wildcard', 'lowercase', 'null'),
    text: fc.oneof(fc.string(), fc.constantFrom('*', '${aws:username}', 'arn:aws:s3:::*', 'StringLike', 'Allow', 'Deny', 'NotPrincipal', 'Condition')),
  }),
  { minLength: 1, maxLength: 4 },
);

function mutate(doc: unknown, edits: ReadonlyArray<{ path: number[]; op: string; text: string }>): unknown {
  const copy = structuredClone(doc) as unknown;
  for (const edit of edits) {
    let parent: unknown = null;
    let key: string | number | undefined;
    let cur: unknown = copy;
    for (const step of edit.path) {
      if (cur === null || typeof cur !== 'object') break;
      const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
      if (keys.length === 0) break;
      parent = cur;
      key = keys[step % keys.length]!;
      cur = (cur as Record<string | number, unknown>)[key];
    }
    if (parent === null || key === undefined) continue;
    const target = parent as Record<string | number, unknown>;
    switch (edit.op) {
      case 'delete':
        if (Array.isArray(target)) target.splice(key as number, 1);
        else delete target[key];
        break;
      case 'string':
        target[key] = edit.text;
        break;
      case 'number':
        target[key] = edit.text.length;
        break;
      case 'array':
        target[key] = [cur, edit.text];
        break;
      case 'object':
        target[key] = { [edit.text]: cur };
        break;
      case 'wildcard':
        target[key] = typeof cur === 'string' ? `${cur.slice(0, 3)}*${cur.slice(3)}` : '*';
        break;
      case 'lowercase':
        target[key] = typeof cur === 'string' ? cur.toLowerCase() : cur;
        break;
      case 'null':
        target[key] = null;
        break;
    }
  }
  return copy;
}

function compile(doc: unknown, kind: PolicyKind): { policy: Policy; errors: number } {
  const bag = new DiagnosticBag();
  const policy = parsePolicy(doc, { kind, name: `fuzz:${kind}`, catalog }, bag);
  return { policy, errors: bag.items.filter((d) => d.severity === 'error').length };
}

/** The example estate with one policy slot replaced. */
function withPolicy(estate: Estate, slot: string, policy: Policy): Estate {
  const accounts = new Map(estate.accounts);
  const resources = new Map(estate.resources);
  const replaceRole = (accountId: string, roleName: string, change: (r: Role) => Role) => {
    const account = accounts.get(accountId)!;
    const roles = new Map(account.roles);
    roles.set(roleName, change(roles.get(roleName)!));
    accounts.set(accountId, { ...account, roles });
  };
  const replaceResource = (arn: string, change: (r: Resource) => Resource) => resources.set(arn, change(resources.get(arn)!));
  switch (slot) {
    case 'identity':
      replaceRole('555555555555', 'etl', (r) => ({ ...r, policies: [policy] }));
      break;
    case 'trust':
      replaceRole('444444444444', 'deploy', (r) => ({ ...r, trustPolicy: policy }));
      break;
    case 'resource':
      replaceResource('arn:aws:s3:::example-prod-data-lake', (r) => ({ ...r, policy }));
      break;
    case 'key':
      replaceResource('arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444', (r) => ({ ...r, policy }));
      break;
  }
  return { ...estate, accounts, resources };
}

const SLOTS: ReadonlyArray<readonly [string, PolicyKind]> = [
  ['identity', 'identity'],
  ['trust', 'trust'],
  ['resource', 'resource'],
  ['key', 'key'],
];

describe('engine fuzz: mutated policies in the example estate', () => {
  it('the example loads cleanly', () => {
    expect(scenario.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  for (const [slot, kind] of SLOTS) {
    it(`never throws, answers deterministically, and an unreadable ${slot} policy never grants`, () => {
      fc.assert(
        fc.property(mutation, (edits) => {
          const { policy, errors } = compile(mutate(seedDocument, edits), kind);
          const estate = withPolicy(scenario.estate, slot, policy);
          const withoutBroken = withPolicy(scenario.estate, slot, { ...policy, statements: policy.statements.filter((s) => !s.broken?.length) });
          for (const request of scenario.requests) {
            const d = evaluateRequest(estate, request, { catalog });
            expect(KINDS.has(d.decision)).toBe(true);
            expect(JSON.stringify(evaluateRequest(estate, request, { catalog }))).toBe(JSON.stringify(d));
            if (errors > 0 && d.decision === 'Allow') {
              // An Allow despite a broken policy must not rest on the broken parts.
              expect(evaluateRequest(withoutBroken, request, { catalog }).decision).toBe('Allow');
            }
          }
        }),
        { seed: 20261128, numRuns: 60, interruptAfterTimeLimit: 12_000 },
      );
    });
  }

  it('random strings as principals, actions and resources never throw', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (principal, action, resource) => {
        const d = evaluateRequest(scenario.estate, { principal, action, resource }, { catalog });
        expect(KINDS.has(d.decision)).toBe(true);
      }),
      { seed: 7, numRuns: 300, interruptAfterTimeLimit: 5_000 },
    );
  });
});
