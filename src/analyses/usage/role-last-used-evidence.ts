import type { Estate } from '../../core/model/estate.js';
import type { UsageEvidence } from './entry-usage.js';

/**
 * Usage evidence from the roles' `RoleLastUsed` alone, where the estate has it: "now" is the
 * snapshot's time, else the latest use the estate records (the export was taken after it, so
 * "unused in N days" is never claimed of a span the export did not see). Undefined when no role
 * carries the field.
 */
export function roleLastUsedEvidence(estate: Estate, unusedDays: number): UsageEvidence | undefined {
  let latest: number | undefined;
  for (const account of estate.accounts.values()) {
    for (const role of account.roles.values()) {
      if (role.lastUsed === undefined) continue;
      const t = role.lastUsed === null ? 0 : Date.parse(role.lastUsed.date);
      if (!Number.isNaN(t) && (latest === undefined || t > latest)) latest = t;
    }
  }
  if (latest === undefined) return undefined;
  const collected = estate.collectedAt !== undefined ? Date.parse(estate.collectedAt) : NaN;
  return { now: Number.isNaN(collected) ? latest : collected, unusedDays };
}
