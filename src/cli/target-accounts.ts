import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import type { DiagnosticBag } from '../core/diagnostics.js';

/**
 * `--target-accounts FILE|LIST`: the accounts of one shard of the access map (docs/scale.md#shards).
 * A comma-separated list of account ids, or a file: one id per line, or a YAML or JSON list.
 */
export function readTargetAccounts(value: string | undefined, bag: DiagnosticBag): Set<string> | undefined {
  if (value === undefined) return undefined;
  let ids: unknown[];
  let where = `\`--target-accounts ${value}\``;
  if (existsSync(value) && statSync(value).isFile()) {
    where = `\`${value}\``;
    try {
      const text = readFileSync(value, 'utf8');
      const parsed: unknown = /^\s*[[-]/.test(text) ? parse(text) : text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter((l) => l !== '');
      ids = Array.isArray(parsed) ? parsed : [parsed];
    } catch (e) {
      bag.add({ code: 'access-map/invalid-target-accounts', severity: 'error', message: `${where} cannot be read: ${(e as Error).message}`, source: { file: value, pointer: '' } });
      return undefined;
    }
  } else ids = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  const out = new Set<string>();
  for (const [i, id] of ids.entries()) {
    const text = typeof id === 'number' ? String(id).padStart(12, '0') : id;
    if (typeof text === 'string' && /^\d{12}$/.test(text)) out.add(text);
    else bag.add({ code: 'access-map/invalid-target-accounts', severity: 'error', message: `${where}: \`${String(id)}\` is not a 12-digit account id`, help: 'a comma-separated list of account ids, or a file with one per line (or a YAML or JSON list)', ...(where.startsWith('`--') ? {} : { source: { file: value, pointer: `/${i}` } }) });
  }
  if (out.size === 0 && !bag.hasErrors) bag.add({ code: 'access-map/invalid-target-accounts', severity: 'error', message: `${where} names no account: an empty shard would answer nothing`, help: 'name at least one account id' });
  return bag.hasErrors ? undefined : out;
}
