import type { EstateCoverage } from '../core/model/estate-coverage.js';
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
import { isPersonPrincipal } from '../questions/identity-center-principal.js';
import { explainPerson } from '../analyses/explain/explain-person.js';
import { renderPersonExplanationJson, renderPersonExplanationText } from './explain-person.js';
import { renderExplainDot } from '../reporters/explain-dot.js';
import { renderExplainJson } from '../reporters/explain-json.js';
import { renderExplainMermaid } from '../reporters/explain-mermaid.js';
import { renderExplainText } from '../reporters/explain-text.js';
import { checkPrincipalKnown, readQuestion, type QuestionFlags } from '../questions/read-question.js';
import { EXIT_OK, EXIT_UNUSABLE, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';

export type ExplainFormat = 'text' | 'json' | 'mermaid' | 'dot';

export interface ExplainFlags extends QuestionFlags {
  /** A JSON file. */
  readonly sessionPolicy?: string;
  readonly allowUnknownAction?: boolean;
  readonly format: ExplainFormat;
}

/**
 * `trustmap explain <estate> --principal … --action … --resource …`: the decision drawn as
 * boundaries, with the fixes or the guardrail. Exit 0 when answered (a denial is an answer), 2 for
 * unusable input (an unreadable estate, a malformed ARN, a missing flag), diagnostics on stderr.
 */
export async function runExplain(estatePath: string, flags: ExplainFlags, io: CommandIo): Promise<number> {
  const catalog = loadServiceCatalog();
  const bag = new DiagnosticBag();
  const sessionPolicy = flags.sessionPolicy !== undefined ? readSessionPolicy(flags.sessionPolicy, catalog, bag) : undefined;
  // A person (`sso:<user>`) is checked once the estate is loaded; the rest of the question now.
  const person = isPersonPrincipal(flags.principal) ? flags.principal : undefined;
  const question = readQuestion(person ? { ...flags, principal: 'anonymous' } : flags, catalog, bag, { ...(sessionPolicy ? { sessionPolicy } : {}), allowUnknownAction: flags.allowUnknownAction === true });
  if (!question || bag.hasErrors) return unusable(io, bag.items);
  const loaded = loadEstate(estatePath, { catalog, onProgress: (message) => reportProgress(io, message), requireComplete: io.requireComplete === true });
  if (loaded.unusable) return unusable(io, [...bag.items, ...loaded.diagnostics]);
  if (person !== undefined) {
    const answer = explainPerson(loaded.estate, person, question, catalog, bag);
    const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
    if (!answer || bag.hasErrors) return unusable(io, diagnostics);
    reportDiagnostics(io, diagnostics);
    if (flags.format === 'json') io.stdout(renderPersonExplanationJson(answer, diagnostics, loaded.coverage));
    else if (flags.format === 'text' || !answer.best?.explanation) io.stdout(renderPersonExplanationText(answer, loaded.estate, (e) => render(e, 'text', diagnostics, loaded.coverage)));
    else io.stdout(render(answer.best.explanation, flags.format, diagnostics, loaded.coverage));
    return EXIT_OK;
  }
  checkPrincipalKnown(loaded.estate, question, bag);
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...bag.items]);
  if (bag.hasErrors) return unusable(io, diagnostics);
  const explanation = explainRequest(loaded.estate, question, { catalog });
  reportDiagnostics(io, diagnostics);
  io.stdout(render(explanation, flags.format, diagnostics, loaded.coverage));
  return EXIT_OK;
}

function render(e: Explanation, format: ExplainFormat, diagnostics: readonly Diagnostic[], coverage: EstateCoverage | undefined): string {
  switch (format) {
    case 'json':
      return renderExplainJson(e, diagnostics, coverage);
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
