import { readFileSync } from 'node:fs';
import type { BaselineEntry } from '../analyses/findings/apply-baseline.js';
import type { DiagnosticBag } from '../core/diagnostics.js';
import { parseYamlLocated } from '../loaders/yaml-located.js';

const ENTRY_KEYS = new Set(['fingerprint', 'reason', 'rule', 'subject']);

/**
 * `--baseline FILE`: the findings a team has accepted, in YAML or JSON (docs/findings/README.md,
 * "Baseline"): `accepted: [{ fingerprint, reason, rule?, subject? }]` (or the list alone). Every
 * entry needs a reason; an entry without one, a missing fingerprint or an unreadable file is an
 * error (the command then exits 2). `rule` and `subject` are for people reading the file.
 */
export function readFindingsBaseline(path: string, bag: DiagnosticBag): BaselineEntry[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    bag.add({ code: 'baseline/unreadable', severity: 'error', message: code === 'ENOENT' ? `no such file \`${path}\`` : `cannot read \`${path}\`: ${e instanceof Error ? e.message : String(e)}`, source: { file: path, pointer: '' } });
    return undefined;
  }
  const parsed = parseYamlLocated(text, path, 'baseline');
  if (!parsed.ok) {
    for (const d of parsed.diagnostics) bag.add(d);
    return undefined;
  }
  const at = (pointer: string) => ({ file: path, pointer, ...(parsed.locate(pointer) ?? {}) });
  const root = parsed.value as { accepted?: unknown } | unknown[] | null;
  const list = Array.isArray(root) ? root : root && typeof root === 'object' ? (root as { accepted?: unknown }).accepted : undefined;
  const base = Array.isArray(root) ? '' : '/accepted';
  if (!Array.isArray(list)) {
    bag.add({ code: 'baseline/invalid-format', severity: 'error', message: `\`${path}\` has no \`accepted\` list`, help: 'write `accepted:` followed by `- fingerprint: …` entries, each with a `reason`', source: at('') });
    return undefined;
  }
  const out: BaselineEntry[] = [];
  const seen = new Set<string>();
  let ok = true;
  list.forEach((raw: unknown, i: number) => {
    const pointer = `${base}/${i}`;
    const e = raw as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || Array.isArray(e)) {
      bag.add({ code: 'baseline/invalid-entry', severity: 'error', message: `entry ${i} is not a mapping`, source: at(pointer) });
      ok = false;
      return;
    }
    for (const key of Object.keys(e)) {
      if (!ENTRY_KEYS.has(key)) bag.add({ code: 'baseline/unknown-field', severity: 'warning', message: `unknown field \`${key}\``, help: 'an entry takes `fingerprint`, `reason`, `rule` and `subject`', source: at(`${pointer}/${key}`) });
    }
    const fingerprint = e.fingerprint;
    if (typeof fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(fingerprint)) {
      bag.add({ code: 'baseline/missing-fingerprint', severity: 'error', message: fingerprint === undefined ? `entry ${i} has no \`fingerprint\`` : `\`${String(fingerprint)}\` is not a finding fingerprint`, help: 'copy the 32 hex digits `trustmap findings` prints after `fingerprint`', source: at(fingerprint === undefined ? pointer : `${pointer}/fingerprint`) });
      ok = false;
      return;
    }
    const reason = e.reason;
    if (typeof reason !== 'string' || reason.trim() === '') {
      bag.add({ code: 'baseline/missing-reason', severity: 'error', message: `the accepted finding \`${fingerprint}\` has no reason`, help: 'say why it is accepted, as in `reason: vendor access reviewed with security, ticket SEC-142`', source: at(pointer) });
      ok = false;
      return;
    }
    if (seen.has(fingerprint)) bag.add({ code: 'baseline/duplicate-fingerprint', severity: 'warning', message: `\`${fingerprint}\` is accepted twice; the first reason is kept`, source: at(pointer) });
    seen.add(fingerprint);
    out.push({ fingerprint, reason, ...(typeof e.rule === 'string' ? { ruleId: e.rule } : {}), ...(typeof e.subject === 'string' ? { subject: e.subject } : {}) });
  });
  return ok ? out.filter((e, i) => out.findIndex((x) => x.fingerprint === e.fingerprint) === i) : undefined;
}
