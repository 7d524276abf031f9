import { parsePolicy } from '../../core/policy/parse-policy.js';
import type { Policy, PolicyKind } from '../../core/policy/policy-types.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { child, type ScenarioReader } from './scenario-reader.js';

/** AWS's default SCP, attached at every level whose `scps` the scenario omits (docs/aws-authorization.md#scp-does-not-grant). */
export const FULL_AWS_ACCESS_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
} as const;

export const FULL_AWS_ACCESS = 'FullAWSAccess';
/** Always attached, never listed (docs/aws-authorization.md#rcp-does-not-grant): naming it under `rcps` adds nothing. */
export const RCP_FULL_AWS_ACCESS = 'RCPFullAWSAccess';

interface NamedDocument {
  readonly document: unknown;
  readonly pointer: string;
}

/**
 * Turns the policy documents of a scenario into parsed policies. A string where a document is
 * expected names one under `policies:`; it is parsed anew for each use, because the kind of policy
 * (identity, boundary, SCP…) decides which elements are valid.
 */
export class PolicyResolver {
  private readonly named = new Map<string, NamedDocument>();

  constructor(
    private readonly reader: ScenarioReader,
    private readonly catalog: ServiceCatalog | undefined,
  ) {}

  /** Reads the top-level `policies:` mapping. */
  addNamed(value: unknown, pointer: string): void {
    const fields = this.reader.mapping(value, pointer, '`policies`');
    if (!fields) return;
    for (const [name, document] of Object.entries(fields)) {
      this.named.set(name, { document, pointer: child(pointer, name) });
    }
  }

  has(name: string): boolean {
    return this.named.has(name);
  }

  /**
   * The policy at `pointer`, a document or the name of one, reported as `displayName`. An unknown
   * name is an error, and the policy is kept as unusable so the answers it could affect are Unknown.
   */
  resolve(value: unknown, pointer: string, kind: PolicyKind, displayName: string): Policy {
    if (typeof value !== 'string') return this.parse(value, pointer, kind, displayName);
    if (kind === 'scp' && value === FULL_AWS_ACCESS && !this.named.has(value)) {
      return this.fullAwsAccess(pointer, displayName);
    }
    const named = this.named.get(value);
    if (named) return this.parse(named.document, named.pointer, kind, displayName);
    const known = [...this.named.keys()];
    this.reader.report(
      pointer,
      'scenario/unknown-policy',
      'error',
      `no policy named \`${value}\` under \`policies\``,
      known.length > 0 ? `the named policies are ${known.map((k) => `\`${k}\``).join(', ')}` : 'define it under the top-level `policies:` mapping',
    );
    return {
      name: displayName,
      kind,
      statements: [],
      source: this.reader.location(pointer),
      unusable: `the policy \`${value}\` is not defined in the scenario`,
      document: value,
    };
  }

  /** The default `FullAWSAccess` SCP, located at the level it is attached to. */
  fullAwsAccess(pointer: string, displayName: string = FULL_AWS_ACCESS): Policy {
    const policy = this.parse(FULL_AWS_ACCESS_DOCUMENT, pointer, 'scp', displayName);
    return { ...policy, source: this.reader.location(pointer) };
  }

  private parse(document: unknown, pointer: string, kind: PolicyKind, name: string): Policy {
    const source = { ...this.reader.context, pointer };
    return parsePolicy(document, { kind, name, source, ...(this.catalog ? { catalog: this.catalog } : {}) }, this.reader.bag);
  }
}
