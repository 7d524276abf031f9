import type { FindingRule } from './finding-rule.js';
import { awsManagedKeyOnSharedResource } from './rules/aws-managed-key-on-shared-resource.js';
import { deletedPrincipalInPolicy } from './rules/deleted-principal-in-policy.js';
import { encryptedShareWithoutKeyAccess } from './rules/encrypted-share-without-key-access.js';
import { externalAccessOutsideOrganization } from './rules/external-access-outside-organization.js';
import { iamUserAccessKeysCrossAccount } from './rules/iam-user-access-keys-cross-account.js';
import { kmsKeyNotEnabledOnSharedResource } from './rules/kms-key-not-enabled-on-shared-resource.js';
import { loggingDeliveryRefused } from './rules/logging-delivery-refused.js';
import { publicResourcePolicy } from './rules/public-resource-policy.js';
import { rcpUnsupportedService } from './rules/rcp-unsupported-service.js';
import { scpAllowListGap } from './rules/scp-allow-list-gap.js';
import { scpOnManagementAccountWorkloads } from './rules/scp-on-management-account-workloads.js';
import { scpUsedAsDataPerimeter } from './rules/scp-used-as-data-perimeter.js';
import { servicePrincipalWithoutSourceCondition } from './rules/service-principal-without-source-condition.js';
import { trustAccountRootWithoutCondition } from './rules/trust-account-root-without-condition.js';
import { trustOutsideOrganizationWithoutExternalId } from './rules/trust-outside-organization-without-external-id.js';
import { unusedCrossAccountTrust } from './rules/unused-cross-account-trust.js';
import { identityCenterAssignmentUnused } from './rules/identity-center-assignment-unused.js';

/** Every finding rule, in the order of docs/findings/README.md. A rule's id is permanent. */
export const FINDING_RULES: readonly FindingRule[] = [
  trustAccountRootWithoutCondition,
  trustOutsideOrganizationWithoutExternalId,
  servicePrincipalWithoutSourceCondition,
  deletedPrincipalInPolicy,
  publicResourcePolicy,
  externalAccessOutsideOrganization,
  iamUserAccessKeysCrossAccount,
  encryptedShareWithoutKeyAccess,
  awsManagedKeyOnSharedResource,
  kmsKeyNotEnabledOnSharedResource,
  scpAllowListGap,
  scpOnManagementAccountWorkloads,
  scpUsedAsDataPerimeter,
  rcpUnsupportedService,
  loggingDeliveryRefused,
  unusedCrossAccountTrust,
  identityCenterAssignmentUnused,
];

export function findingRule(id: string): FindingRule | undefined {
  return FINDING_RULES.find((r) => r.id === id);
}
