import { Option, type Command } from 'commander';
import { mergeAccessMaps, type AccessMapShard } from '../analyses/access-map/merge-shards.js';
import { sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { readAccessMapShard } from '../loaders/access-map-shard.js';
import type { AccessMapJson } from '../reporters/access-map-json.js';
import { EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics } from './command-io.js';

export type MergeFormat = 'text' | 'json';

/**
 * `trustmap merge <shard…>`: access-map shards (`access-map --target-accounts … --format json|jsonl`)
 * joined into the map of one run (docs/scale.md#shards). Exit 0 when merged, 2 when a shard cannot
 * be read or two shards asked the same account.
 */
export async function runMerge(files: readonly string[], flags: { readonly format: MergeFormat }, io: CommandIo): Promise<number> {
  const problems: Diagnostic[] = [];
  const shards: AccessMapShard[] = [];
  for (const file of files) {
    const shard = readAccessMapShard(file, problems);
    if (shard) shards.push(shard);
  }
  if (problems.length > 0) {
    reportDiagnostics(io, sortDiagnostics(problems));
    return EXIT_UNUSABLE;
  }
  const merged = mergeAccessMaps(shards);
  if ('overlap' in merged) {
    const { account, files: [a, b] } = merged.overlap;
    reportDiagnostics(io, [{ code: 'merge/overlapping-shards', severity: 'error', message: `\`${a}\` and \`${b}\` both asked ${account === '*' ? 'the whole estate' : `account ${account}`}: merging them would count its access twice`, help: 'give shards over disjoint `--target-accounts`, one per account set' }]);
    return EXIT_UNUSABLE;
  }
  io.stdout(flags.format === 'json' ? `${JSON.stringify(merged.map, null, 2)}\n` : mergeText(merged.map, shards));
  return EXIT_OK;
}

function mergeText(m: AccessMapJson, shards: readonly AccessMapShard[]): string {
  const s = m.summary;
  const accounts = shards.reduce((n, x) => n + (x.targetAccounts?.length ?? 0), 0);
  const lines = [
    `merged ${shards.length} shard${shards.length === 1 ? '' : 's'} (${accounts} target account${accounts === 1 ? '' : 's'}): ${s.entries} entries, ${s.blocked} blocked; asked ${s.targetsAsked} of ${s.targetsTotal} roles and resources`,
    `by boundary: ${Object.entries(s.byBoundary).map(([b, n]) => `${n} ${b}`).join(', ')}`,
    '',
  ];
  for (const e of m.entries) lines.push(`[${e.boundary}] ${e.principals.count > 1 ? `${e.principals.count} principals (${e.principals.first.label}, …)` : e.principals.first.label} → ${e.target}: ${e.decision} (${e.classes.join(', ')})`);
  for (const b of m.blocked) lines.push(`[${b.boundary}] blocked: ${b.principals.first.label} → ${b.action} on ${b.resource}: ${b.decision}${b.gate ? ` by ${b.gate}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerMergeCommand(program: Command, io: CommandIo): void {
  program
    .command('merge')
    .description('join access-map shards (access-map --target-accounts … --format json|jsonl) into the map of one run')
    .argument('<shard...>', 'the shards: outputs of `trustmap access-map --target-accounts … --format json` or `--format jsonl`')
    .addOption(new Option('--format <format>', 'output format (json: the same document as `access-map --format json` of one run)').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', `
Example (docs/scale.md#shards):
  $ trustmap access-map snapshots/main --target-accounts accounts-1.txt --format jsonl > shard-1.jsonl
  $ trustmap access-map snapshots/main --target-accounts accounts-2.txt --format jsonl > shard-2.jsonl
  $ trustmap merge shard-1.jsonl shard-2.jsonl --format json > access-map.json

Exit codes: 0 merged, 2 a shard that cannot be read, or two shards that asked the same account.`)
    .action(async (files: string[], opts: { format: MergeFormat; json?: boolean }) => {
      process.exitCode = await runMerge(files, { format: opts.json ? 'json' : opts.format }, io);
    });
}
