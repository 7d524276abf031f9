import { describe, expect, it } from 'vitest';
import { runFindings } from '../../../src/analyses/findings/run-findings.js';
import { loadServiceCatalog } from '../../../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import { loadEstate } from '../../../src/loaders/load-estate.js';

/**
 * A finding's `request` is the one whose answer shows it: `trustmap explain` of it (and the web
 * page's explain view, which each finding opens) must answer as the finding says. Where the
 * finding is about access that works and should not, the request is let in; where it is about an
 * access meant to work that cannot, the request is refused.
 */
const REFUSED = new Set(['encrypted-share-without-key-access', 'aws-managed-key-on-shared-resource', 'logging-delivery-refused', 'kms-key-not-enabled-on-shared-resource']);
/** Rules about a guardrail that cannot bind: the request shows the guardrail taking no part, whatever else decides. */
const GUARDRAIL_ABSENT: Readonly<Record<string, (gate: { gate: string; verdict: string }) => boolean>> = {
  'scp-used-as-data-perimeter': (g) => g.gate === 'scp',
  'rcp-unsupported-service': (g) => g.gate === 'rcp' && g.verdict === 'deny',
};
/** Rules with no single request that shows them: a principal that matches nobody, a level of the OU chain, a workload the SCP cannot reach. */
const WITHOUT_REQUEST = new Set(['deleted-principal-in-policy', 'scp-allow-list-gap', 'scp-on-management-account-workloads']);

const catalog = loadServiceCatalog();
const { estate } = loadEstate('examples/org-estate.yaml', { catalog });
const findings = runFindings(estate, { catalog }).findings;

describe('the request of each finding on the example shows it (explain answers as the finding says)', () => {
  it('every rule but those without a single request gives one', () => {
    for (const f of findings) expect(f.request !== undefined, `${f.ruleId} ${f.subject}`).toBe(!WITHOUT_REQUEST.has(f.ruleId));
  });

  it.each(findings.filter((f) => f.request).map((f) => [f.ruleId, f.subject, f] as const))('%s %s', (_rule, _subject, f) => {
    const d = evaluateRequest(estate, f.request!, { catalog });
    const guardrail = GUARDRAIL_ABSENT[f.ruleId];
    if (guardrail) expect(d.hops.flatMap((h) => h.gates).filter(guardrail)).toEqual([]);
    else if (REFUSED.has(f.ruleId)) expect(d.decision).toMatch(/^(Implicit|Explicit)Deny$/);
    else expect(['Allow', 'Conditional']).toContain(d.decision);
  });
});
