import type { CommandIo } from '../cli/command-io.js';
import { EXIT_OK, EXIT_UNUSABLE } from '../cli/command-io.js';
import { Progress } from '../loaders/progress.js';
import { GEN_ESTATE_USAGE, readGenEstateArgs } from './gen-estate-args.js';
import { SyntheticEstateBuilder } from './synthetic-estate.js';
import { writeSyntheticSnapshot, type WrittenSyntheticSnapshot } from './write-synthetic-snapshot.js';

/** The generator made a policy its own parser refuses: a bug in the generator, not in the input. */
export const EXIT_GENERATOR_BUG = 1;

/**
 * `npm run gen:estate -- …`: plans the organization, then builds and writes it one account at a
 * time (progress on stderr, about once a second), and prints what it wrote. Exit 0 written, 2 for
 * bad flags or a folder that cannot be written, 1 when the generator made a policy its parser
 * refuses (a bug, which `test/synthetic/` guards against).
 */
export function runGenEstate(argv: readonly string[], io: CommandIo, now: () => number = Date.now): number {
  const args = readGenEstateArgs(argv);
  if (args.kind === 'help') {
    io.stdout(`${GEN_ESTATE_USAGE}\n`);
    return EXIT_OK;
  }
  if (args.kind === 'invalid') {
    io.stderr(`${args.problems.map((p) => `error: ${p}`).join('\n')}\n\n${GEN_ESTATE_USAGE}\n`);
    return EXIT_UNUSABLE;
  }
  const start = now();
  const builder = new SyntheticEstateBuilder(args.options);
  const progress = new Progress((message) => io.stderr(`${message}\n`), now);
  let written: WrittenSyntheticSnapshot;
  try {
    written = writeSyntheticSnapshot(builder, args.out, { onAccount: (done, total) => progress.tick(() => `writing accounts ${fmt(done)}/${fmt(total)}…`) });
  } catch (e) {
    io.stderr(`error: cannot write the snapshot: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_UNUSABLE;
  }
  if (builder.diagnostics.length > 0) {
    io.stderr(`error: the generator wrote policies its parser refuses (a bug in the generator):\n${builder.diagnostics.map((d) => `  ${d.code}: ${d.message}`).join('\n')}\n`);
    return EXIT_GENERATOR_BUG;
  }
  for (const note of written.omitted) io.stderr(`not in the snapshot: ${note}\n`);
  const { options } = args;
  const roles = builder.plan.roleCounts.reduce((sum, n) => sum + n, 0);
  io.stdout(
    `wrote ${fmt(options.accounts)} accounts (${fmt(roles)} roles, ${fmt(options.accounts * options.resourcesPerAccount)} resources) in ${fmt(written.files)} files to ${args.out} in ${((now() - start) / 1000).toFixed(1)} s (seed \`${options.seed}\`${options.profile === 'dense' ? ', profile `dense`' : ''}${options.identityCenter === true ? ', IAM Identity Center' : ''})\n`,
  );
  return EXIT_OK;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
