import type { Estate } from '../../core/model/estate.js';
import type { AccessMap } from '../access-map/access-map.js';
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
