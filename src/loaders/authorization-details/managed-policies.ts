import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { Policy, PolicyKind } from '../../core/policy/policy-types.js';
import type { JsonDoc, JsonNode } from '../files/json-doc.js';

interface ManagedEntry {
  readonly arn: string;
  /** The document of the default version, when the entry has one. */
  readonly document?: JsonNode;
  readonly unusable?: string;
}

/**
 * The `Policies` of an authorization-details export, by ARN. Only the version marked
 * `IsDefaultVersion: true` counts (snapshot-layout.md, "Pagination"). A document is parsed when it
 * is first attached, once per kind (identity or boundary), because the kind decides what is valid.
 */
export class ManagedPolicies {
  private readonly entries = new Map<string, ManagedEntry>();
  private readonly parsed = new Map<string, Policy>();

  constructor(
    private readonly doc: JsonDoc,
    private readonly catalog: ServiceCatalog | undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Reads one entry of `Policies`; returns its ARN. */
  add(node: JsonNode): string | undefined {
    const doc = this.doc;
    if (!doc.object(node, 'an entry of `Policies`')) return undefined;
    const arn = doc.requiredString(doc.get(node, 'Arn'), 'the `Arn` of a managed policy');
    if (arn === undefined) return undefined;
    if (this.entries.has(arn)) {
      doc.report(`${node.pointer}/Arn`, 'gaad/duplicate-name', 'warning', `the managed policy \`${arn}\` is listed twice; the first entry is used`);
      return arn;
    }
    this.entries.set(arn, this.defaultVersion(node, arn));
    return arn;
  }

  /** The policy `arn` parsed as `kind`; undefined when the export does not hold it. */
  resolve(arn: string, kind: Extract<PolicyKind, 'identity' | 'boundary'>): Policy | undefined {
    const entry = this.entries.get(arn);
    if (!entry) return undefined;
    const key = `${kind} ${arn}`;
    let policy = this.parsed.get(key);
    if (!policy) {
      policy = entry.document
        ? this.doc.policy(entry.document, kind, arn, this.catalog)
        : { name: arn, kind, statements: [], unusable: entry.unusable ?? 'no default version', document: null };
      this.parsed.set(key, policy);
    }
    return policy;
  }

  private defaultVersion(node: JsonNode, arn: string): ManagedEntry {
    const doc = this.doc;
    const versions = doc.items(doc.get(node, 'PolicyVersionList'), 'the `PolicyVersionList`');
    const defaults = versions.filter((v) => doc.object(v, 'a policy version') && doc.boolean(doc.get(v, 'IsDefaultVersion'), '`IsDefaultVersion`') === true);
    const chosen = defaults[0] ?? this.byDefaultVersionId(node, versions);
    if (!chosen) {
      const reason = `the export holds no default version of the managed policy \`${arn}\``;
      doc.report(`${node.pointer}/PolicyVersionList`, 'gaad/no-default-version', 'warning', reason, 'answers that need this policy are Unknown');
      return { arn, unusable: reason };
    }
    if (defaults.length > 1) {
      doc.report(defaults[1]!.pointer, 'gaad/several-default-versions', 'warning', `the managed policy \`${arn}\` has ${defaults.length} versions marked \`IsDefaultVersion\`; the first is used`);
    }
    const document = doc.get(chosen, 'Document');
    if (document.value === undefined || document.value === null) {
      const reason = `the default version of \`${arn}\` has no \`Document\``;
      doc.report(document.pointer, 'gaad/missing-field', 'warning', reason, 'answers that need this policy are Unknown');
      return { arn, unusable: reason };
    }
    return { arn, document };
  }

  /** Without an `IsDefaultVersion` flag, the version named by `DefaultVersionId`. */
  private byDefaultVersionId(node: JsonNode, versions: readonly JsonNode[]): JsonNode | undefined {
    const doc = this.doc;
    const id = doc.string(doc.get(node, 'DefaultVersionId'), '`DefaultVersionId`');
    if (id === undefined) return undefined;
    return versions.find((v) => doc.get(v, 'VersionId').value === id && doc.get(v, 'IsDefaultVersion').value === undefined);
  }
}
