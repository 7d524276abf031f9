import type { CloudTrailRecord, RecordSource } from '../../core/cloudtrail/cloudtrail-record.js';
import { serviceOfEventSource } from '../../core/cloudtrail/modelled-calls.js';
import { policyChangeOf } from '../../core/cloudtrail/policy-changes.js';
import { outcomeOfRecord } from '../../core/cloudtrail/record-outcome.js';
import { requestOfRecord } from '../../core/cloudtrail/record-request.js';
import { evaluateRequest } from '../../core/decision/evaluate-request.js';
import type { AuthorizationRequest } from '../../core/decision/request.js';
import type { DecisionKind } from '../../core/decision/result.js';
import type { Estate } from '../../core/model/estate.js';
import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import { entitiesOfRequest } from './request-entities.js';

export interface ReplayOptions {
  readonly catalog?: ServiceCatalog;
  /** The moment the estate stands for (ISO 8601): a change between a call and this moment makes a disagreement drift. Default: the estate's `collectedAt`; unknown means any later change counts. */
  readonly snapshotTime?: string;
}

/** Counts of one service's modelled calls. */
export interface ReplayServiceCounts {
  readonly service: string;
  /** Modelled calls whose outcome is an authorization answer and whose request could be built. */
  compared: number;
  agree: number;
  gap: number;
  drift: number;
  /** The engine answered Conditional (a key the record does not supply decides) or Unknown (the estate lacks data): counted apart from agreement. */
  conditional: number;
  unknown: number;
  /** Modelled calls that failed for another reason than authorization (`NoSuchKey`, throttling): not compared. */
  otherError: number;
  /** Modelled calls whose principal or resource the record does not tell. */
  unresolved: number;
}

export type AwsOutcome = 'allowed' | 'denied';

/** Calls AWS and the engine answered differently, grouped by request and answers. */
export interface ReplayDisagreement {
  /** `drift`: a policy change on an entity of the request falls between the call and the snapshot; `gap`: none does. */
  readonly kind: 'gap' | 'drift';
  readonly service: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly request: AuthorizationRequest;
  readonly aws: AwsOutcome;
  readonly errorCode?: string;
  readonly decision: DecisionKind;
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** The first record of the group. */
  readonly source: RecordSource;
  readonly eventId?: string;
  /** Drift: the changes that fall between the calls and the snapshot. */
  readonly changes?: ReadonlyArray<{ readonly entity: string; readonly eventName: string; readonly time: string }>;
}

export interface ReplayReport {
  readonly records: number;
  /** Cross-account calls read from both accounts' logs, counted once. */
  readonly joined: number;
  /** A copy read twice for the same account (two trails deliver it): counted once. */
  readonly duplicates: number;
  readonly window?: { readonly from: string; readonly to: string };
  readonly snapshotTime?: string;
  readonly services: readonly ReplayServiceCounts[];
  readonly totals: Omit<ReplayServiceCounts, 'service'> & { readonly notModelled: number; readonly policyChanges: number };
  /** Calls trustmap does not model, by event, most frequent first. */
  readonly notModelled: ReadonlyArray<{ readonly eventSource: string; readonly eventName: string; readonly count: number }>;
  readonly unresolved: ReadonlyArray<{ readonly why: string; readonly count: number }>;
  readonly disagreements: readonly ReplayDisagreement[];
}

interface DisagreementGroup {
  readonly service: string;
  readonly record: CloudTrailRecord;
  readonly source: RecordSource;
  /** The first call's request: the one explained. */
  readonly request: AuthorizationRequest;
  readonly aws: AwsOutcome;
  readonly errorCode?: string;
  readonly decision: DecisionKind;
  readonly times: Times;
}

/** The times of a group's calls, packed: a group of a million calls holds 8 MB, not a million objects. */
class Times {
  private data = new Float64Array(4);
  length = 0;

  push(t: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = t;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.data[i]!;
  }
}

/**
 * `trustmap replay`: re-asks the engine every modelled call of the logs, with the context its record
 * carries, and compares the answer with AWS's (docs/cloudtrail.md#replay). Records are added one at
 * a time; memory holds counts, the policy changes and the disagreements, never the records.
 */
export class Replay {
  private readonly services = new Map<string, ReplayServiceCounts>();
  private readonly notModelled = new Map<string, number>();
  private readonly unresolved = new Map<string, number>();
  private readonly groups = new Map<string, DisagreementGroup>();
  private readonly changes = new Map<string, Array<{ time: number; eventName: string }>>();
  private records = 0;
  private policyChanges = 0;
  private from = Infinity;
  private to = -Infinity;

  constructor(
    private readonly estate: Estate,
    private readonly options: ReplayOptions = {},
  ) {}

