import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { explainRequest } from '../analyses/explain/explain-request.js';
import type { Explanation } from '../analyses/explain/explanation.js';
import { loadServiceCatalog } from '../catalog/iam-data-catalog.js';
import { parseArn } from '../core/arn/arn.js';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import type { AuthorizationRequest, GivenValue } from '../core/decision/request.js';
import { isServicePrincipal, resolveCaller } from '../core/decision/resolve-caller.js';
import { parseJsonLocated } from '../core/json/parse-json-located.js';
import type { Estate } from '../core/model/estate.js';
import type { ServiceCatalog } from '../core/model/service-catalog.js';
import { parsePolicy } from '../core/policy/parse-policy.js';
import type { Policy } from '../core/policy/policy-types.js';
import { loadEstate } from '../loaders/load-estate.js';
import { renderExplainDot } from '../reporters/explain-dot.js';
import { renderExplainJson } from '../reporters/explain-json.js';
import { renderExplainMermaid } from '../reporters/explain-mermaid.js';
import { renderExplainText } from '../reporters/explain-text.js';
import { EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';

export type ExplainFormat = 'text' | 'json' | 'mermaid' | 'dot';

export interface ExplainFlags {
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  /** `KEY=VALUE`; a key given more than once is multi-valued. */
  readonly context?: readonly string[];
  /** Keys absent from the request. */
  readonly absent?: readonly string[];
  readonly sessionPolicy?: string;
  /** `KEY=VALUE`. */
  readonly sessionTag?: readonly string[];
  readonly sessionIssuer?: string;
  readonly format: ExplainFormat;
}

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/;

/**
 * `trustmap explain <estate> --principal … --action … --resource …`: the decision drawn as
 * boundaries, with the fixes or the guardrail. Exit 0 when answered (a denial is an answer), 2 for
 * unusable input (an unreadable estate, a malformed ARN, a missing flag), diagnostics on stderr.
 */
export async function runExplain(estatePath: string, flags: ExplainFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const question = readQuestion(flags, catalog, bag);
  if (!question || bag.hasErrors) return unusable(io, bag.items);
  const loaded = loadEstate(estatePath, { catalog, onProgress: (message) => reportProgress(io, message) });
  if (loaded.unusable) return unusable(io, [...bag.items, ...loaded.diagnostics]);
  checkPrincipalKnown(loaded.estate, question, bag);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
  if (bag.hasErrors) return unusable(io, diagnostics);
  const explanation = explainRequest(loaded.estate, question, { catalog });
  reportDiagnostics(io, diagnostics);
  io.stdout(render(explanation, flags.format, diagnostics));
  return EXIT_OK;
}

function render(e: Explanation, format: ExplainFormat, diagnostics: readonly Diagnostic[]): string {
  switch (format) {
    case 'json':
      return renderExplainJson(e, diagnostics);
    case 'mermaid':
      return renderExplainMermaid(e);
    case 'dot':
      return renderExplainDot(e);
    case 'text':
      return renderExplainText(e);
  }
}

function unusable(io: CommandIo, diagnostics: readonly Diagnostic[]): number {
  reportDiagnostics(io, sortDiagnostics(diagnostics));
  return EXIT_UNUSABLE;
}

/** The request the flags ask about; undefined (with an error in the bag) when they do not make one. */
export function readQuestion(flags: ExplainFlags, catalog: ServiceCatalog | undefined, bag: DiagnosticBag): AuthorizationRequest | undefined {
  const principal = required(flags.principal, '--principal', 'arn:aws:sts::111111111111:assumed-role/ci-runner/build-42', bag);
  const action = required(flags.action, '--action', 's3:GetObject', bag);
  const resource = required(flags.resource, '--resource', 'arn:aws:s3:::bucket/key', bag);
  if (principal === undefined || action === undefined || resource === undefined) return undefined;
  if (!isPrincipal(principal)) {
    flagError(bag, 'explain/invalid-principal', `\`${principal}\` is not a principal`, 'give an IAM user, role or role-session ARN, an account root ARN (`arn:aws:iam::111111111111:root`), a federated-user or identity-provider ARN, a service principal (`sns.amazonaws.com`) or `anonymous`');
  }
  if (!ACTION.test(action)) flagError(bag, 'explain/invalid-action', `\`${action}\` is not an action`, 'write it as `service:Action`, as in `s3:GetObject`; wildcards ask about many actions and are not accepted');
  if (resource !== '*' && !parseArn(resource)) flagError(bag, 'explain/invalid-resource', `\`${resource}\` is not an ARN`, 'write the full ARN, as in `arn:aws:s3:::bucket/key`, or `*` for actions that take no resource');
  if (flags.sessionIssuer !== undefined && !parseArn(flags.sessionIssuer)) flagError(bag, 'explain/invalid-session-issuer', `\`${flags.sessionIssuer}\` is not an ARN`, 'give the ARN of the IAM user that called GetFederationToken');
  const context = readContext(flags.context ?? [], flags.absent ?? [], bag);
  const sessionTags = readSessionTags(flags.sessionTag ?? [], bag);
  const sessionPolicy = flags.sessionPolicy !== undefined ? readSessionPolicy(flags.sessionPolicy, catalog, bag) : undefined;
  return {
    principal,
    action,
    resource,
    ...(Object.keys(context).length > 0 ? { context } : {}),
    ...(sessionPolicy ? { sessionPolicy } : {}),
    ...(Object.keys(sessionTags).length > 0 ? { sessionTags } : {}),
    ...(flags.sessionIssuer !== undefined ? { sessionIssuer: flags.sessionIssuer } : {}),
  };
}

function isPrincipal(p: string): boolean {
  if (p === 'anonymous' || isServicePrincipal(p)) return true;
  const arn = parseArn(p);
  return arn !== undefined && /^\d{12}$/.test(arn.account) && (arn.service === 'iam' || arn.service === 'sts');
}

/**
 * `--context KEY=VALUE`, repeated for a multi-valued key, and `--absent KEY` (scenario-format.md,
 * "On the command line"). Key names are case-insensitive: `aws:sourcearn` and `aws:SourceArn` are one key.
 */
export function readContext(pairs: readonly string[], absent: readonly string[], bag: DiagnosticBag): Record<string, GivenValue> {
  const values = new Map<string, { key: string; values: string[] }>();
  for (const pair of pairs) {
    const cut = pair.indexOf('=');
    if (cut <= 0) {
      flagError(bag, 'explain/invalid-context', `\`--context ${pair}\` is not \`KEY=VALUE\``, 'write `--context aws:SourceIp=203.0.113.7`; repeat the key for a multi-valued key');
      continue;
    }
    const key = pair.slice(0, cut);
    const entry = values.get(key.toLowerCase()) ?? { key, values: [] };
    entry.values.push(pair.slice(cut + 1));
    values.set(key.toLowerCase(), entry);
  }
  const out: Record<string, GivenValue> = {};
  for (const { key, values: vs } of values.values()) out[key] = vs.length === 1 ? vs[0]! : vs;
  for (const key of absent) {
    if (values.has(key.toLowerCase())) {
      flagError(bag, 'explain/conflicting-context', `\`${key}\` is given both a value and \`--absent\``, 'a key is either in the request (`--context`) or absent from it (`--absent`)');
      continue;
    }
    out[key] = null;
  }
  return out;
}

function readSessionTags(pairs: readonly string[], bag: DiagnosticBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const cut = pair.indexOf('=');
    if (cut <= 0) {
      flagError(bag, 'explain/invalid-session-tag', `\`--session-tag ${pair}\` is not \`KEY=VALUE\``, 'write `--session-tag team=platform`');
      continue;
    }
    out[pair.slice(0, cut)] = pair.slice(cut + 1);
  }
  return out;
}

