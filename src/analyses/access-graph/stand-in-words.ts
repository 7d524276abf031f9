import type { Decision, GateVerdict, HopDecision } from '../../core/decision/result.js';

/**
 * The graph asks the engine about "any principal" of an account outside the estate (or of any
 * account, for a trust of `*`) through a stand-in role session, `arn:aws:iam::ACCOUNT:role/*`. The
 * engine then names that stand-in in what it misses; a person should read who it stands for.
 */
export function withStandInWords(d: Decision, standsFor: string): Decision {
  const words = (s: string): string => s.replace(STAND_IN_MISSING, `the identity policies of the caller, ${standsFor}`);
  const gate = (g: GateVerdict): GateVerdict => (g.missing && g.missing.some((m) => STAND_IN_MISSING.test(m)) ? { ...g, missing: g.missing.map(words) } : g);
  const hop = <H extends HopDecision | Decision>(h: H): H => ({ ...h, missing: h.missing.map(words), gates: h.gates.map(gate) });
  if (!d.missing.some((m) => STAND_IN_MISSING.test(m)) && !d.hops.some((h) => h.missing.some((m) => STAND_IN_MISSING.test(m)))) return d;
  return { ...hop(d), hops: d.hops.map(hop) };
}

const STAND_IN_MISSING = /the identity policies of arn:[^:\s]+:sts::\d{12}:assumed-role\/\*\/session \(account \d{12} is not in the estate\)/;
