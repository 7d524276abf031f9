import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import { RCP_NO_RESOURCE } from '../../../src/core/decision/guardrail-gates.js';
import { PASS_ROLE_ASSUMPTION } from '../../../src/core/decision/protected-roles.js';
import type { Decision } from '../../../src/core/decision/result.js';
import { resourceTakesPolicy, serviceTakesResourcePolicy } from '../../../src/core/model/resource-policy-services.js';
import { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';

/**
 * The five rules of "Engine fidelity, round two", read off their corpus cases where the corpus
 * format cannot say it: the words a refusal gives, the service it names, the assumption objects,
 * and the table of resources that take a resource-based policy.
 */
const CORPUS = fileURLToPath(new URL('../../corpus', import.meta.url));
const catalog = loadServiceCatalog();

function decisions(file: string): Map<string, Decision> {
  const loaded = loadScenarioText(readFileSync(join(CORPUS, file), 'utf8'), file, { catalog });
  return new Map(loaded.requests.map((r) => [r.name ?? '', evaluateRequest(loaded.estate, r, { catalog })]));
}

function decided(d: Decision | undefined): string {
  return `${d?.decision} ${d?.decidedBy}/${d?.side}`;
}

describe('calls that need no permission', () => {
  const all = decisions('sts/no-permission-needed.yaml');
  it('every GetCallerIdentity / GetSessionToken case is decided by no-permission-needed, on the caller side', () => {
    for (const [name, d] of all) {
      if (name.startsWith('sts:GetAccessKeyInfo')) expect(decided(d), name).toBe('ImplicitDeny identity/caller');
      else expect(d.decidedBy, name).toBe('no-permission-needed');
      if (d.decidedBy === 'no-permission-needed') {
        expect(d.side).toBe('caller');
        expect(d.gates.map((g) => g.gate)).toEqual(['no-permission-needed']);
      }
    }
    expect(decided(all.get('GetSessionToken — a role session cannot call it, even with every permission'))).toBe('ImplicitDeny no-permission-needed/caller');
  });
});

describe('resources that cannot carry a resource-based policy', () => {
  const all = decisions('cross-account/no-resource-policy.yaml');
  it('AWS-owned: the caller side alone', () => {
    const d = all.get('AWS managed policy — iam:GetPolicy allowed by the identity policy is allowed, not Unknown');
    expect(decided(d)).toBe('Allow identity/caller');
    expect(d?.missing).toEqual([]);
    expect(d?.gates.some((g) => g.side === 'target')).toBe(false);
  });
  it('cross-account: denied by the resource gate, which says why', () => {
    const d = all.get('cross-account iam:GetUser on a user of an account outside the estate is denied, not Unknown');
    expect(decided(d)).toBe('ImplicitDeny resource/target');
    expect(d?.gates.find((g) => g.gate === 'resource')?.reason).toMatch(/cannot carry a resource-based policy/);
  });
  it('one table: IAM roles take a (trust) policy, users and managed policies none; EC2 none; SQS does', () => {
    expect(resourceTakesPolicy('iam', 'role/x')).toBe(true);
    expect(resourceTakesPolicy('iam', 'user/x')).toBe(false);
    expect(resourceTakesPolicy('iam', 'policy/x')).toBe(false);
    expect(resourceTakesPolicy('ec2', 'instance/i-1')).toBe(false);
    expect(serviceTakesResourcePolicy('sqs')).toBe(true);
    expect(serviceTakesResourcePolicy('constructor')).toBe(false);
  });
});

describe('NotPrincipal and assumed-role sessions', () => {
  const all = decisions('policy-grammar/notprincipal-sessions.yaml');
  it('another session of a listed role is denied by the resource policy', () => {
    expect(decided(all.get('another session of the same role is not exempt — the role ARN in the list does not exempt it'))).toBe('ExplicitDeny resource/target');
    expect(decided(all.get('the session listed in NotPrincipal is exempt and allowed (both sides allow)'))).toBe('Allow resource/target');
  });
});

describe('protected roles', () => {
  const all = decisions('single-account/protected-roles.yaml');
  it('writes by ordinary principals are refused by protected-role, naming the managing service', () => {
    for (const [name, d] of all) {
      if (d.decision !== 'ImplicitDeny') continue;
      expect(decided(d), name).toBe('ImplicitDeny protected-role/target');
      const gate = d.gates.find((g) => g.gate === 'protected-role');
      expect(gate?.reason, name).toMatch(name.startsWith('Identity Center') ? /sso\.amazonaws\.com/ : /elasticloadbalancing\.amazonaws\.com/);
    }
  });
  it('Identity Center refusals and PassRole state their working assumptions', () => {
    const refused = all.get('Identity Center role — iam:PutRolePolicy by an administrator is refused')?.assumptions;
    expect(refused?.map((a) => `${a.code} ${a.rule}`)).toEqual(['identity-center-protected protected-identity-center-roles']);
    expect(refused?.[0]?.message).toMatch(/^working assumption: IAM Identity Center roles .*by their service$/);
    expect(all.get('Identity Center role — iam:PassRole is decided by the caller\'s policies (working assumption)')?.assumptions).toContainEqual(PASS_ROLE_ASSUMPTION);
    expect(PASS_ROLE_ASSUMPTION).toMatchObject({ code: 'identity-center-pass-role', rule: 'identity-center-pass-role' });
    expect(all.get('service-linked role — iam:PutRolePolicy by an administrator is refused')?.assumptions).toEqual([]);
  });
});

describe('RCPs and actions that name no resource', () => {
  const all = decisions('organizations/rcp-no-resource.yaml');
  it('the answer states the working assumption where an RCP could have applied', () => {
    expect(RCP_NO_RESOURCE).toMatchObject({ code: 'rcp-no-resource', rule: 'rcp-no-resource' });
    expect(RCP_NO_RESOURCE.message).not.toMatch(/https:/);
    expect(all.get('s3:ListAllMyBuckets names no resource — the RCP Deny does not apply (working assumption)')?.assumptions).toContainEqual(RCP_NO_RESOURCE);
    expect(all.get('sqs:ListQueues names no resource — the RCP Deny does not apply (working assumption)')?.assumptions).toContainEqual(RCP_NO_RESOURCE);
    expect(all.get('an action of a service RCPs do not cover, on no resource — allowed, no RCP assumption needed')?.assumptions.map((a) => a.code)).not.toContain('rcp-no-resource');
    expect(all.get('a bucket of the member account — the same RCP Deny applies')?.assumptions.map((a) => a.code)).not.toContain('rcp-no-resource');
  });
});
