import type { Estate } from '../../core/model/estate.js';
import type { GraphNode } from '../access-graph/graph-types.js';
import { namedPrincipal } from '../access-map/principal-set.js';
import type { AccessPath, PathsResult } from '../paths/find-paths.js';
import { usageOf, type Usage, type UsageEvidence, type UsageSubject } from './entry-usage.js';

/** A path with the usage of each hop: its role assumptions, then its request (docs/cloudtrail.md#usage). */
export type PathWithUsage = AccessPath & { readonly usage: ReadonlyArray<Usage | undefined> };

/** Marks each hop of each path used or unused, with the signal it rests on. */
export function withPathUsage(result: PathsResult, evidence: UsageEvidence, estate: Estate, node: (id: string) => GraphNode | undefined): PathsResult {
  return {
    ...result,
    paths: result.paths.map((p): PathWithUsage => {
      const hops: Array<Usage | undefined> = p.chain.map((e) => {
        const from = node(e.from);
        return from ? usageOf(subject('assume', from, e.to, e.action, e.to), evidence, estate) : undefined;
      });
      const action = p.final.action;
      const assume = action.toLowerCase().startsWith('sts:assumerole');
      hops.push(usageOf(subject(assume ? 'assume' : 'resource', p.requester, p.final.resource, action, objectScope(p.final.resource)), evidence, estate));
      return { ...p, usage: hops };
    }),
  };
}

function subject(kind: 'assume' | 'resource', from: GraphNode, target: string, action: string, resource: string): UsageSubject {
  const account = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(target)?.[1] ?? '';
  return { kind, principals: namedPrincipal(from), target, targetAccount: account, actions: [{ action, resource }] };
}

/** Usage counts an object's calls against its bucket (`bucket/*`). */
function objectScope(resource: string): string {
  if (!resource.startsWith('arn:aws:s3:::') && !/^arn:aws-[a-z-]+:s3:::/.test(resource)) return resource;
  const slash = resource.indexOf('/');
  return slash < 0 ? resource : `${resource.slice(0, slash)}/*`;
}

export function pathUsage(p: AccessPath): ReadonlyArray<Usage | undefined> | undefined {
  return (p as Partial<PathWithUsage>).usage;
}