/** A session policy from a JSON file. A file that is not JSON is unusable; problems inside the policy are diagnostics, as in scenarios. */
function readSessionPolicy(path: string, catalog: ServiceCatalog | undefined, bag: DiagnosticBag): Policy | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    bag.add({ code: 'explain/session-policy-unreadable', severity: 'error', message: code === 'ENOENT' ? `no such file \`${path}\`` : `cannot read \`${path}\``, source: { file: path, pointer: '' } });
    return undefined;
  }
  const parsed = parseJsonLocated(text);
  if (!parsed.ok) {
    const message = `the session policy is not valid JSON: ${parsed.message.charAt(0).toLowerCase()}${parsed.message.slice(1)}`;
    bag.add({ code: 'explain/session-policy-invalid-json', severity: 'error', message, source: { file: path, pointer: '', line: parsed.line, column: parsed.column } });
    return undefined;
  }
  const policyBag = new DiagnosticBag();
  const policy = parsePolicy(parsed.value, { kind: 'session', name: path, source: { file: path, pointer: '', locate: parsed.locate }, ...(catalog ? { catalog } : {}) }, policyBag);
  // Problems inside the policy leave the question answerable: the engine answers Unknown where they matter.
  for (const d of policyBag.items) bag.add(d.severity === 'error' ? { ...d, severity: 'warning' } : d);
  return policy;
}

