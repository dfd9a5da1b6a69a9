import { Counter, Gauge, Histogram, collectDefaultMetrics, Registry } from 'prom-client';
import { EventEnvelope } from '@inclusion/contracts';

/**
 * The service's Prometheus metrics (prom-client), served at GET /metrics: append latency and
 * counts, group commits (appends per batch, batch time), events published, consumed, duplicates, dead-lettered, outbox and consumer lag,
 * HTTP request durations, and Node's default process metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly appended: Counter<'type'>;
  readonly appendSeconds: Histogram;
  /** Group commit: appends per committed batch, and each batch's transaction time. */
  readonly groupCommitAppends: Histogram;
  readonly groupCommitSeconds: Histogram;
  /** Group commit: batches computed while their read was in flight, by outcome (kept, discarded, not-tried). */
  readonly groupCommitComputedAhead: Counter<'outcome'>;
  readonly httpSeconds: Histogram<'method' | 'route' | 'status'>;
  /** Witness (regional delegation): checkpoints cosigned, and alarms raised (refusals, stalls), per institution. */
  readonly witnessCosigned: Counter<'institution'>;
  readonly witnessAlarms: Counter<'institution' | 'reason'>;
  /** Open witness alarms, per institution and reason (set by the witness). */
  readonly witnessOpenAlarms: Gauge<'institution' | 'reason'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.appended = new Counter({ name: 'inclusion_events_appended_total', help: 'Events appended to the store', labelNames: ['type'], registers: [this.registry] });
    this.appendSeconds = new Histogram({
      name: 'inclusion_append_duration_seconds',
      help: 'Duration of an append (one transaction), seconds',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    });
    this.groupCommitAppends = new Histogram({
      name: 'inclusion_group_commit_appends',
      help: 'Appends written by one group commit (one transaction, one COMMIT)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 500],
      registers: [this.registry],
    });
    this.groupCommitSeconds = new Histogram({
      name: 'inclusion_group_commit_duration_seconds',
      help: 'Duration of a group commit, from its connection to its COMMIT, seconds',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    });
    this.groupCommitComputedAhead = new Counter({
      name: 'inclusion_group_commit_computed_ahead_total',
      help: 'Group commits by whether their batch was computed while its read was in flight: kept (the read found the state the last commit left), discarded (another writer appended in between, or the read waited for the lock), not-tried',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.httpSeconds = new Histogram({
      name: 'inclusion_http_request_duration_seconds',
      help: 'HTTP request duration, seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.witnessCosigned = new Counter({ name: 'inclusion_witness_cosignatures_total', help: 'Transparency-log checkpoints this witness cosigned', labelNames: ['institution'], registers: [this.registry] });
    this.witnessAlarms = new Counter({
      name: 'inclusion_witness_alarms_total',
      help: 'Alarms this witness raised about an institution\'s transparency log (SHRINKS, FORK, INCONSISTENT_PROOF, BAD_SIGNATURE, STALLED)',
      labelNames: ['institution', 'reason'],
      registers: [this.registry],
    });
    this.witnessOpenAlarms = new Gauge({ name: 'inclusion_witness_open_alarms', help: 'Witness alarms not cleared yet', labelNames: ['institution', 'reason'], registers: [this.registry] });
  }

  observeAppend(events: EventEnvelope[], seconds: number): void {
    this.appendSeconds.observe(seconds);
    for (const event of events) this.appended.inc({ type: event.type });
  }

  observeGroupCommit({ appends, seconds, computedAhead }: { appends: number; seconds: number; computedAhead?: string }): void {
    this.groupCommitAppends.observe(appends);
    this.groupCommitSeconds.observe(seconds);
    if (computedAhead) this.groupCommitComputedAhead.inc({ outcome: computedAhead });
  }

  /** A counter whose value is read from a running total kept elsewhere (relay and consumer stats). */
  totalFrom(name: string, help: string, labelNames: string[], read: () => { labels: Record<string, string>; value: number }[]): void {
    const seen = new Map<string, number>();
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        for (const { labels, value } of read()) {
          const key = JSON.stringify(labels);
          const delta = value - (seen.get(key) ?? 0);
          // a series shows from its first reading, at 0 too (a labelled counter shows nothing until increased)
          if (delta > 0 || !seen.has(key)) this.inc(labels, Math.max(0, delta));
          seen.set(key, value);
        }
      },
    });
  }

  gaugeFrom(name: string, help: string, labelNames: string[], read: () => Promise<{ labels: Record<string, string>; value: number }[]>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await read()) this.set(labels, value);
      },
    });
  }
}
