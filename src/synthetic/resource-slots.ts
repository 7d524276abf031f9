/**
 * Which kind of resource each of an account's resource slots holds. The pattern repeats every
 * twenty slots; its first ten already hold one of each kind, so the smallest estate has them all.
 * Ordinal 0 of the keys is the account's data key (buckets, secrets), ordinal 1 its messaging key
 * (queues).
 */
export type SlotKind = 'key' | 'bucket' | 'queue' | 'topic' | 'function' | 'secret';

const PATTERN: readonly SlotKind[] = [
  'key', 'bucket', 'queue', 'topic', 'bucket', 'function', 'secret', 'bucket', 'queue', 'key',
  'bucket', 'topic', 'queue', 'function', 'bucket', 'secret', 'queue', 'bucket', 'topic', 'function',
];

export function slotKind(slot: number): SlotKind {
  return PATTERN[slot % PATTERN.length]!;
}

/** How many resources of `kind` an account of `resourcesPerAccount` slots holds. */
export function countOfKind(kind: SlotKind, resourcesPerAccount: number): number {
  const whole = Math.floor(resourcesPerAccount / PATTERN.length);
  let count = whole * PATTERN.filter((k) => k === kind).length;
  for (let slot = whole * PATTERN.length; slot < resourcesPerAccount; slot++) if (slotKind(slot) === kind) count++;
  return count;
}

/** The slots in order, each with its ordinal among the slots of its kind. */
export function resourceSlots(resourcesPerAccount: number): Array<{ readonly kind: SlotKind; readonly ordinal: number }> {
  const seen = new Map<SlotKind, number>();
  return Array.from({ length: resourcesPerAccount }, (_, slot) => {
    const kind = slotKind(slot);
    const ordinal = seen.get(kind) ?? 0;
    seen.set(kind, ordinal + 1);
    return { kind, ordinal };
  });
}

/** Buckets of even ordinal are encrypted with the account's data key (SSE-KMS); the others with SSE-S3. */
export function bucketUsesKms(ordinal: number): boolean {
  return ordinal % 2 === 0;
}
