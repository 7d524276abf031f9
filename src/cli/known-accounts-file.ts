import { readFileSync } from 'node:fs';
import type { KnownAccounts } from '../analyses/findings/finding-rule.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import { parseYamlLocated } from '../loaders/yaml-located.js';

/**
 * `--known-accounts FILE`: vendors and the AWS accounts they use, in the format of the community
 * list `known_aws_accounts.yaml` (a YAML list of `{ name, source, type?, accounts: [12-digit ids] }`).
 * Returns the vendor name of each account id; a file that cannot be read or is not in that format
 * is an error (the command then exits 2).
 */
export function readKnownAccountsFor(path: string, bag: DiagnosticBag): KnownAccounts | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    bag.add({ code: 'known-accounts/unreadable', severity: 'error', message: code === 'ENOENT' ? `no such file \`${path}\`` : `cannot read \`${path}\`: ${e instanceof Error ? e.message : String(e)}`, source: { file: path, pointer: '' } });
    return undefined;
  }
  const parsed = parseYamlLocated(text, path, 'known-accounts');
  if (!parsed.ok) {
    for (const d of parsed.diagnostics) bag.add(d);
    return undefined;
  }
  const at = (pointer: string) => ({ file: path, pointer, ...(parsed.locate(pointer) ?? {}) });
  if (!Array.isArray(parsed.value)) {
    bag.add({ code: 'known-accounts/invalid-format', severity: 'error', message: `\`${path}\` is not a list of vendors`, help: 'write a YAML list of `- name: Vendor` entries, each with `accounts: [\'123456789012\']`, as in known_aws_accounts.yaml', source: at('') });
    return undefined;
  }
  const out = new Map<string, string>();
  let ok = true;
  parsed.value.forEach((entry: unknown, i: number) => {
    const e = entry as { name?: unknown; accounts?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.name !== 'string' || e.name.trim() === '') {
      bag.add({ code: 'known-accounts/invalid-entry', severity: 'error', message: `entry ${i} has no \`name\``, help: 'each entry is `{ name, source, accounts }`', source: at(`/${i}`) });
      ok = false;
      return;
    }
    if (!Array.isArray(e.accounts)) {
      bag.add({ code: 'known-accounts/invalid-entry', severity: 'error', message: `\`${e.name}\` has no \`accounts\` list`, source: at(`/${i}`) });
      ok = false;
      return;
    }
    e.accounts.forEach((id: unknown, j: number) => {
      if (typeof id !== 'string' || !/^\d{12}$/.test(id)) {
        bag.add({
          code: 'known-accounts/invalid-account-id',
          severity: 'error',
          message: `\`${String(id)}\` in the accounts of \`${e.name}\` is not a 12-digit account id${typeof id === 'number' ? ' written as a string' : ''}`,
          help: 'quote account ids, as in `\'012345678901\'`: an unquoted id is a YAML number and loses its leading zeros',
          source: at(`/${i}/accounts/${j}`),
        });
        ok = false;
        return;
      }
      if (!out.has(id)) out.set(id, e.name as string);
    });
  });
  return ok ? out : undefined;
}
