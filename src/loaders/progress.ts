/**
 * Progress for long loads: nothing during the first second, then at most one message a second, so
 * a small estate loads silently and a large one shows it is moving.
 */
export class Progress {
  private readonly start: number;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly report: ((message: string) => void) | undefined,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 1000,
  ) {
    this.start = now();
  }

  /** `message` is only built when it will be reported. */
  tick(message: () => string): void {
    if (!this.report) return;
    const t = this.now();
    if (t - this.start < this.intervalMs || t - this.last < this.intervalMs) return;
    this.last = t;
    this.report(message());
  }
}
