import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { isUncollected, type Uncollected } from '../../src/core/model/estate.js';
import type { Policy } from '../../src/core/policy/policy-types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(repoRoot, 'test/fixtures');
export const peersData = path.resolve(repoRoot, '../shared/peers-data');

/** A throwaway copy of a fixture folder, changed by `edits` (relative path → new text, or null to delete). */
export function fixtureCopy(fixture: string, edits: Readonly<Record<string, string | null>> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-loader-'));
  cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  for (const [rel, text] of Object.entries(edits)) {
    const file = path.join(dir, rel);
    if (text === null) {
      rmSync(file, { recursive: true, force: true });
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  return dir;
}

/** A throwaway file holding `text`. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trustmap-loader-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

export interface ExpectedDiagnostic {
  readonly code: string;
  /** The file, relative to the loaded folder (or the file's base name). */
  readonly file: string;
  readonly pointer: string;
  readonly line?: number;
  readonly severity?: Diagnostic['severity'];
}

/** The one diagnostic with `expected.code` at `expected.file`, checked in full. */
export function expectDiagnostic(diagnostics: readonly Diagnostic[], root: string, expected: ExpectedDiagnostic): Diagnostic {
  const file = path.join(root, expected.file);
  const found = diagnostics.filter((d) => d.code === expected.code && d.source?.file === file);
  expect(found, `${expected.code} at ${expected.file} among ${JSON.stringify(diagnostics.map((d) => [d.code, d.source?.file, d.source?.pointer]))}`).toHaveLength(1);
  const d = found[0]!;
  expect(d.source?.pointer).toBe(expected.pointer);
  if (expected.line !== undefined) expect(d.source?.line).toBe(expected.line);
  if (expected.severity !== undefined) expect(d.severity).toBe(expected.severity);
  return d;
}

export function policies(value: readonly Policy[] | Uncollected): readonly Policy[] {
  if (isUncollected(value)) throw new Error(`uncollected: ${value.what}`);
  return value;
}

/** A resource's policy, which must have been read. */
export function policyOf(value: Policy | null | Uncollected | undefined): Policy {
  if (value === null || value === undefined || isUncollected(value)) throw new Error(`expected a policy, found ${JSON.stringify(value)}`);
  return value;
}

export function uncollected(value: unknown): Uncollected {
  if (!isUncollected(value)) throw new Error(`expected the Uncollected marker, found ${JSON.stringify(value)}`);
  return value;
}

export function errors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** A role as `get-account-authorization-details` lists it, trusting EC2, with `extra` fields over it. */
export function gaadRole(account: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${account}:role/${name}`,
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    InstanceProfileList: [],
    Tags: [],
    ...extra,
  };
}