/** A principal of an account the estate lists, but which that account does not have, is a mistake in the question. */
export function checkPrincipalKnown(estate: Estate, request: AuthorizationRequest, bag: DiagnosticBag): void {
  const caller = resolveCaller(estate, request.principal, request.sessionIssuer);
  if (!caller.problem) return;
  const account = caller.identity.accountId !== undefined ? estate.accounts.get(caller.identity.accountId) : undefined;
  const names = account ? [...[...account.roles.values()].map((r) => r.arn), ...[...account.users.values()].map((u) => u.arn)] : [];
  bag.add({
    code: 'explain/unknown-principal',
    severity: 'error',
    message: caller.problem,
    ...(names.length > 0 ? { help: `account ${account!.id} has ${names.map((n) => `\`${n}\``).join(', ')}` } : {}),
  });
}

function required(value: string | undefined, flag: string, example: string, bag: DiagnosticBag): string | undefined {
  if (value !== undefined && value !== '') return value;
  flagError(bag, 'explain/missing-flag', `\`${flag}\` is required`, `for example \`${flag} ${example}\``);
  return undefined;
}

function flagError(bag: DiagnosticBag, code: string, message: string, help: string): void {
  bag.add({ code, severity: 'error', message, help });
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const EXAMPLE = `
Example:
  $ trustmap explain examples/org-estate.yaml \\
      --principal arn:aws:sts::555555555555:assumed-role/ml-training/job-7 \\
      --action s3:GetObject \\
      --resource arn:aws:s3:::example-prod-data-lake/features/users.parquet

Exit codes: 0 answered (a denial is an answer), 2 unusable input (diagnostics on stderr).`;

export function registerExplainCommand(program: Command, io: CommandIo): void {
  program
    .command('explain')
    .description('explain one decision as two boundaries (caller account | target account): every gate, the fix to paste, or the guardrail that blocks')
    .argument('<estate>', 'a scenario file, a snapshot folder, an iam-collect folder or `get-account-authorization-details` output')
    .option('--principal <arn>', 'who asks: a user, role or role-session ARN, an account root, a service principal or `anonymous`')
    .option('--action <action>', 'the action, as `service:Action`')
    .option('--resource <arn>', 'the resource ARN (`*` for actions that take none)')
    .option('--context <key=value>', 'a request context value; repeat the key for a multi-valued key', collect, [])
    .option('--absent <key>', 'a context key absent from the request (no value at all)', collect, [])
    .option('--session-policy <file>', 'a session policy (JSON) passed when the session was made')
    .option('--session-tag <key=value>', 'a session tag passed when the session was made', collect, [])
    .option('--session-issuer <arn>', 'for a federated-user session: the IAM user that called GetFederationToken')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'mermaid', 'dot']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: Omit<ExplainFlags, 'format'> & { format: ExplainFormat; json?: boolean }) => {
      process.exitCode = await runExplain(estate, { ...opts, format: opts.json ? 'json' : opts.format }, io);
    });
}
