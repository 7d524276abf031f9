import { describe, expect, it } from 'vitest';
import { AccessGraph } from '../../src/analyses/access-graph/access-graph.js';
import { isNearMiss } from '../../src/analyses/access-graph/blocking.js';
import { isReachingDecision, type GraphNode } from '../../src/analyses/access-graph/graph-types.js';
import { requestsFor } from '../../src/analyses/access-graph/resource-actions.js';
import { resourceReferences } from '../../src/analyses/access-graph/resource-references.js';
import { buildAccessMap } from '../../src/analyses/access-map/access-map.js';
import { ACCESS_MAP_ACTIONS } from '../../src/analyses/access-map/action-classes.js';
import { nodesNamed } from '../../src/analyses/who-can/direct-requesters.js';
import { conditionsOf } from '../../src/analyses/access-graph/access-graph.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import type { Estate } from '../../src/core/model/estate.js';
import { loadEstate } from '../../src/loaders/load-estate.js';
import { buildSyntheticEstate } from '../../src/synthetic/synthetic-estate.js';

const catalog = loadServiceCatalog();

/**
 * The grouped access map must say exactly what asking the engine once per principal says: every
 * (principal, action, resource) that reaches, with its decision, conditions and missing data, and
 * every near miss with its gate. The reference here asks the engine about every principal the
 * target side names, one by one, on a graph of its own (docs/access-map.md#how-principals-are-grouped).
 */
function referenceFacts(estate: Estate): { reach: Set<string>; refused: Set<string> } {
  const graph = new AccessGraph(estate, { catalog });
  const reach = new Set<string>();
  const refused = new Set<string>();
  for (const resource of estate.resources.values()) {
    const actions = ACCESS_MAP_ACTIONS[resource.type];
    for (const request of requestsFor(estate, resource.arn, actions)) {
      const refs = resourceReferences(estate, request.resource, request.action);
      const candidates = new Map<string, GraphNode>();
      for (const ref of refs.references) {
        if (ref.kind === 'federated') continue;
        if ((ref.kind === 'account' || ref.kind === 'principal') && ref.accountId === resource.accountId) continue;
        for (const n of nodesNamed(graph, ref, request.action, request.resource)) {
          const foreign = n.kind === 'public' || n.kind === 'service' || (n.kind !== 'provider' && n.accountId !== resource.accountId);
          if (foreign) candidates.set(n.id, n);
        }
      }
      for (const node of candidates.values()) {
        if (node.kind === 'service') continue;
        const d = graph.decide(node, request.action, request.resource);
        if (isReachingDecision(d.decision)) reach.add([node.id, request.action, request.resource, d.decision, JSON.stringify(conditionsOf(d)), d.missing.join('|')].join(' '));
        else if (isNearMiss(d)) refused.add([node.id, request.action, request.resource, d.decision].join(' '));
      }
    }
  }
  return { reach, refused };
}

function mapFacts(estate: Estate): { reach: Set<string>; refused: Set<string>; evaluations: number } {
  const map = buildAccessMap(new AccessGraph(estate, { catalog }), { catalog });
  const reach = new Set<string>();
  const refused = new Set<string>();
  for (const e of map.entries) {
    if (e.kind !== 'resource') continue;
    for (const m of e.principals.members) {
      if (m.kind === 'service') continue;
      for (const a of e.actions) reach.add([m.id, a.action, a.resource, a.decision, JSON.stringify(a.conditions), a.missing.join('|')].join(' '));
    }
  }
  for (const b of map.blocked) for (const m of b.principals.members) if (m.kind !== 'service') refused.add([m.id, b.action, b.resource, b.decision].join(' '));
  return { reach, refused, evaluations: map.evaluations };
}

function expectSameFacts(estate: Estate): { facts: number; evaluations: number } {
  const want = referenceFacts(estate);
  const got = mapFacts(estate);
  expect([...got.reach].filter((f) => !want.reach.has(f))).toEqual([]);
  expect([...want.reach].filter((f) => !got.reach.has(f))).toEqual([]);
  expect([...got.refused].filter((f) => !want.refused.has(f))).toEqual([]);
  expect([...want.refused].filter((f) => !got.refused.has(f))).toEqual([]);
  return { facts: want.reach.size + want.refused.size, evaluations: got.evaluations };
}

describe('access-map principal classes: one evaluation per class says what one per principal says', () => {
  it('on the bundled example', () => {
    const { estate } = loadEstate('examples/org-estate.yaml', { catalog });
    expectSameFacts(estate);
  });

  it('on principals that policies tell apart by tag, account, ARN, OU path, policy variable, boundary, SCP, a named ARN and kms:CallerAccount', () => {
    const { estate, diagnostics } = loadEstate('test/fixtures/access-map/principal-classes.yaml', { catalog });
    expect(diagnostics).toEqual([]);
    const { facts } = expectSameFacts(estate);
    expect(facts).toBeGreaterThan(100);
  });

  it('on principals whose policies cannot all be read: an unreadable group policy, the same broken statement in two documents', () => {
    const { estate, diagnostics } = loadEstate('test/fixtures/access-map/principal-classes-broken.yaml', { catalog });
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['policy/missing-statement', 'policy/unknown-condition-operator', 'policy/unknown-condition-operator']);
    const { facts } = expectSameFacts(estate);
    expect(facts).toBe(4);
  });

  it('on a dense synthetic organization (org-wide buckets, wildcard identity policies, account-root grants), with far fewer evaluations than facts', () => {
    const { estate } = buildSyntheticEstate({ accounts: 20, rolesPerAccount: 10, resourcesPerAccount: 10, seed: 'classes', profile: 'dense' });
    const { facts, evaluations } = expectSameFacts(estate);
    expect(facts).toBeGreaterThan(300);
    expect(evaluations).toBeLessThan(facts);
  });

  it('on a default synthetic organization', () => {
    const { estate } = buildSyntheticEstate({ accounts: 8, rolesPerAccount: 10, resourcesPerAccount: 10, seed: 'classes' });
    expectSameFacts(estate);
  });
});
