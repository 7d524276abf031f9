import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalAlternatives } from '../src/analyses/check-scenario.js';
import { loadServiceCatalog } from '../src/catalog/iam-data-catalog.js';
import { evaluateRequest } from '../src/core/decision/evaluate-request.js';
import { renderDiagnostics } from '../src/reporters/diagnostics-text.js';
import { loadScenarioText } from '../src/loaders/scenario/load-scenario-file.js';
import { coverageRows, statedRows } from './corpus-coverage.js';

/**
 * The conformance corpus: every request of every test/corpus/**\/*.yaml names the AWS rule it
 * encodes and its source, and the engine must give exactly the decision it expects.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, 'test', 'corpus');
const MINIMUM_CASES = 300;
/** Scenario diagnostics a corpus case may provoke on purpose; any other one is a mistake in the case. */
const DELIBERATE = new Set(['scenario/unknown-policy', 'scenario/scp-level-empty', 'scenario/account-id-not-string', 'scenario/unknown-principal']);

const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(CORPUS, f))
  .sort();
const catalog = loadServiceCatalog();
const scenarios = files.map((path) => {
  const file = relative(ROOT, path);
  return { file, loaded: loadScenarioText(readFileSync(path, 'utf8'), file, { catalog }) };
});

describe('corpus', () => {
  const cases = scenarios.reduce((n, s) => n + s.loaded.requests.length, 0);

  it(`holds ${cases} cases in ${scenarios.length} files (at least ${MINIMUM_CASES}), the count its README and docs/engine.md give`, () => {
    expect(cases).toBeGreaterThanOrEqual(MINIMUM_CASES);
    // The count is counted here and only checked in the docs: on a failure, copy `said` into both.
    const said = `${cases} cases in ${scenarios.length} files`;
    const stated = (file: string) => readFileSync(join(ROOT, file), 'utf8').replace(/\s+/g, ' ').match(/\b\d+ cases in \d+ files\b/)?.[0];
    for (const file of ['test/corpus/README.md', 'docs/engine.md']) {
      expect(stated(file), `${file} must state the corpus count: write \`${said}\` where it says \`${stated(file) ?? '<n> cases in <m> files'}\``).toBe(said);
    }
  });

  it('its README counts the cases per folder and per rules reference anchor as they are', () => {
    const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
    const perFolder = new Map<string, number>();
    for (const s of scenarios) {
      const folder = s.file.split('/')[2]!;
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + s.loaded.requests.length);
    }
    for (const [folder, n] of perFolder) {
      const row = new RegExp(`^\\| \`${folder}/\` \\| (\\d+) \\|`, 'm').exec(readme);
      expect(row?.[1], `test/corpus/README.md: the \`${folder}/\` row must say ${n} cases`).toBe(String(n));
    }
    const computed = coverageRows(scenarios.flatMap((s) => s.loaded.requests.map((r) => ({ file: relative(CORPUS, join(ROOT, s.file)), ...(r.rule !== undefined ? { rule: r.rule } : {}) }))));
    const stated = statedRows(readme);
    for (const [anchor, row] of computed) expect(stated.get(anchor), `test/corpus/README.md: write this coverage row:\n${row}`).toBe(row);
    for (const anchor of stated.keys()) expect(computed.has(anchor), `test/corpus/README.md: no case names #${anchor}; remove its coverage row`).toBe(true);
  });

  it('pins why as well as what: every case names its deciding gate and side where the answer has one', () => {
    const unpinned = scenarios.flatMap(({ file, loaded }) => loaded.requests.filter((r) => r.expectDecidedBy === undefined).map((r) => `${file} › ${r.name}`));
    expect(unpinned).toEqual([]);
  });

  for (const { file, loaded } of scenarios) {
    it(`${file} loads`, () => {
      expect(loaded.unusable, renderDiagnostics(loaded.diagnostics)).toBeFalsy();
      expect(loaded.requests.length, `${file} has no requests`).toBeGreaterThan(0);
      const mistakes = loaded.diagnostics.filter((d) => d.code.startsWith('scenario/') && !DELIBERATE.has(d.code));
      expect(renderDiagnostics(mistakes)).toBe('');
    });

    for (const request of loaded.requests) {
      it(`${file} › ${request.name} [${request.rule ?? 'no rule'}]`, () => {
        expect(request.rule, 'every corpus case names the rule it encodes (`rule:`)').toBeTruthy();
        expect(request.sourceUrl, 'every corpus case links its source (`source:`)').toBeTruthy();
        expect(request.expect, 'every corpus case says what it expects (`expect:`)').toBeDefined();
        const decision = evaluateRequest(loaded.estate, request, { catalog });
        const why = JSON.stringify({ decidedBy: decision.decidedBy, side: decision.side, gates: decision.gates, residual: decision.residual, missing: decision.missing }, null, 2);
        expect(decision.decision, why).toBe(request.expect);
        if (request.expectDecidedBy !== undefined) expect(decision.decidedBy, why).toBe(request.expectDecidedBy);
        if (request.expectSide !== undefined) expect(decision.side, why).toBe(request.expectSide);
        if (request.expectAssumptions !== undefined) expect([...new Set(decision.assumptions.map((a) => a.code))].sort(), why).toEqual([...request.expectAssumptions].sort());
        if (request.expectResidual !== undefined) {
          expect(canonicalAlternatives(decision.residual), why).toEqual(canonicalAlternatives(request.expectResidual));
        }
      });
    }
  }
});
