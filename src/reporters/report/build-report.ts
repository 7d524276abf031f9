import { describeCoverage, type EstateCoverage } from '../../core/model/estate-coverage.js';
import { BOUNDARY_ORDER, BOUNDARY_TITLES } from '../../analyses/access-map/access-boundary.js';
import type { AccessMap, AccessMapEntry } from '../../analyses/access-map/access-map.js';
import { firstPrincipal } from '../../analyses/access-map/principal-set.js';
import type { EstateOverview, IdentityCenterOverview, OrgLevel } from '../../analyses/report/estate-overview.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { renderAccessMapMermaid } from '../access-map-mermaid.js';
import { accessWords, actionGroups, mapNotes, sourceWords } from '../access-map-words.js';
import { heading, paragraph, type Block, type Inline, type ReportDocument } from './report-document.js';

/** What the report needs of a finding (the findings analysis gives more). */
export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  readonly title: string;
  readonly message: string;
  readonly subject: string;
  readonly account?: string;
  readonly location?: string;
  readonly fix: string;
  /** The statement to paste, as JSON, where the fix has one. */
  readonly fixStatement?: string;
  readonly docs?: string;
}

export interface ReportInput {
  /** How the estate was given: its path. */
  readonly source: string;
  readonly sourceKind: string;
  readonly toolVersion: string;
  readonly dataVersion: string;
  readonly overview: EstateOverview;
  readonly accessMap: AccessMap;
  /** Undefined when findings were not computed. */
  readonly findings?: readonly ReportFinding[];
  readonly diagnostics: readonly Diagnostic[];
  /** What the estate's input covers; the glance states it. */
  readonly coverage?: EstateCoverage;
  /** `prod 444444444444`, or the id alone when the account has no name. */
  readonly accountLabel: (id: string) => string;
  /** `prod`, or the id alone: diagrams add the id themselves. */
  readonly accountName: (id: string) => string;
  readonly isMember: (id: string) => boolean;
  /** The OU an account sits in, for diagrams of large organizations. */
  readonly parentOf: (id: string) => { id: string; name: string } | undefined;
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Diagrams stay readable up to about this many accounts; beyond it they are drawn by OU. */
const DIAGRAM_ACCOUNTS = 40;
/** Tables list every entry up to this many; beyond it, the boundaries outside the organization only. */
const FULL_TABLE_ENTRIES = 300;

/**
 * `trustmap report`: the estate at a glance, the organization and its guardrails, the
 * cross-account access map as pictures and tables, access from outside the organization and the
 * public, and the findings with their fixes. Every figure comes from the access map and the findings.
 */
export function buildReport(input: ReportInput): ReportDocument {
  const title = `trustmap report: ${input.source}`;
  return {
    title,
    blocks: [
      heading(1, title),
      paragraph(
        'Estate ',
        { code: input.source },
        ` (${input.sourceKind}), partition `,
        { code: input.overview.partition },
        `. Every decision below comes from trustmap ${input.toolVersion}'s engine, both sides of each account boundary and the organization's guardrails, with AWS service reference data ${input.dataVersion}.`,
      ),
      ...glance(input),
      ...organization(input),
      ...peopleSection(input),
      ...accessSections(input),
      ...findingsSection(input),
      ...blockedSection(input),
      ...inputProblems(input),
    ],
  };
}

function glance(input: ReportInput): Block[] {
  const o = input.overview;
  const m = input.accessMap;
  const byBoundary = counts(m.entries.map((e) => e.boundary));
  const org = o.organization;
  const rows: Array<[string, Inline[]]> = [
    ['Organization', org.status === 'collected' ? [{ code: org.id ?? '' }, `, management account ${org.managementAccount ? managementWords(org.managementAccount, input) : 'unknown'}; SCPs ${org.scpsEnabled ? 'on' : 'off'}, RCPs ${org.rcpsEnabled ? 'on' : 'off'}`] : [org.status === 'none' ? 'none: the accounts are in no organization' : 'not collected: guardrails and membership unknown']],
    ['Accounts', [`${o.accounts} (${o.accountsWithIam} with IAM collected), ${plural(o.organizationalUnits, 'OU')}`]],
    ...(input.coverage ? [['Coverage', [`${input.coverage.complete ? 'complete: ' : 'partial: '}${describeCoverage(input.coverage)}`]] as [string, Inline[]]] : []),
    ['Guardrails', [`${plural(o.scps, 'SCP')}, ${plural(o.rcps, 'RCP')}`]],
    ['Principals', [`${plural(o.roles, 'role')}, ${plural(o.users, 'user')} (${o.usersWithAccessKeys} with active access keys), ${plural(o.identityProviders, 'identity provider')}`]],
    ...(o.identityCenter ? [['People', [peopleGlance(o.identityCenter)]] as [string, Inline[]]] : []),
    ['Resources', [Object.entries(o.resources).map(([t, n]) => plural(n, t)).join(', ') || 'none listed']],
    ['Cross-account access', [`${m.entries.length} ${m.entries.length === 1 ? 'entry' : 'entries'}${pairsWords(m)}: ${BOUNDARY_ORDER.map((b) => `${byBoundary.get(b) ?? 0} ${BOUNDARY_TITLES[b]}`).join(', ')}; ${m.blocked.length} blocked`]],
  ];
  if (input.findings) {
    const bySeverity = counts(input.findings.map((f) => f.severity));
    rows.push(['Findings', [SEVERITIES.map((s) => `${bySeverity.get(s) ?? 0} ${s}`).join(', ')]]);
  }
  const bySeverityOfDiagnostic = counts(input.diagnostics.map((d) => d.severity));
  rows.push(['Input problems', [`${plural(bySeverityOfDiagnostic.get('error') ?? 0, 'error')}, ${plural(bySeverityOfDiagnostic.get('warning') ?? 0, 'warning')}, ${plural(bySeverityOfDiagnostic.get('info') ?? 0, 'note')} (see the last section)`]]);
  const attention: Inline[][] = [];
  for (const b of ['public', 'outside', 'unknown'] as const) {
    const n = byBoundary.get(b) ?? 0;
    if (n > 0) attention.push([{ strong: `${n} access${n === 1 ? '' : 'es'} ${b === 'public' ? 'open to anyone' : b === 'outside' ? 'from outside the organization' : 'from accounts of unknown membership'}` }, ' (', { link: 'access from outside', href: '#from-outside-the-organization-and-public' }, ')']);
  }
  const openServices = input.accessMap.entries.filter((e) => e.boundary === 'service' && e.sourceAccounts === 'any').length;
  if (openServices > 0) attention.push([{ strong: `${openServices} resource${openServices === 1 ? '' : 's'} an AWS service may use for any account` }, ' (no source condition: confused deputy)']);
  for (const group of byRule((input.findings ?? []).filter((x) => x.severity === 'critical' || x.severity === 'high')).slice(0, 10)) {
    const f = group[0]!;
    if (group.length === 1) attention.push([{ strong: f.severity }, ` ${f.title}: `, { code: f.subject }, ' — fix: ', ...withCode(f.fix)]);
    else attention.push([{ strong: f.severity }, ` ${f.title}: ${group.length} findings, the first `, { code: f.subject }, ' — fix: ', ...withCode(f.fix), ' (', { link: 'all of them', href: '#findings' }, ')']);
  }
  return [
    heading(2, 'At a glance'),
    { kind: 'table', headers: ['', 'In this estate'], rows: rows.map(([k, v]) => [[{ strong: k }], v]) },
    ...(attention.length > 0 ? [paragraph({ strong: 'Needs attention first' }), { kind: 'list' as const, items: attention }] : [paragraph('Nothing reaches in from outside the organization or from the public.')]),
  ];
}

function peopleGlance(ic: IdentityCenterOverview): string {
  return `${plural(ic.users, 'user')} in ${plural(ic.groups, 'group')} of IAM Identity Center (${ic.instances.join(', ')}); ${plural(ic.permissionSets, 'permission set')}, assigned in ${plural(ic.accountsAssigned, 'account')}`;
}

/**
 * The people behind the roles: who signs in as which IAM Identity Center role, by way in, then the
 * cross-account access they have through it (the access map's entries that name people).
 */
function peopleSection(input: ReportInput): Block[] {
  const ic = input.overview.identityCenter;
  if (!ic) return [];
  const rows = ic.people.slice(0, FULL_TABLE_ENTRIES).map((p): Inline[][] => [
    [p.group !== undefined ? `group ${p.group}` : 'assigned directly'],
    [{ code: p.permissionSet }],
    [input.accountLabel(p.accountId)],
    [p.users.map((u) => u.userName).join(', ')],
  ]);
  const across = input.accessMap.entries.filter((e) => (e.people ?? []).length > 0);
  const blocks: Block[] = [
    heading(2, 'People'),
    paragraph('Who signs in as the roles IAM Identity Center provisioned: through a group\'s assignment or assigned directly, by permission set and account. Only assignments count: a permission set provisioned where nobody is assigned gives no one access.'),
    ic.people.length > 0 ? { kind: 'table', headers: ['Way in', 'Permission set', 'Account', 'People'], rows } : paragraph('Nobody is assigned a permission set whose role the accounts hold.'),
  ];
  if (ic.people.length > rows.length) blocks.push(paragraph(`The first ${rows.length} of ${ic.people.length} ways in; \`trustmap who-can\` and \`--principal sso:<user>\` answer for each.`));
  if (across.length > 0) {
    blocks.push(paragraph({ strong: 'Across accounts' }, ': what people reach in other accounts through those roles.'));
    blocks.push({
      kind: 'list',
      items: across.slice(0, FULL_TABLE_ENTRIES).map((e): Inline[] => [
        (e.people ?? []).map((p) => `${p.users.map((u) => u.userName).join(', ')} (${p.group !== undefined ? `group ${p.group}` : 'assigned directly'}, ${p.permissionSet})`).join('; '),
        ' → ',
        { code: e.target },
        ` (${input.accountLabel(e.targetAccount)}): ${accessWords(e)}`,
      ]),
    });
  }
  return blocks;
}

function organization(input: ReportInput): Block[] {
  const tree = input.overview.tree;
  if (tree.length === 0) return [heading(2, 'Organization'), paragraph(input.overview.organization.status === 'none' ? 'The accounts are in no organization: no SCP or RCP applies.' : 'The organization was not collected: SCPs, RCPs and membership are unknown, and answers that need them say so.')];
  const large = tree.filter((l) => l.kind === 'account').length > DIAGRAM_ACCOUNTS;
  const shown = large ? tree.filter((l) => l.kind !== 'account') : tree;
  const items = shown.map((l) => levelLine(l, large ? tree.filter((a) => a.kind === 'account' && isChildOf(tree, a, l)).length : 0));
  const depths = shown.map((l) => l.depth);
  return [
    heading(2, 'Organization'),
    paragraph('The root, its OUs and ', large ? 'the number of accounts in each' : 'accounts', ', with the guardrails attached at each level. SCPs bind the principals of the accounts below them, RCPs the resources; neither ever grants.'),
    { kind: 'list', items, depths },
  ];
}

function levelLine(l: OrgLevel, accounts: number): Inline[] {
  const what = l.kind === 'root' ? 'root' : l.kind === 'ou' ? 'OU' : l.isManagement ? 'management account' : 'account';
  const out: Inline[] = [{ strong: l.name }, ` (${what} `, { code: l.id }, ')'];
  if (accounts > 0) out.push(`, ${accounts} account${accounts === 1 ? '' : 's'}`);
  if (l.scps && l.scps.length > 0) out.push(' — SCPs: ', l.scps.join(', '));
  if (l.rcps && l.rcps.length > 0) out.push(' — RCPs: ', l.rcps.join(', '));
  if (l.kind === 'account' && l.iamCollected === false) out.push(' — IAM not collected');
  return out;
}

function isChildOf(tree: readonly OrgLevel[], account: OrgLevel, level: OrgLevel): boolean {
  const i = tree.indexOf(account);
  const j = tree.indexOf(level);
  if (j > i) return false;
  for (let k = i - 1; k >= j; k--) if (tree[k]!.depth < account.depth && tree[k]!.kind !== 'account') return tree[k] === level;
  return false;
}

function accessSections(input: ReportInput): Block[] {
  const m = input.accessMap;
  const assume = m.entries.filter((e) => e.kind === 'assume');
  const resources = m.entries.filter((e) => e.kind === 'resource');
  const accounts = new Set(m.entries.flatMap((e) => [e.targetAccount, ...e.principals.accounts]));
  const byOu = accounts.size > DIAGRAM_ACCOUNTS;
  const draw = (entries: readonly AccessMapEntry[], title: string): string => {
    const shown = byOu ? entries.map((e) => regroup(e, input)) : entries;
    return renderAccessMapMermaid({ entries: shown }, byOu ? (id) => input.parentOf(id)?.name ?? input.accountName(id) : input.accountName, input.isMember, title);
  };
  const blocks: Block[] = [
    heading(2, 'Cross-account access'),
    paragraph(
      `${m.entries.length === 1 ? '1 access crosses' : `${m.entries.length} accesses cross`} an account boundary. ${m.targetsAsked} of ${m.targetsTotal} roles and resources name a principal outside their account, and each (principal, target, action) was decided by the engine (${m.evaluations} evaluations). `,
      byOu ? `With ${accounts.size} accounts involved, the diagrams draw OUs rather than accounts. ` : '',
      'A dashed arrow holds only under a condition, or is unknown.',
    ),
    heading(3, 'Trust edges: who assumes roles in which account'),
  ];
  blocks.push(assume.length > 0 ? { kind: 'mermaid', source: draw(assume, 'role assumptions across accounts') } : paragraph('No role is assumed across an account boundary.'));
  blocks.push(heading(3, 'Resource access across accounts'));
  blocks.push(resources.length > 0 ? { kind: 'mermaid', source: draw(resources, 'resource access across accounts') } : paragraph('No resource is reached across an account boundary.'));
  const inside = m.entries.filter((e) => e.boundary === 'organization');
  if (inside.length > 0) {
    blocks.push(heading(3, 'Inside the organization'));
    if (m.entries.length <= FULL_TABLE_ENTRIES) blocks.push(entryTable(inside, input));
    else blocks.push(paragraph(`${inside.length} entries: too many to list here; \`trustmap access-map --format markdown\` lists them all.`));
  }
  blocks.push(heading(2, 'From outside the organization and public'));
  const outside = m.entries.filter((e) => e.boundary !== 'organization' && !(e.boundary === 'service' && e.sourceAccounts !== 'any'));
  if (outside.length === 0) blocks.push(paragraph('Nothing: every cross-account access comes from the organization, or from an AWS service pinned to one of its accounts.'));
  for (const b of ['public', 'outside', 'unknown', 'service'] as const) {
    const list = outside.filter((e) => e.boundary === b);
    if (list.length === 0) continue;
    blocks.push(heading(3, b === 'service' ? 'AWS services with no source condition' : capitalize(BOUNDARY_TITLES[b])), entryTable(list, input));
  }
  const pinned = m.entries.filter((e) => e.boundary === 'service' && e.sourceAccounts !== 'any');
  if (pinned.length > 0) {
    blocks.push(heading(3, 'AWS services acting for another account'), paragraph('Pinned by their conditions to the accounts shown.'), entryTable(pinned, input));
  }
  return blocks;
}

function entryTable(entries: readonly AccessMapEntry[], input: ReportInput): Block {
  return {
    kind: 'table',
    headers: ['Principal', 'Target', 'Target account', 'Access', 'Decision'],
    rows: entries.map((e) => [
      [sourceWords(e)],
      [{ code: e.target }],
      [input.accountLabel(e.targetAccount)],
      [accessWords(e)],
      decisionInlines(e),
    ]),
  };
}

function decisionInlines(e: AccessMapEntry): Inline[] {
  const out: Inline[] = [];
  for (const g of actionGroups(e.actions, e.target)) {
    if (out.length > 0) out.push('; ');
    g.actions.forEach((a, i) => out.push(...(i > 0 ? [', '] : []), { code: a }));
    out.push(`: ${g.text}`);
  }
  for (const n of mapNotes(e)) out.push(`; note: ${n}`);
  return out;
}

function findingsSection(input: ReportInput): Block[] {
  if (!input.findings) return [];
  const blocks: Block[] = [heading(2, 'Findings')];
  if (input.findings.length === 0) return [...blocks, paragraph('No finding.')];
  blocks.push(paragraph('Each finding names what it is about, where the offending statement is, and the fix: which account changes what.'));
  const groups = byRule(input.findings);
  const listed = input.findings.length <= FULL_TABLE_ENTRIES ? input.findings : input.findings.slice(0, FULL_TABLE_ENTRIES);
  if (listed.length < input.findings.length) {
    blocks.push(
      paragraph(`${input.findings.length} findings of ${groups.length} rules: the table lists the first ${listed.length}, most severe first; \`trustmap findings\` lists them all.`),
      {
        kind: 'table',
        headers: ['Severity', 'Rule', 'Findings', 'The first'],
        rows: groups.map((g) => [[{ strong: g[0]!.severity }], g[0]!.docs ? [{ link: g[0]!.ruleId, href: g[0]!.docs }] : [{ code: g[0]!.ruleId }], [String(g.length)], [{ code: g[0]!.subject }]]),
      },
    );
  }
  blocks.push({
    kind: 'table',
    headers: ['Severity', 'Rule', 'Subject', 'Where', 'Finding', 'Fix'],
    rows: listed.map((f) => [
      [{ strong: f.severity }],
      f.docs ? [{ link: f.ruleId, href: f.docs }] : [{ code: f.ruleId }],
      [{ code: f.subject }, ...(f.account ? [` (${input.accountLabel(f.account)})`] : [])],
      f.location ? [{ code: f.location }] : ['-'],
      withCode(f.message),
      withCode(f.fix),
    ]),
  });
  const pasted = listed.filter((f) => f.fixStatement !== undefined);
  if (pasted.length > 0) {
    blocks.push(heading(3, 'Statements to paste'), paragraph('Where a fix is a statement, here it is, to add to the policy named in the fix (or to replace the statement at fault with).'));
    for (const f of pasted) blocks.push(paragraph({ strong: f.ruleId }, ' on ', { code: f.subject }, ': ', ...withCode(f.fix)), { kind: 'code', text: f.fixStatement! });
  }
  return blocks;
}

function blockedSection(input: ReportInput): Block[] {
  const blocked = input.accessMap.blocked;
  if (blocked.length === 0) return [];
  return [
    heading(2, 'Named but refused'),
    paragraph('The target side names these principals, and a gate still refuses: either an intended access that is broken (a missing grant on the other side, a key policy that forgets the principal), or a guardrail doing its job.'),
    {
      kind: 'table',
      headers: ['Principal', 'Request', 'Decision', 'Refused by', 'Why'],
      rows: blocked.map((b) => [[sourceWords(b)], [{ code: `${b.action} ${b.resource}` }], [b.decision], [b.gate ? `${b.gate} (${b.side} ${b.account})` : '-'], [b.reason]]),
    },
  ];
}

function inputProblems(input: ReportInput): Block[] {
  const byCode = counts(input.diagnostics.map((d) => `${d.severity} ${d.code}`));
  const blocks: Block[] = [heading(2, 'Input problems')];
  if (byCode.size === 0) return [...blocks, paragraph('None: every file and policy was read.')];
  blocks.push(paragraph('Problems met while reading the estate. Answers that needed a broken piece say Unknown rather than guess; `trustmap` prints each with its file, JSON pointer and line on stderr.'));
  blocks.push({ kind: 'table', headers: ['Diagnostic', 'Count'], rows: [...byCode].sort((a, b) => b[1] - a[1]).map(([k, n]) => [[{ code: k }], [String(n)]]) });
  return blocks;
}

/** ` (23 principal–target pairs)` when some entry is a set of principals: how many reach, one by one. */
function pairsWords(m: AccessMap): string {
  if (!m.entries.some((e) => e.principals.count > 1)) return '';
  const pairs = m.entries.reduce((n, e) => n + e.principals.count, 0);
  return ` (${pairs.toLocaleString('en-US')} principal–target pairs)`;
}

/** An entry drawn at the level of the OUs its accounts sit in. */
function regroup(e: AccessMapEntry, input: ReportInput): AccessMapEntry {
  const ou = (id: string): string => input.parentOf(id)?.id ?? id;
  const first = firstPrincipal(e.principals);
  const moved = first.accountId ? { ...first, accountId: ou(first.accountId) } : first;
  const accounts = [...new Set(e.principals.accounts.map(ou))].sort();
  return { ...e, targetAccount: ou(e.targetAccount), principals: { ...e.principals, accounts, members: [moved], first: moved } };
}

/** `111111111111 (management)`, or the id alone: "management account management 1111…" reads badly. */
function managementWords(id: string, input: ReportInput): string {
  const name = input.accountName(id);
  return name === id ? id : `${id} (${name})`;
}

/** Findings of one rule together, in the order of their first (the most severe first). */
function byRule(findings: readonly ReportFinding[]): ReportFinding[][] {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const group = groups.get(f.ruleId);
    if (group) group.push(f);
    else groups.set(f.ruleId, [f]);
  }
  return [...groups.values()];
}

/** Findings write names in backticks, as Markdown does: keep them code in every format. */
function withCode(text: string): Inline[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? { code: part } : part)).filter((p) => p !== '');
}

function counts<T>(values: readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

