import { Option, type Command } from 'commander';
import { DiagnosticBag, type Diagnostic } from '../core/diagnostics.js';
import { loadServedEstate } from '../server/served-estate.js';
import { startServer } from '../server/start-server.js';
import { readWebBundle } from '../server/web-bundle.js';
import { reportUnusable } from './access-query-input.js';
import { EXIT_OK, type CommandIo, reportDiagnostics, reportProgress } from './command-io.js';
import { readKnownAccountsFor } from './known-accounts-file.js';

export const DEFAULT_PORT = 7272;

export interface ServeFlags {
  readonly port?: string;
  readonly knownAccounts?: string;
  /** How the line that says where the page is gets printed: `text`, or one JSON object for scripts. */
  readonly format?: 'text' | 'json';
}

export interface ServeOptions {
  /** Where the built page is (default: dist-web/ at the package root). */
  readonly webDir?: string;
  /** Stops the server when aborted; by default Ctrl-C (SIGINT) and SIGTERM do. */
  readonly stop?: AbortSignal;
}

/**
 * `trustmap serve <estate> [--port N]`: loads the estate once and serves the page and the JSON API
 * on 127.0.0.1 until Ctrl-C (docs/web.md). Exit 0 when stopped, 2 for unusable input (a bad
 * estate, a bad port, a port in use, the page not built).
 */
export async function runServe(estatePath: string, flags: ServeFlags, io: CommandIo, options: ServeOptions = {}): Promise<number> {
  const bag = new DiagnosticBag();
  const port = readPort(flags.port, bag);
  const knownAccounts = flags.knownAccounts !== undefined ? readKnownAccountsFor(flags.knownAccounts, bag) : new Map<string, string>();
  if (bag.hasErrors || knownAccounts === undefined) return reportUnusable(io, bag.items);
  const bundle = readWebBundle(options.webDir);
  if (!bundle.ok) return reportUnusable(io, [bundle.diagnostic]);
  const started = Date.now();
  const loaded = loadServedEstate(estatePath, (message) => reportProgress(io, message), undefined, knownAccounts, io.requireComplete === true);
  if (!loaded.ok) return reportUnusable(io, loaded.diagnostics);
  reportDiagnostics(io, loaded.served.diagnostics);
  reportProgress(io, 'running the finding rules');
  // before listening: the server answers one request at a time, and the rules take seconds on a large estate
  const findings = loaded.served.findings().findings.length;
  reportProgress(io, `loaded ${estatePath}: ${loaded.served.estate.accounts.size} accounts, ${loaded.served.accessMap.entries.length} cross-account accesses, ${findings} findings (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const result = await startServer({ served: loaded.served, bundle: bundle.bundle, port, onError: (e) => io.stderr(`error internal/crash: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`) });
  if (!result.ok) return reportUnusable(io, [result.diagnostic]);
  io.stdout(flags.format === 'json' ? `${JSON.stringify({ estate: estatePath, url: result.server.url })}\n` : `trustmap serves ${estatePath} at ${result.server.url}\n`);
  reportProgress(io, 'press Ctrl-C to stop');
  await stopRequested(options.stop);
  await result.server.close();
  reportProgress(io, 'stopped');
  return EXIT_OK;
}

function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  if (signal) return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `--port N`: 0 (any free port) to 65535. */
function readPort(value: string | undefined, bag: DiagnosticBag): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    bag.add({ code: 'serve/invalid-port', severity: 'error', message: `\`--port ${value}\` is not a port number`, help: 'write `--port 8080`, or `--port 0` for any free port' } satisfies Diagnostic);
    return DEFAULT_PORT;
  }
  return Number(value);
}

const EXAMPLE = `
Example:
  $ trustmap serve examples/org-estate.yaml --port 0

The server listens on 127.0.0.1 only and answers requests for localhost or 127.0.0.1 at its port.
It makes no outbound request. Ctrl-C stops it. The page is built into dist-web/ by \`npm ci\`
(the prepare script); \`npm run build:web\` builds it again.

Exit codes: 0 stopped, 2 unusable input (diagnostics on stderr).`;

export function registerServeCommand(program: Command, io: CommandIo): void {
  program
    .command('serve')
    .description('a local web page over the estate: the organization map, explain with both boundaries, who can reach what, paths; and its JSON API')
    .argument('<estate>', 'scenario file, snapshot folder, authorization-details export or iam-collect store')
    .option('--port <n>', `the port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--known-accounts <file>', 'known vendor accounts (YAML list of { name, accounts }, as known_aws_accounts.yaml) to name outside accounts in the findings')
    .addOption(new Option('--format <format>', 'how the address is printed: a line of text, or one JSON object { estate, url }').choices(['text', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText('after', EXAMPLE)
    .action(async (estate: string, opts: ServeFlags & { json?: boolean }) => {
      const { json, ...rest } = opts;
      process.exitCode = await runServe(estate, { ...rest, format: json ? 'json' : (opts.format ?? 'text') }, io);
    });
}
