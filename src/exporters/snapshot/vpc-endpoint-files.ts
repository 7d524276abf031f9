import type { Account, VpcEndpoint } from '../../core/model/estate.js';
import { byKey, fileAt, policyText, type ExportScope, type SnapshotFile } from './export-scope.js';

/** Where an endpoint that names no region is written (the layout needs one). */
const DEFAULT_REGION = 'us-east-1';

/**
 * `ec2/<region>/describe-vpc-endpoints.json`: the account's VPC endpoints, one file per region,
 * `PolicyDocument` a JSON string (absent for an endpoint without a policy of its own). Endpoints
 * not collected write no `ec2/` folder; collected and none, an empty list.
 */
export function vpcEndpointFiles(account: Account, scope: ExportScope): SnapshotFile[] {
  noteSourceVpce(account, scope);
  const endpoints = account.vpcEndpoints;
  if (endpoints === undefined) return [];
  const byRegion = new Map<string, VpcEndpoint[]>();
  for (const e of endpoints) {
    const region = e.region ?? DEFAULT_REGION;
    let list = byRegion.get(region);
    if (!list) byRegion.set(region, (list = []));
    list.push(e);
  }
  if (byRegion.size === 0) byRegion.set(DEFAULT_REGION, []);
  return [...byRegion.keys()].sort().flatMap((region) =>
    fileAt(`accounts/${account.id}/ec2/${region}/describe-vpc-endpoints.json`, { VpcEndpoints: [...byRegion.get(region)!].sort(byKey((e) => e.id)).map(describeEndpoint) }),
  );
}

/** One entry of `aws ec2 describe-vpc-endpoints`. */
function describeEndpoint(e: VpcEndpoint): unknown {
  return {
    VpcEndpointId: e.id,
    ...(e.type !== undefined ? { VpcEndpointType: e.type } : {}),
    ...(e.vpcId !== undefined ? { VpcId: e.vpcId } : {}),
    ServiceName: e.serviceName,
    State: 'available',
    ...(e.policy ? { PolicyDocument: policyText(e.policy.document) } : {}),
    OwnerId: e.accountId,
  };
}

/** Which endpoint a user's or role's calls are sent through is a scenario fact: no AWS output records it. */
function noteSourceVpce(account: Account, scope: ExportScope): void {
  for (const entity of [...account.users.values(), ...account.roles.values()]) {
    if (entity.sourceVpce !== undefined) scope.omit(`\`${entity.arn}\` calls through the VPC endpoint \`${entity.sourceVpce}\`: no AWS output records that, so its requests will not carry \`aws:SourceVpce\` unless a question gives it`);
  }
}
