import type { Bounds } from './bounds.js';
import type { Assumption, GateVerdict } from './result.js';

/**
 * What one part of a hop's evaluation reports (the RCPs, the SCPs, the caller side, the target
 * side): its gates in the order they are shown, the data it missed and the working assumptions it
 * rests on. A hop's report is its parts' reports joined in order.
 */
export interface GateReport {
  readonly gates: readonly GateVerdict[];
  readonly missing: readonly string[];
  readonly assumptions: readonly Assumption[];
}

/** A part of a hop's evaluation together with what it denies: every part can deny. */
export interface GatePart extends GateReport {
  readonly deny: Bounds;
}
