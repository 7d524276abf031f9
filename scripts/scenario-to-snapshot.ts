/**
 * Writes the estate of a scenario file as a snapshot folder (snapshot-layout.md):
 *
 *   npx tsx scripts/scenario-to-snapshot.ts <scenario.yaml> <out-dir> [--collected-at <ISO date>]
 *
 * `npm run example:snapshot` regenerates examples/org-estate-snapshot this way. The folder must be
 * absent, empty or an earlier snapshot. Exits 1 when the scenario has errors or cannot be written.
 */
import { loadServiceCatalog } from '../src/catalog/iam-data-catalog.js';
import { writeSnapshot } from '../src/exporters/snapshot/index.js';
import { loadScenarioFile } from '../src/loaders/scenario/index.js';

function main(args: readonly string[]): number {
  const at = args.indexOf('--collected-at');
  const collectedAt = at >= 0 ? args[at + 1] : undefined;
  const [scenario, out] = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  if (scenario === undefined || out === undefined || (at >= 0 && collectedAt === undefined)) {
    process.stderr.write('usage: tsx scripts/scenario-to-snapshot.ts <scenario.yaml> <out-dir> [--collected-at <ISO date>]\n');
    return 2;
  }
  const loaded = loadScenarioFile(scenario, { catalog: loadServiceCatalog() });
  for (const d of loaded.diagnostics) {
    const where = d.source ? `${d.source.file}${d.source.line !== undefined ? `:${d.source.line}` : ''}` : scenario;
    process.stderr.write(`${where}: ${d.severity} ${d.code}: ${d.message}\n`);
  }
  if (loaded.unusable || loaded.diagnostics.some((d) => d.severity === 'error')) {
    process.stderr.write(`\`${scenario}\` has errors; no snapshot written\n`);
    return 1;
  }
  try {
    const written = writeSnapshot(loaded.estate, out, collectedAt !== undefined ? { collectedAt } : {});
    for (const note of written.omitted) process.stderr.write(`not in the snapshot: ${note}\n`);
    process.stdout.write(`wrote ${written.files} files to ${out}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