  add(record: CloudTrailRecord, source: RecordSource): void {
    this.records++;
    const time = Date.parse(record.eventTime);
    if (time < this.from) this.from = time;
    if (time > this.to) this.to = time;
    const change = policyChangeOf(record);
    if (change) {
      this.policyChanges++;
      for (const e of change.entities) {
        const list = this.changes.get(e) ?? [];
        list.push({ time: change.time, eventName: change.eventName });
        this.changes.set(e, list);
      }
    }
    const built = requestOfRecord(record, this.estate);
    if (built.kind === 'not-modelled') {
      if (!change) bump(this.notModelled, `${record.eventSource} ${record.eventName}`);
      return;
    }
    const counts = this.countsOf(serviceOfEventSource(record.eventSource));
    if (built.kind === 'unresolved') {
      counts.unresolved++;
      bump(this.unresolved, built.why.replace(/`[^`]*`/g, '`…`'));
      return;
    }
    const outcome = outcomeOfRecord(record);
    if (outcome.kind === 'other-error') {
      counts.otherError++;
      return;
    }
    counts.compared++;
    const decision = evaluateRequest(this.estate, built.request, this.options.catalog ? { catalog: this.options.catalog } : {}).decision;
    if (decision === 'Conditional') counts.conditional++;
    else if (decision === 'Unknown') counts.unknown++;
    else if ((decision === 'Allow') === (outcome.kind === 'allowed')) counts.agree++;
    else this.disagree(counts.service, record, source, built.request, `${built.principal.entity}\u0000${built.usageResource}`, outcome.kind, outcome.kind === 'denied' ? outcome.errorCode : undefined, decision, time);
  }

  /** The report; `twins`: how the reader joined the copies of cross-account calls (EventTwins). */
  finish(twins: { readonly joined: number; readonly duplicates: number } = { joined: 0, duplicates: 0 }): ReplayReport {
    const snapshotTime = this.options.snapshotTime ?? this.estate.collectedAt;
    const snapshot = snapshotTime !== undefined ? Date.parse(snapshotTime) : Infinity;
    const disagreements: ReplayDisagreement[] = [];
    for (const g of this.groups.values()) {
      const entities = entitiesOfRequest(this.estate, g.request);
      const gap: number[] = [];
      const drift: number[] = [];
      const seen = new Map<string, { entity: string; eventName: string; time: number }>();
      for (const t of g.times) {
        const between = this.changesBetween(entities, t, snapshot);
        if (between.length === 0) gap.push(t);
        else {
          drift.push(t);
          for (const c of between) seen.set(`${c.entity} ${c.time} ${c.eventName}`, c);
        }
      }
      if (gap.length > 0) disagreements.push(groupOf(g, 'gap', gap));
      if (drift.length > 0) {
        const changes = [...seen.values()].sort((a, b) => a.time - b.time).map((c) => ({ entity: c.entity, eventName: c.eventName, time: iso(c.time) }));
        disagreements.push({ ...groupOf(g, 'drift', drift), changes });
      }
    }
    disagreements.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'gap' ? -1 : 1) : b.count - a.count || a.firstSeen.localeCompare(b.firstSeen)));
    const services = [...this.services.values()].sort((a, b) => a.service.localeCompare(b.service));
    const totals = { compared: 0, agree: 0, gap: 0, drift: 0, conditional: 0, unknown: 0, otherError: 0, unresolved: 0 };
    for (const d of disagreements) {
      const counts = this.services.get(d.service)!;
      counts[d.kind] += d.count;
    }
    for (const s of services) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += s[k];
    return {
      records: this.records,
      joined: twins.joined,
      duplicates: twins.duplicates,
      ...(this.records > 0 ? { window: { from: iso(this.from), to: iso(this.to) } } : {}),
      ...(snapshotTime !== undefined ? { snapshotTime } : {}),
      services,
      totals: { ...totals, notModelled: sum(this.notModelled), policyChanges: this.policyChanges },
      notModelled: [...this.notModelled].map(([k, count]) => ({ eventSource: k.split(' ')[0]!, eventName: k.split(' ')[1]!, count })).sort((a, b) => b.count - a.count || a.eventSource.localeCompare(b.eventSource) || a.eventName.localeCompare(b.eventName)),
      unresolved: [...this.unresolved].map(([why, count]) => ({ why, count })).sort((a, b) => b.count - a.count || a.why.localeCompare(b.why)),
      disagreements,
    };
  }

  /**
   * Disagreements are grouped by caller entity (a role, not each of its sessions), action, resource
   * (an object's bucket scope), both answers: memory grows with the kinds of disagreement, not the calls.
   */
  private disagree(service: string, record: CloudTrailRecord, source: RecordSource, request: AuthorizationRequest, who: string, aws: AwsOutcome, errorCode: string | undefined, decision: DecisionKind, time: number): void {
    const key = `${who}\u0000${request.action}\u0000${aws}\u0000${decision}`;
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { service, record, source, request, aws, ...(errorCode ? { errorCode } : {}), decision, times: new Times() }));
    group.times.push(time);
  }

  private changesBetween(entities: ReadonlySet<string>, after: number, until: number): Array<{ entity: string; eventName: string; time: number }> {
    const out: Array<{ entity: string; eventName: string; time: number }> = [];
    for (const e of entities) {
      for (const c of this.changes.get(e) ?? []) if (c.time > after && c.time <= until) out.push({ entity: e, ...c });
    }
    return out;
  }

  private countsOf(service: string): ReplayServiceCounts {
    let c = this.services.get(service);
    if (!c) {
      c = { service, compared: 0, agree: 0, gap: 0, drift: 0, conditional: 0, unknown: 0, otherError: 0, unresolved: 0 };
      this.services.set(service, c);
    }
    return c;
  }
}

function groupOf(g: DisagreementGroup, kind: 'gap' | 'drift', times: number[]): ReplayDisagreement {
  times.sort((a, b) => a - b);
  return {
    kind,
    service: g.service,
    eventSource: g.record.eventSource,
    eventName: g.record.eventName,
    request: g.request,
    aws: g.aws,
    ...(g.errorCode ? { errorCode: g.errorCode } : {}),
    decision: g.decision,
    count: times.length,
    firstSeen: iso(times[0]!),
    lastSeen: iso(times[times.length - 1]!),
    source: g.source,
    ...(g.record.eventID ? { eventId: g.record.eventID } : {}),
  };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sum(map: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const v of map.values()) n += v;
  return n;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
