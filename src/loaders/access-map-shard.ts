import { readFileSync } from 'node:fs';
import type { AccessMapShard } from '../analyses/access-map/merge-shards.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { AccessBlockedJson, AccessEntryJson, AccessMapJson } from '../reporters/access-map-json.js';

/**
 * One shard for `trustmap merge`: the output of `access-map --format json` or `--format jsonl`
 * (docs/access-map.md#jsonl). Anything else is a diagnostic, never a silently empty shard.
 */
export function readAccessMapShard(file: string, diagnostics: Diagnostic[]): AccessMapShard | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    diagnostics.push({ code: 'merge/unreadable', severity: 'error', message: `\`${file}\` cannot be read: ${(e as Error).message}`, source: { file, pointer: '' } });
    return undefined;
  }
  const invalid = (why: string, line?: number): undefined => {
    diagnostics.push({ code: 'merge/invalid-shard', severity: 'error', message: `\`${file}\` is not an access-map shard: ${why}`, help: 'give the output of `trustmap access-map … --format json` or `--format jsonl`', source: { file, pointer: '', ...(line ? { line } : {}) } });
    return undefined;
  };
  if (text.trimStart().startsWith('{"type":"header"')) return readJsonl(file, text, invalid);
  let json: Partial<AccessMapJson>;
  try {
    json = JSON.parse(text) as Partial<AccessMapJson>;
  } catch (e) {
    return invalid((e as Error).message);
  }
  if (json.formatVersion !== 2 || !Array.isArray(json.entries) || !Array.isArray(json.blocked) || !json.summary) return invalid('no `formatVersion: 2` with `entries`, `blocked` and `summary`');
  return {
    file,
    entries: json.entries,
    blocked: json.blocked,
    summary: json.summary,
    diagnostics: json.diagnostics ?? [],
    ...(json.coverage ? { coverage: json.coverage } : {}),
    ...(json.shard ? { targetAccounts: json.shard.targetAccounts } : {}),
  };
}

function readJsonl(file: string, text: string, invalid: (why: string, line?: number) => undefined): AccessMapShard | undefined {
  const entries: AccessEntryJson[] = [];
  const blocked: AccessBlockedJson[] = [];
  let header: { formatVersion?: number; shard?: { targetAccounts: string[] } | null } | undefined;
  let summary: { summary: AccessMapJson['summary']; diagnostics: AccessMapJson['diagnostics']; coverage?: AccessMapJson['coverage'] } | undefined;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: { type?: string } & Record<string, unknown>;
    try {
      value = JSON.parse(line) as typeof value;
    } catch (e) {
      return invalid(`line ${i + 1}: ${(e as Error).message}`, i + 1);
    }
    const { type, ...rest } = value;
    if (type === 'header') header = rest as typeof header;
    else if (type === 'entry') entries.push(rest as unknown as AccessEntryJson);
    else if (type === 'blocked') blocked.push(rest as unknown as AccessBlockedJson);
    else if (type === 'summary') summary = rest as unknown as typeof summary;
    else return invalid(`line ${i + 1} has no known \`type\``, i + 1);
  }
  if (header?.formatVersion !== 2) return invalid('its header is not `formatVersion: 2`', 1);
  // A stream cut short (the run stopped) has no summary: its entries are not the whole shard.
  if (!summary) return invalid('no `summary` line: the run that wrote it did not finish');
  return {
    file,
    entries,
    blocked,
    summary: summary.summary,
    diagnostics: summary.diagnostics ?? [],
    ...(summary.coverage ? { coverage: summary.coverage } : {}),
    ...(header.shard ? { targetAccounts: header.shard.targetAccounts } : {}),
  };
}
