import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { auditCheckpointTopicOf, deadLetterTopicOf, EVENT_CATALOGUE, eventTopicOf, INSTITUTION_KINDS } from '@inclusion/contracts';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { EventStore, KeyRing, SIGNING_KEY_PROVIDER, SigningKeyProvider } from '@inclusion/event-store';
import { INSTITUTION_REGISTRY, InstitutionRegistry } from '@inclusion/access';
import { authenticityByRegistry, backoffDelay, CommittedMemory, consumerLag, ensureTopics, EventConsumer, EventHandler, OutboxRelay, RunHandler, sleep } from '@inclusion/messaging';
import { BoundedReading, Metrics, runWithLogContext } from '@inclusion/observability';
import { DATA_SOURCE } from '@inclusion/database';
import { KAFKA } from './tokens';
import { Checkpoints } from './checkpoints';

export interface ConsumerRegistration {
  /** Short name, unique within the service; the group id is `<prefix>.<service>.<name>`. */
  name: string;
  /** Institution kinds whose event topics to follow. */
  from: string[];
  handlers: Record<string, EventHandler>;
  /** Set-based handling of a batch's fresh events at once (event-consumer.ts, RunHandler); `handlers` still say which types are taken. */
  handleRun?: RunHandler;
}

/**
 * The handlers, each run in a log context with the correlation id of the event it handles.
 * Looked up at message time (a registration may fill its handlers after the consumer starts,
 * as the own-reactions Proxy of NetworkReplication does).
 */
export const inEventLogContext = (handlers: Record<string, EventHandler>): Record<string, EventHandler> =>
  new Proxy({} as Record<string, EventHandler>, {
    get: (_, type: string) => {
      const handler = handlers[type];
      return handler ? ((event, tx, source) => runWithLogContext({ correlationId: event.correlationId }, () => handler(event, tx, source))) as EventHandler : undefined;
    },
    has: (_, type: string) => type in handlers,
  });

/** Every topic of the network: one per institution kind, the dead-letter and checkpoint topics. */
export const networkTopics = (prefix: string) => [...INSTITUTION_KINDS.map((kind) => eventTopicOf(kind, prefix)), deadLetterTopicOf(prefix), auditCheckpointTopicOf(prefix)];

/**
 * A service's event backbone: its store, its outbox relay and the consumers its features
 * register. At boot it creates the network's topics (retrying while Kafka is down: a broker
 * outage delays publishing and consuming, it never stops the service from accepting
 * commands), then starts the relay and the consumers. At shutdown (beforeApplicationShutdown,
 * after HttpDrain answered the requests in flight, before the database closes) each consumer
 * finishes the message it is handling and commits its offset, the relay finishes its batch,
 * and their Kafka connections close. Each consumed event is handled in a log context with its
 * correlation id, so the lines its reaction writes carry the id of the request that caused it.
 */
