import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';

const MB = 1024 * 1024;

/**
 * How much heap an estate needs, from its size on disk: loaded, an estate takes about twice its
 * JSON (0.59 MB of heap per generated account of 50 roles and 20 resources, 0.33 MB on disk), and
 * parsing and the analyses need as much again (docs/scale.md#no-flag). Generous on purpose: too
 * little stops the run, too much only reserves address space.
 */
export const HEAP_PER_DISK_BYTE = 4;
export const HEAP_BASE_BYTES = 512 * MB;
/** The share of the machine's memory trustmap gives itself at most. */
export const MACHINE_SHARE = 0.75;

/** The commands whose first argument is an estate (diff: its first two). */
const ESTATE_COMMANDS: Readonly<Record<string, number>> = {
  check: 1,
  explain: 1,
  paths: 1,
  'who-can': 1,
  'what-can': 1,
  'access-map': 1,
  findings: 1,
  diff: 2,
  report: 1,
  serve: 1,
  replay: 1,
};

export interface HeapPlan {
  readonly estateBytes: number;
  readonly neededBytes: number;
  readonly limitBytes: number;
  /** The `--max-old-space-size` to run with, in MB; undefined when the default is enough. */
  readonly maxOldSpaceMb?: number;
  /** The machine cannot give what the estate needs: the load's memory guard will stop it (`load/memory-limit`). */
  readonly machineTooSmall: boolean;
}

/** Whether to give the heap a size, from the estate's bytes on disk, the current limit and the machine's memory. Pure. */
export function planHeap(estateBytes: number, limitBytes: number, machineBytes: number): HeapPlan {
  const neededBytes = estateBytes * HEAP_PER_DISK_BYTE + HEAP_BASE_BYTES;
  const available = machineBytes * MACHINE_SHARE;
  if (neededBytes <= limitBytes) return { estateBytes, neededBytes, limitBytes, machineTooSmall: false };
  const target = Math.min(neededBytes, available);
  if (target <= limitBytes) return { estateBytes, neededBytes, limitBytes, machineTooSmall: true };
  return { estateBytes, neededBytes, limitBytes, maxOldSpaceMb: Math.floor(target / MB), machineTooSmall: neededBytes > available };
}

/** The estate paths of a command line (`trustmap <command> <estate> …`), those that exist. */
export function estateArguments(args: readonly string[]): string[] {
  const command = args[0];
  const count = command !== undefined ? ESTATE_COMMANDS[command] : undefined;
  if (count === undefined) return [];
  const positionals: string[] = [];
  for (let i = 1; i < args.length && positionals.length < count; i++) {
    const a = args[i]!;
    if (a === '--') continue;
    if (a.startsWith('-')) continue;
    if (existsSync(a)) positionals.push(a);
  }
  return positionals;
}

/** Bytes on disk under `paths`, walking folders; stops counting past `enough`. */
export function bytesOnDisk(paths: readonly string[], enough: number): number {
  let total = 0;
  const stack = [...paths];
  while (stack.length > 0 && total <= enough) {
    const p = stack.pop()!;
    let stat;
    try {
      stat = statSync(p);
    } catch {
      continue;
    }
    if (stat.isFile()) total += stat.size;
    else if (stat.isDirectory()) {
      try {
        for (const name of readdirSync(p)) stack.push(path.join(p, name));
      } catch {
        // the loader reports what cannot be read
      }
    }
  }
  return total;
}

function mb(bytes: number): string {
  return Math.round(bytes / MB).toLocaleString('en-US');
}

/** The user chose a heap size (`--max-old-space-size` in the node options): theirs is kept. */
function heapChosen(): boolean {
  const options = `${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`;
  return options.includes('--max-old-space-size') || process.env['TRUSTMAP_HEAP_SIZED'] !== undefined;
}

/**
 * No flag from the user (docs/scale.md#no-flag): when the estate needs more heap than Node gives
 * by default, trustmap runs itself again with a `--max-old-space-size` sized to the estate, at most
 * three quarters of the machine's memory, and says so on stderr. Resolves to the child's exit code,
 * or undefined when this process should go on itself.
 */
export async function runWithSizedHeap(args: readonly string[], stderr: (text: string) => void): Promise<number | undefined> {
  if (heapChosen()) return undefined;
  const estates = estateArguments(args);
  if (estates.length === 0) return undefined;
  const testLimit = Number(process.env['TRUSTMAP_TEST_HEAP_LIMIT_MB']);
  const limit = Number.isFinite(testLimit) && testLimit > 0 ? testLimit * MB : getHeapStatistics().heap_size_limit;
  const bytes = bytesOnDisk(estates, Math.max(0, (limit - HEAP_BASE_BYTES) / HEAP_PER_DISK_BYTE) + 1);
  const plan = planHeap(bytes, limit, totalmem());
  if (plan.maxOldSpaceMb === undefined) return undefined;
  if (!args.includes('-q') && !args.includes('--quiet')) {
    const atLeast = bytes > (limit - HEAP_BASE_BYTES) / HEAP_PER_DISK_BYTE && limit > HEAP_BASE_BYTES ? 'at least ' : 'about ';
    stderr(
      `trustmap: the estate needs ${atLeast}${mb(plan.neededBytes)} MB of heap (${mb(bytes)} MB on disk), more than Node's ${mb(limit)} MB: running again with --max-old-space-size=${plan.maxOldSpaceMb}` +
        `${plan.machineTooSmall ? `, three quarters of this machine's memory: if that is not enough, the load stops with load/memory-limit` : ''}\n`,
    );
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${plan.maxOldSpaceMb}`, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, TRUSTMAP_HEAP_SIZED: String(plan.maxOldSpaceMb) },
    });
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 2));
    });
    child.on('error', () => resolve(undefined));
  });
}
