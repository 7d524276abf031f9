import type { Explanation } from '../analyses/explain/explanation.js';
import type { ReplayDisagreement, ReplayReport } from '../analyses/replay/replay.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { toExplainJson, type ExplainJson } from './explain-json.js';

/** The form of `trustmap replay --format json` (docs/cloudtrail.md#replay-json). */
export const REPLAY_JSON_SCHEMA = 'trustmap/replay/v1';

export interface ReplayJson extends Omit<ReplayReport, 'disagreements'> {
  readonly schema: typeof REPLAY_JSON_SCHEMA;
  readonly logs: { readonly files: number; readonly records: number; readonly invalidRecords: number; readonly unreadableFiles: number; readonly bytes: number };
  readonly disagreements: ReadonlyArray<ReplayDisagreement & { readonly explain: Omit<ExplainJson, 'diagnostics'> }>;
  readonly diagnostics: readonly Diagnostic[];
}

export function renderReplayJson(report: ReplayReport, logs: ReplayJson['logs'], explain: (d: ReplayDisagreement) => Explanation, diagnostics: readonly Diagnostic[]): string {
  const json: ReplayJson = {
    schema: REPLAY_JSON_SCHEMA,
    ...report,
    logs,
    disagreements: report.disagreements.map((d) => {
      const { diagnostics: _none, ...explained } = toExplainJson(explain(d), []);
      return { ...d, explain: explained };
    }),
    diagnostics,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
