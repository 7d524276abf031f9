/**
 * A finding's fingerprint: what it is about, not where it sits. Built from the rule id, the
 * subject, the policy's name, the statement's Sid (its index when it has none) and the rule's own
 * key, so that it survives line moves, reformatting and unrelated edits, and changes when the
 * finding is about something else. Baselines and `diff` match findings by it.
 */
export interface FingerprintParts {
  readonly ruleId: string;
  readonly subject: string;
  readonly policy?: string;
  readonly statement?: { readonly index: number; readonly sid?: string };
  readonly key?: string;
}

export function fingerprintOf(parts: FingerprintParts): string {
  const policy = parts.policy !== undefined ? samePolicyName(parts.policy) : '';
  const statement = parts.statement ? (parts.statement.sid !== undefined && parts.statement.sid !== '' ? `sid:${parts.statement.sid}` : `index:${parts.statement.index}`) : '';
  const text = [parts.ruleId, parts.subject, policy, statement, parts.key ?? ''].join('\u0000');
  return `${fnv1a64(text, FNV_OFFSET)}${fnv1a64(text, FNV_OFFSET_ALT)}`;
}

/**
 * An inline policy a scenario leaves unnamed is `<owner>#inline-<n>`; written to a snapshot it is
 * the inline policy `inline-<n>`, which loads as `<owner>#inline:inline-<n>`. One policy, one fingerprint.
 */
function samePolicyName(name: string): string {
  return name.replace(/#inline-(\d+)$/, '#inline:inline-$1');
}

const FNV_PRIME = 0x100000001b3n;
const FNV_OFFSET = 0xcbf29ce484222325n;
/** A second offset basis, so that the fingerprint is 128 bits wide. */
const FNV_OFFSET_ALT = 0x84222325cbf29ce4n;
const MASK = 0xffffffffffffffffn;

/** FNV-1a over the UTF-8 bytes, 64 bits, as 16 hex digits: pure and stable across platforms. */
function fnv1a64(text: string, offset: bigint): string {
  let hash = offset;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}
