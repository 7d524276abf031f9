import { getHeapStatistics } from 'node:v8';
import type { Diagnostic } from '../core/diagnostics.js';

export interface HeapOptions {
  /** The heap a load must stay under, in bytes (default: the old generation's part of V8's `heap_size_limit`). Tests give a small one. */
  readonly limitBytes?: number;
  /** The heap in use now, in bytes (default: V8's `used_heap_size`). Tests give their own. */
  readonly usedBytes?: () => number;
}

/**
 * The share of the heap limit past which a load stops. What is left is for V8's collector, which
 * needs room to work (near the limit it spends all its time collecting, then the process dies),
 * and for the command to build its answer.
 */
export const HEAP_STOP_SHARE = 0.8;

const MB = 1024 * 1024;

/**
 * V8's `heap_size_limit` is the old generation's limit plus the young generation's (three 16 MB
 * semi-spaces on 64-bit: 176 MB under `--max-old-space-size=128`, 4,144 MB under the default 4,096).
 * A load dies when the old generation is full, so the guard measures against that part alone.
 */
const YOUNG_GENERATION = 48 * MB;

/** The old generation's limit: what a long-lived estate fills. */
export function oldGenerationLimit(heapSizeLimit: number): number {
  return heapSizeLimit - Math.min(YOUNG_GENERATION, heapSizeLimit / 3);
}

/**
 * Watches the heap between the accounts of a large load, so that a load too big for the heap
 * stops with a message (`load/memory-limit`) instead of dying of heap exhaustion.
 */
export class MemoryGuard {
  readonly limitBytes: number;
  private readonly usedBytes: () => number;

  constructor(options: HeapOptions = {}) {
    this.limitBytes = options.limitBytes ?? oldGenerationLimit(getHeapStatistics().heap_size_limit);
    this.usedBytes = options.usedBytes ?? (() => getHeapStatistics().used_heap_size);
  }

  get used(): number {
    return this.usedBytes();
  }

  /** The heap in use when it is past the stop share of the limit; undefined while there is room. */
  exceeded(): number | undefined {
    const used = this.usedBytes();
    return used > this.limitBytes * HEAP_STOP_SHARE ? used : undefined;
  }

  /** `heap 1,830 MB of 4,345 MB`, for progress messages. */
  describe(): string {
    return `heap ${megabytes(this.usedBytes())} of ${megabytes(this.limitBytes)}`;
  }
}

/**
 * The diagnostic of a load stopped by the guard: how far it got, and a heap size that should hold
 * the whole estate (what one account took so far, times all of them, over the stop share).
 */
export function memoryLimitDiagnostic(progress: { readonly loaded: number; readonly total: number; readonly used: number; readonly limit: number }, file: string): Diagnostic {
  const { loaded, total, used, limit } = progress;
  const perAccount = used / Math.max(1, loaded);
  const neededMb = Math.ceil((perAccount * total) / HEAP_STOP_SHARE / MB / 1024) * 1024;
  return {
    code: 'load/memory-limit',
    severity: 'error',
    message: `stopped loading after ${count(loaded)} of ${count(total)} accounts: the heap reached ${megabytes(used)} of its ${megabytes(limit)} limit, and loading on would exhaust it`,
    help: `give Node a larger heap, about ${(perAccount / MB).toFixed(1)} MB per account: \`NODE_OPTIONS=--max-old-space-size=${neededMb}\` (in MB) before the command`,
    source: { file, pointer: '' },
  };
}

function megabytes(bytes: number): string {
  return `${count(Math.round(bytes / MB))} MB`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
