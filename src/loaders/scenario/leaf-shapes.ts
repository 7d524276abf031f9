import { z } from 'zod';
import type { BlockPublicAccess, Tags } from '../../core/model/estate.js';
import { normalizeTimestamp } from '../../core/model/timestamp.js';
import type { ScenarioReader } from './scenario-reader.js';

/** Small leaf shapes of the scenario format, checked with zod (issues become our diagnostics). */

export const BLOCK_PUBLIC_ACCESS_FIELDS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

const blockPublicAccessShape = z.object({
  BlockPublicAcls: z.boolean().nullish(),
  IgnorePublicAcls: z.boolean().nullish(),
  BlockPublicPolicy: z.boolean().nullish(),
  RestrictPublicBuckets: z.boolean().nullish(),
});

const tagsShape = z.record(z.string(), z.string());

export const accessKeyShape = z.object({
  id: z.string(),
  status: z.enum(['Active', 'Inactive']).nullish(),
});

export const trailShape = z.object({
  arn: z.string(),
  bucket: z.string().nullish(),
  kmsKeyArn: z.string().nullish(),
  organization: z.boolean().nullish(),
});

export const aclGrantShape = z.object({
  grantee: z.unknown(),
  permission: z.enum(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL']),
});

const encryptionContext = z.record(z.string(), z.string());

export const kmsGrantShape = z.object({
  granteePrincipal: z.string(),
  operations: z.array(z.string()),
  constraints: z
    .object({ encryptionContextEquals: encryptionContext.nullish(), encryptionContextSubset: encryptionContext.nullish() })
    .nullish(),
  grantId: z.string().nullish(),
});

/** Block Public Access settings; a setting left out is false. Omitted or null: undefined (none). */
export function readBlockPublicAccess(value: unknown, pointer: string, reader: ScenarioReader, what: string): BlockPublicAccess | undefined {
  const fields = reader.mapping(value, pointer, what);
  if (!fields) return undefined;
  reader.knownFields(fields, pointer, BLOCK_PUBLIC_ACCESS_FIELDS, what);
  const parsed = reader.withSchema(blockPublicAccessShape, fields, pointer, what);
  if (!parsed) return undefined;
  return {
    BlockPublicAcls: parsed.BlockPublicAcls ?? false,
    IgnorePublicAcls: parsed.IgnorePublicAcls ?? false,
    BlockPublicPolicy: parsed.BlockPublicPolicy ?? false,
    RestrictPublicBuckets: parsed.RestrictPublicBuckets ?? false,
  };
}

/** Tags: omitted or null is no tags. Values must be strings, as AWS stores them. */
export function readTags(value: unknown, pointer: string, reader: ScenarioReader, what: string): Tags {
  if (value === undefined || value === null) return {};
  return reader.withSchema(tagsShape, value, pointer, what) ?? {};
}

/** Drops the nulls that stand for "none" in optional fields of a parsed leaf. */
export function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}

/**
 * A date and time with its time zone (`2026-11-02T08:00:00Z`), as ISO 8601 UTC; undefined, and
 * reported, when it is not one. `also` names what else the field takes, for the help.
 */
export function readTimestamp(value: unknown, pointer: string, reader: ScenarioReader, what: string, also?: string): string | undefined {
  const text = reader.string(value, pointer, what);
  if (text === undefined) return undefined;
  const date = normalizeTimestamp(text);
  if (date === undefined) {
    reader.report(pointer, 'scenario/invalid-value', 'error', `${what} \`${text}\` is not a date and time`, `write ISO 8601 with a time zone, as in \`2026-11-02T08:00:00Z\`${also ? `, ${also}` : ''}`);
  }
  return date;
}
