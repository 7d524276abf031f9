/**
 * Timestamps as the inputs write them (`2022-08-07 12:56:48+00:00` in an authorization-details
 * export, `2022-08-07T12:56:48Z` in ISO 8601) and as the estate holds them: ISO 8601 in UTC,
 * `2022-08-07T12:56:48Z`, with fractional seconds only where they are not zero.
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The ISO 8601 UTC form of a date and time with a time zone (`Z` or an offset); undefined when the
 * text is not one, or names a day or time that does not exist (`2022-02-30`, `25:00`).
 */
export function normalizeTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] !== undefined ? Number(m[7]) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  // A day past the month's end (`2022-02-30`) would roll over into the next month.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1) return undefined;
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(fraction * 1000));
  const zone = m[8]!.toUpperCase();
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  if (Number.isNaN(utc.getTime())) return undefined;
  return utc.toISOString().replace(/\.000Z$/, 'Z');
}

/** An ISO 8601 UTC timestamp as `get-account-authorization-details` prints it: `2022-08-07 12:56:48+00:00`. */
export function exportTimestamp(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '+00:00');
}
