import type { AccountBoundary, BoundaryGate, BoundaryPart, OrganizationPlace, PrincipalNode, ResourceNode } from '../analyses/explain/explanation.js';
import type { GateVerdict } from '../core/decision/result.js';

/**
 * The words and marks the explain reporters share: `✓` allows, `✗` denies or is the missing piece,
 * `~` allows only under a condition, `?` could not be evaluated, `·` matched nothing and was not needed.
 */
export type GateMark = '✓' | '✗' | '~' | '?' | '·';

export function gateMark(g: Pick<GateVerdict, 'verdict'> & { readonly blocking: boolean }): GateMark {
  switch (g.verdict) {
    case 'allow':
      return '✓';
    case 'deny':
      return '✗';
    case 'conditional':
      return '~';
    case 'unknown':
      return '?';
    case 'no-match':
      return g.blocking ? '✗' : '·';
  }
}

const SEVERITY: Record<GateMark, number> = { '✗': 4, '?': 3, '~': 2, '·': 1, '✓': 0 };

/** The gates of a boundary folded by gate id (an SCP chain of three levels is one `scp`), worst mark first wins. */
export function foldedGates(gates: readonly BoundaryGate[]): Array<{ gate: BoundaryGate['gate']; mark: GateMark; blocking: boolean; hops: number[] }> {
  const out = new Map<string, { gate: BoundaryGate['gate']; mark: GateMark; blocking: boolean; hops: number[] }>();
  for (const g of gates) {
    const mark = gateMark(g);
    const prior = out.get(g.gate);
    if (!prior) {
      out.set(g.gate, { gate: g.gate, mark, blocking: g.blocking, hops: [g.hop] });
      continue;
    }
    if (SEVERITY[mark] > SEVERITY[prior.mark]) prior.mark = mark;
    prior.blocking ||= g.blocking;
    if (!prior.hops.includes(g.hop)) prior.hops.push(g.hop);
  }
  return [...out.values()];
}

const PART_WORDS: Record<BoundaryPart, string> = { caller: 'caller', target: 'target', 'key-owner': 'key owner', network: 'network' };

/** `caller · 555555555555 (analytics)`, `target, key owner · 444444444444 (prod)`, `caller · AWS service`. */
export function boundaryTitle(b: AccountBoundary): string {
  const parts = b.parts.map((p) => PART_WORDS[p]).join(', ');
  if (b.account === undefined) return `${parts} · ${outsideWords(b.principals[0])}`;
  return `${parts} · ${b.account}${b.name !== undefined ? ` (${b.name})` : ''}`;
}

function outsideWords(p: PrincipalNode | undefined): string {
  if (!p) return 'outside any account';
  if (p.kind === 'service') return 'AWS service';
  if (p.kind === 'anonymous') return 'anonymous (the internet)';
  return 'outside the estate';
}

/** `o-exmpl12345 › Root › Workloads`, `outside any organization` or `not known` (the assumptions say why). */
export function organizationWords(o: OrganizationPlace): string {
  if (o.status === 'outside') return 'outside any organization';
  if (o.status === 'unknown') return 'not known';
  const levels = o.path.filter((l) => l.kind !== 'account').map((l) => (l.kind === 'root' ? l.name ?? 'Root' : l.name ?? l.id));
  return [o.id, ...levels].join(' › ') + (o.management ? ' (management account)' : '');
}

/** The resource part of an ARN (`role/ml-training`, `example-bucket/key`), or the whole string for non-ARNs. */
export function shortArn(arn: string): string {
  if (!arn.startsWith('arn:')) return arn;
  const parts = arn.split(':');
  return parts.slice(5).join(':') || arn;
}

export function principalWords(p: PrincipalNode): string {
  if (p.kind === 'role-session') {
    // An IAM Identity Center role is told by its name (AWSReservedSSO_<permission set>_…): its path says nothing more.
    const role = shortArn(p.roleArn ?? p.arn).replace(/^role\/aws-reserved\/sso\.amazonaws\.com\/(?:[a-z0-9-]+\/)?(?=AWSReservedSSO_)/, 'role/');
    return p.sessionName !== undefined ? `${role} (session ${p.sessionName})` : role;
  }
  return p.kind === 'service' || p.kind === 'anonymous' ? p.arn : shortArn(p.arn);
}

export function resourceWords(r: ResourceNode): string {
  return `${r.type} ${shortArn(r.arn)}`;
}

/** `scp @ Workloads` for a guardrail level; the gate id otherwise. */
export function gateLabel(g: BoundaryGate): string {
  const level = levelName(g);
  return level === undefined ? g.gate : `${g.gate} @ ${level}`;
}

/** The root, OU or account a guardrail is attached to, by name (`Root` for an unnamed root). */
export function levelName(g: Pick<GateVerdict, 'targetId' | 'targetName'>): string | undefined {
  if (g.targetId === undefined) return undefined;
  return g.targetName ?? (g.targetId.startsWith('r-') ? 'Root' : g.targetId);
}

/** `[policy#index Sid]` for each statement that decided the gate. */
export function statementTags(g: GateVerdict): string {
  return g.statements.map((s) => `[${s.policy}#${s.index}${s.sid !== undefined ? ` ${s.sid}` : ''}]`).join(' ');
}
