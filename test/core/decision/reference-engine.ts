import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { evaluateRequest } from '../../../src/core/decision/evaluate-request.js';
import type { loadScenarioText } from '../../../src/loaders/scenario/load-scenario-file.js';

const decision = (file: string): string => fileURLToPath(new URL(`../../../src/core/decision/${file}`, import.meta.url));
const EVALUATE_POLICY = decision('evaluate-policy.ts');
const ENGINE_CACHE = decision('engine-cache.ts');

/** A second, separate instance of the engine and of the scenario loader that feeds it. */
export interface EngineInstance {
  readonly evaluateRequest: typeof evaluateRequest;
  readonly loadScenarioText: typeof loadScenarioText;
  /** Whether its policies are evaluated by `reference-policy-evaluation.ts`. */
  readonly onReferenceEvaluation: boolean;
}

/**
 * The engine without its fast paths: policies evaluated by `reference-policy-evaluation.ts`
 * (no action index, no prepared resource policies), and no memo: the organization guardrails and
 * the caller side are evaluated on every request, callers, resources and memberships resolved
 * afresh each time. Everything else is the engine's own code, in a module instance of its own.
 */
export async function referenceEngine(): Promise<EngineInstance> {
  vi.resetModules();
  vi.doMock(EVALUATE_POLICY, () => import('./reference-policy-evaluation.js'));
  vi.doMock(ENGINE_CACHE, async (importOriginal) => {
    const cache = await importOriginal<typeof import('../../../src/core/decision/engine-cache.js')>();
    const keepsNothing = new cache.EngineCache({ keep: false, entries: 0 });
    return { ...cache, engineCache: keepsNothing, tables: cache.engineTables(keepsNothing) };
  });
  try {
    const [request, scenario, policy] = await Promise.all([
      import('../../../src/core/decision/evaluate-request.js'),
      import('../../../src/loaders/scenario/load-scenario-file.js'),
      import('../../../src/core/decision/evaluate-policy.js'),
    ]);
    return {
      evaluateRequest: request.evaluateRequest,
      loadScenarioText: scenario.loadScenarioText,
      onReferenceEvaluation: (policy as { REFERENCE_EVALUATION?: boolean }).REFERENCE_EVALUATION === true,
    };
  } finally {
    vi.doUnmock(EVALUATE_POLICY);
    vi.doUnmock(ENGINE_CACHE);
    vi.resetModules();
  }
}
