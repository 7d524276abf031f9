import { parseArn } from '../../core/arn/arn.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { isPlainObject } from '../../core/policy/decode-policy-document.js';
import { EstateDraft, emptyEstate } from '../estate-draft.js';
import type { JsonDoc } from '../files/json-doc.js';
import { readJsonFile } from '../files/read-json-file.js';
import { readAuthorizationDetails, type AuthorizationDetailsSummary } from './read-authorization-details.js';

export interface LoadedAuthorizationDetails {
  readonly estate: Estate;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary?: AuthorizationDetailsSummary;
  /** True when nothing could be read (no such file, not JSON, not an export). */
  readonly unusable?: boolean;
}

/**
 * A lone `get-account-authorization-details` file (snapshot-layout.md, "A lone export file"): one
 * account's IAM, its organization not collected. `file` names it in diagnostics.
 */
export function loadAuthorizationDetailsFile(path: string, options: { readonly catalog?: ServiceCatalog; readonly file?: string } = {}): LoadedAuthorizationDetails {
  const bag = new DiagnosticBag();
  const file = options.file ?? path;
  const read = readJsonFile(path, file, 'gaad', bag);
  if (read.kind === 'absent') {
    bag.add({ code: 'gaad/file-not-found', severity: 'error', message: `no such file \`${file}\``, source: { file, pointer: '' } });
  }
  if (read.kind !== 'parsed') return { estate: emptyEstate(), diagnostics: sortDiagnostics(bag.items), unusable: true };
  return loadAuthorizationDetails(read.doc, options.catalog);
}

/** The same, from a file already parsed. */
export function loadAuthorizationDetails(doc: JsonDoc, catalog?: ServiceCatalog): LoadedAuthorizationDetails {
  const draft = new EstateDraft(partitionOf(doc.root.value));
  draft.organizationStatus = 'not-collected';
  const summary = readAuthorizationDetails(doc, { estate: draft, ...(catalog ? { catalog } : {}) });
  const diagnostics = sortDiagnostics(doc.bag.items);
  if (!summary) return { estate: emptyEstate(), diagnostics, unusable: true };
  return { estate: draft.build(), diagnostics, summary };
}

/** The partition of the first entity ARN (`aws`, `aws-cn`, `aws-us-gov`…); `aws` when none parses. */
function partitionOf(value: unknown): string {
  const pages = Array.isArray(value) ? value : [value];
  for (const page of pages) {
    if (!isPlainObject(page)) continue;
    for (const key of ['RoleDetailList', 'UserDetailList', 'GroupDetailList']) {
      const list = page[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        const arn = isPlainObject(entry) && typeof entry.Arn === 'string' ? parseArn(entry.Arn) : undefined;
        if (arn) return arn.partition;
      }
    }
  }
  return 'aws';
}
