/**
 * Made-up identifiers for what AWS would show but the estate does not record (a role's `AROA…` id,
 * an account's canonical id, an organization policy's `p-…` id). Each is a pure function of a seed,
 * so the same estate always gets the same ids and a written snapshot can be committed and diffed.
 */

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** 32-bit FNV-1a: small and stable across platforms; these ids need no cryptographic strength. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** `length` characters of `alphabet` drawn from `seed`: five per round of hashing. */
export function stableChars(seed: string, alphabet: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    let hash = fnv1a(`${round}\u0000${seed}`);
    for (let k = 0; k < 5 && out.length < length; k++) {
      out += alphabet[hash % alphabet.length];
      hash = Math.floor(hash / alphabet.length);
    }
  }
  return out;
}

export type IamIdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'AIPA';

/** An IAM unique id (`AROA` + 17 characters), as `get-account-authorization-details` shows them. */
export function iamUniqueId(prefix: IamIdPrefix, seed: string): string {
  return prefix + stableChars(`${prefix}:${seed}`, UPPER_ALNUM, 17);
}

/** An S3 canonical user id: 64 lowercase hex digits. */
export function canonicalUserId(accountId: string): string {
  return stableChars(`canonical:${accountId}`, HEX, 64);
}

/** An organization policy id: `p-` and 8 lowercase letters or digits. */
export function organizationPolicyId(seed: string): string {
  return `p-${stableChars(`policy:${seed}`, LOWER_ALNUM, 8)}`;
}

/** A KMS grant id: 64 lowercase hex digits. */
export function kmsGrantId(seed: string): string {
  return stableChars(`grant:${seed}`, HEX, 64);
}

/** A UUID-shaped id (Lambda policy `RevisionId`). */
export function stableUuid(seed: string): string {
  const hex = stableChars(`uuid:${seed}`, HEX, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
