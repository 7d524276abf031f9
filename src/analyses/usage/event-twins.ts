import type { CloudTrailRecord, RecordSource } from '../../core/cloudtrail/cloudtrail-record.js';

export type RecordSink = (record: CloudTrailRecord, source: RecordSource) => void;

/** How far behind the latest event a copy waits for its twin: copies of one call are delivered minutes apart. */
const TWIN_WINDOW_MS = 60 * 60 * 1000;

interface Pending {
  readonly record: CloudTrailRecord;
  readonly source: RecordSource;
  readonly time: number;
}

/**
 * A cross-account call is recorded twice, once in the caller's account and once in the resource's,
 * with one `sharedEventID` and each copy its own `recipientAccountId` (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * The joiner passes each call on once: the copy that names the principal (its ARN), else the first.
 * A copy waits for its twin while events within an hour of it are read (the reader reads files in
 * time order), then goes on alone: memory holds one hour of cross-account events, not the logs.
 */
export class EventTwins {
  private readonly pending = new Map<string, Pending>();
  private latest = 0;
  private sinceEviction = 0;
  joined = 0;
  /** Copies of a cross-account call read twice for the same account (two trails deliver it): passed on once. */
  duplicates = 0;

  constructor(private readonly sink: RecordSink) {}

  add(record: CloudTrailRecord, source: RecordSource): void {
    const time = Date.parse(record.eventTime);
    if (time > this.latest) this.latest = time;
    const shared = record.sharedEventID;
    if (!shared) {
      this.sink(record, source);
      return;
    }
    const twin = this.pending.get(shared);
    if (twin && record.recipientAccountId !== undefined && twin.record.recipientAccountId === record.recipientAccountId) {
      // The same account's copy delivered twice (two trails, or a file read twice): one call.
      this.duplicates++;
      return;
    }
    if (twin) {
      this.pending.delete(shared);
      this.joined++;
      const richer = !twin.record.userIdentity.arn && record.userIdentity.arn ? { record, source } : twin;
      this.sink(richer.record, richer.source);
    } else {
      this.pending.set(shared, { record, source, time });
    }
    if (++this.sinceEviction >= 4096) {
      this.sinceEviction = 0;
      this.evict(this.latest - TWIN_WINDOW_MS);
    }
  }

  /** Passes on every copy still waiting: call once the last file is read. */
  flush(): void {
    this.evict(Infinity);
  }

  private evict(before: number): void {
    for (const [id, p] of this.pending) {
      if (p.time >= before) continue;
      this.pending.delete(id);
      this.sink(p.record, p.source);
    }
  }
}
