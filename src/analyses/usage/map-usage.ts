import type { Estate } from '../../core/model/estate.js';
import type { AccessMap, AccessMapEntry } from '../access-map/access-map.js';
import { usageOf, type UsageEvidence } from './entry-usage.js';

/** The access map with each entry marked used or unused, and the signal it rests on (docs/cloudtrail.md#usage). */
export function withUsage(map: AccessMap, evidence: UsageEvidence, estate: Estate): AccessMap {
  return {
    ...map,
    entries: map.entries.map((e) => {
      const usage = usageOf(e, evidence, estate);
      return usage ? { ...e, usage } : e;
    }),
  };
}

/** One entry marked with its usage (streamed output marks entries as they are found). */
export function withEntryUsage(entry: AccessMapEntry, evidence: UsageEvidence, estate: Estate): AccessMapEntry {
  const usage = usageOf(entry, evidence, estate);
  return usage ? { ...entry, usage } : entry;
}
