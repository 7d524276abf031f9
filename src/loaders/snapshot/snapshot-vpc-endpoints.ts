import { locate } from '../../core/diagnostics.js';
import type { VpcEndpoint } from '../../core/model/estate.js';
import type { JsonDoc } from '../files/json-doc.js';
import type { AccountScope } from './snapshot-scope.js';

const ENDPOINT_TYPES: ReadonlySet<string> = new Set(['Gateway', 'Interface', 'GatewayLoadBalancer']);

/**
 * `ec2/<region>/describe-vpc-endpoints.json`: the account's VPC endpoints and their policies
 * (docs/aws-authorization.md#vpc-endpoint-policy). No `ec2/` folder: not collected. A region
 * whose file was not collected leaves the account's endpoints not collected: an endpoint missing
 * from the list could be there.
 */
export function readVpcEndpoints(scope: AccountScope): void {
  const { folder, dir, draft } = scope;
  const base = `${dir}/ec2`;
  if (!folder.isDir(base)) return;
  const endpoints: VpcEndpoint[] = [];
  let complete = true;
  for (const region of folder.dirs(base)) {
    const recorded = folder.recorded(`${base}/${region}/describe-vpc-endpoints.json`);
    if (recorded.state === 'uncollected') complete = false;
    if (recorded.state !== 'collected') continue;
    endpoints.push(...endpointsOf(scope, recorded.doc, region));
  }
  if (complete) draft.vpcEndpoints = endpoints;
}

function endpointsOf(scope: AccountScope, doc: JsonDoc, region: string): VpcEndpoint[] {
  return doc.listAcrossPages('VpcEndpoints', '`describe-vpc-endpoints` output').flatMap((entry): VpcEndpoint[] => {
    if (!doc.object(entry, 'a VPC endpoint')) return [];
    const idNode = doc.get(entry, 'VpcEndpointId');
    const id = doc.string(idNode, 'the `VpcEndpointId`');
    if (id === undefined || id === '') {
      doc.report(idNode.pointer, 'snapshot/vpc-endpoint-missing-id', 'error', 'a VPC endpoint has no `VpcEndpointId`; it is left out', 'requests name an endpoint by its id (`aws:SourceVpce`), so an endpoint without one cannot be found');
      return [];
    }
    const serviceName = doc.requiredString(doc.get(entry, 'ServiceName'), `the \`ServiceName\` of ${id}`) ?? '';
    const vpcId = doc.string(doc.get(entry, 'VpcId'), `the \`VpcId\` of ${id}`);
    const typeNode = doc.get(entry, 'VpcEndpointType');
    const type = doc.string(typeNode, `the \`VpcEndpointType\` of ${id}`);
    if (type !== undefined && !ENDPOINT_TYPES.has(type)) doc.report(typeNode.pointer, 'snapshot/invalid-value', 'warning', `\`${type}\` is not a VPC endpoint type (\`Gateway\`, \`Interface\`, \`GatewayLoadBalancer\`)`);
    const owner = doc.string(doc.get(entry, 'OwnerId'), `the \`OwnerId\` of ${id}`);
    const policyNode = doc.get(entry, 'PolicyDocument');
    const policy = policyNode.value === undefined || policyNode.value === null ? null : doc.policy(policyNode, 'vpc-endpoint', `vpce:${id}`, scope.catalog);
    return [
      {
        id,
        ...(vpcId !== undefined ? { vpcId } : {}),
        serviceName,
        region,
        ...(type !== undefined && ENDPOINT_TYPES.has(type) ? { type: type as VpcEndpoint['type'] } : {}),
        accountId: owner !== undefined && /^\d{12}$/.test(owner) ? owner : scope.accountId,
        policy,
        source: locate(doc.context(), entry.pointer),
      },
    ];
  });
}
