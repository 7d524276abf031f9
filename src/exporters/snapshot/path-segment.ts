/**
 * A name as one path segment of a snapshot (snapshot-layout.md, "Names"): everything but the
 * unreserved characters of RFC 3986 is percent-encoded, as scripts/collect-snapshot.sh does, so a
 * secret named `prod/db` becomes `prod%2Fdb`.
 */
export function pathSegment(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