@Injectable()
export class EventBackbone implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventBackbone.name);
  readonly store: EventStore;
  readonly relay: OutboxRelay;
  readonly checkpoints: Checkpoints;
  private readonly registrations: ConsumerRegistration[] = [];
  readonly consumers: EventConsumer[] = [];
  /** Per consumer group, the committed offsets its lag readings saw (consumer-lag.ts). */
  private readonly committedSeen = new Map<string, CommittedMemory>();
  private starting?: Promise<void>;
  private stopped = false;
  private interruptStart!: () => void;
  /** Resolves when shutdown begins: cuts short a start-up retry delay. */
  private readonly stopRequested = new Promise<void>((resolve) => (this.interruptStart = resolve));

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly metrics: Metrics,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
    @Inject(SIGNING_KEY_PROVIDER) signingKeys: SigningKeyProvider,
  ) {
    this.store = new EventStore(dataSource, {
      topic: eventTopicOf(config.serviceName, config.topicPrefix),
      catalogue: EVENT_CATALOGUE,
      keyRing: new KeyRing(signingKeys, registry),
      observer: { appended: (events, seconds) => metrics.observeAppend(events, seconds), committed: (batch) => metrics.observeGroupCommit(batch) },
    });
    this.relay = new OutboxRelay({
      dataSource,
      kafka,
      connectionString: config.databaseUrl,
      notifyChannel: this.store.notifyChannel,
    });
    this.checkpoints = new Checkpoints({
      store: this.store,
      dataSource,
      kafka,
      topic: auditCheckpointTopicOf(config.topicPrefix),
      groupId: `${config.topicPrefix}.${config.serviceName}.checkpoints`,
      service: config.serviceName,
      intervalMs: config.checkpointIntervalMs,
      stallAfterMs: config.consumerStallMs,
    });
  }

  private registerMetrics(): void {
    const m = this.metrics;
    m.totalFrom('inclusion_events_published_total', 'Outbox rows published to Kafka', [], () => [{ labels: {}, value: this.relay.stats.published }]);
    m.totalFrom('inclusion_outbox_publish_failures_total', 'Failed publish attempts of the outbox relay', [], () => [{ labels: {}, value: this.relay.stats.failures }]);
    m.totalFrom('inclusion_events_consumed_total', 'Events received by consumers, by outcome', ['consumer', 'outcome'], () =>
      this.consumers.flatMap((c) => (['handled', 'duplicates', 'deadLettered', 'ignored', 'retries'] as const).map((outcome) => ({ labels: { consumer: c.name, outcome }, value: c.stats[outcome] }))),
    );
    m.totalFrom('inclusion_consumer_restarts_total', 'Kafka consumers replaced because they crashed on an error kafkajs does not retry or stopped progressing on an assigned partition', ['consumer'], () =>
      this.consumers.map((c) => ({ labels: { consumer: c.name }, value: c.restarts })),
    );
    m.gaugeFrom('inclusion_outbox_unpublished', 'Outbox rows not yet published', [], async () => [{ labels: {}, value: (await this.relay.lag()).unpublished }]);
    m.gaugeFrom('inclusion_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row', [], async () => [{ labels: {}, value: (await this.relay.lag()).oldestAgeMs / 1000 }]);
    // Read from Kafka at each scrape, waiting at most 5 s: while a broker is down the scrape answers with the last reading and its age.
    const lags = new BoundedReading(() => this.consumerLags(), 5_000);
    m.gaugeFrom('inclusion_consumer_lag_messages', 'Messages a consumer group still has to read (as of inclusion_consumer_lag_age_seconds ago)', ['consumer'], async () => (await lags.current())?.value ?? []);
    m.gaugeFrom('inclusion_consumer_lag_age_seconds', 'Age of the consumer lag reading: above a few seconds, Kafka did not answer the last scrapes in time', [], async () => {
      const reading = await lags.current();
      return reading ? [{ labels: {}, value: reading.ageSeconds }] : [];
    });
  }

  /** Each running consumer's lag (messages left to read); what a reading had to mend (consumer-lag.ts) is logged. */
  async consumerLags(): Promise<{ labels: { consumer: string }; value: number }[]> {
    const lags = [];
    for (const consumer of this.consumers) {
      let memory = this.committedSeen.get(consumer.name);
      if (!memory) this.committedSeen.set(consumer.name, (memory = new Map()));
      const { lag, mended } = await consumerLag(this.kafka, consumer.name, consumer.topics, memory);
      if (mended.length) this.logger.warn(`consumer lag of ${consumer.name} read ${lag} after mending what Kafka answered: ${mended.join('; ')}`);
      lags.push({ labels: { consumer: consumer.name }, value: lag });
    }
    return lags;
  }

  /** Called by features in onModuleInit: their consumers start once topics exist. */
  register(registration: ConsumerRegistration): void {
    this.registrations.push(registration);
  }

  onApplicationBootstrap(): void {
    this.registerMetrics();
    this.starting = this.startWhenKafkaAnswers();
  }

  private async startWhenKafkaAnswers(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await ensureTopics(this.kafka, networkTopics(this.config.topicPrefix));
        break;
      } catch (error) {
        const delay = backoffDelay(attempt, 500, 10_000);
        this.logger.warn(`cannot create topics yet (${(error as Error).message}); retrying in ${delay} ms`);
        await Promise.race([sleep(delay), this.stopRequested]);
      }
    }
    if (this.stopped) return;
    await this.relay.start();
    // A broker that just created a topic may not serve it for a moment: each step is retried, none aborts the start.
    if (!(await this.untilStarted('checkpoints', () => this.checkpoints.start(), () => this.checkpoints.stop()))) return;
    for (const registration of this.registrations) {
      if (this.stopped) return;
      const consumer = () => new EventConsumer({
        name: `${this.config.topicPrefix}.${this.config.serviceName}.${registration.name}`,
        kafka: this.kafka,
        dataSource: this.dataSource,
        catalogue: EVENT_CATALOGUE,
        topics: registration.from.map((kind) => eventTopicOf(kind, this.config.topicPrefix)),
        deadLetterTopic: deadLetterTopicOf(this.config.topicPrefix),
        authenticate: authenticityByRegistry(this.registry),
        handlers: inEventLogContext(registration.handlers),
        handleRun: registration.handleRun,
        stallAfterMs: this.config.consumerStallMs,
      });
      let started = consumer();
      const ok = await this.untilStarted(`consumer ${registration.name}`, () => started.start(), async () => {
        await started.stop();
        started = consumer();
      });
      if (!ok) return;
      this.consumers.push(started);
    }
    this.logger.log(`event backbone running: relay to ${eventTopicOf(this.config.serviceName, this.config.topicPrefix)}, ${this.consumers.length} consumer(s)`);
  }

  /** Runs a start step until it succeeds or the service stops; `reset` cleans a failed attempt up before the next. */
  private async untilStarted(what: string, step: () => Promise<void>, reset: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await step();
        return true;
      } catch (error) {
        const delay = backoffDelay(attempt, 500, 10_000);
        this.logger.warn(`${what} not started yet (${(error as Error).message}); retrying in ${delay} ms`);
        await reset().catch(() => undefined);
        await Promise.race([sleep(delay), this.stopRequested]);
      }
    }
    return false;
  }

  /** Resolves when topics exist and the relay and consumers run (tests and readiness use it). */
  ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.interruptStart();
    // A start-up still under way ends first (it checks `stopped` between steps), so nothing
    // it starts is left running.
    await this.starting?.catch(() => undefined);
    const took = async (step: () => Promise<unknown>) => {
      const began = Date.now();
      await step();
      return Date.now() - began;
    };
    // kafkajs' disconnect lets eachMessage finish the current message, commits the offsets
    // handled so far, then leaves the group.
    const [consumersMs, checkpointsMs] = await Promise.all([took(() => Promise.all(this.consumers.map((consumer) => consumer.stop()))), took(() => this.checkpoints.stop())]);
    // The relay finishes (and commits) the batch it is publishing, then disconnects its producer;
    // what is still in the outbox is published by the next start.
    const relayMs = await took(() => this.relay.stop());
    this.logger.log(
      `event backbone stopped: ${this.consumers.length} consumer(s) committed and left their groups in ${consumersMs} ms, ` +
        `checkpoints in ${checkpointsMs} ms, relay in ${relayMs} ms (${this.relay.stats.published} event(s) published by this process)`,
    );
  }
}
