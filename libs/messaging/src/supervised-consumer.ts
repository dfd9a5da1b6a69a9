import { Logger } from '@nestjs/common';
import { Admin, Consumer, ConsumerConfig, EachBatchPayload, EachMessagePayload, Kafka } from 'kafkajs';
import { backoffDelay, sleep } from './backoff';
import { describeStalls, judgeProgress, PartitionReading, ProgressMemory } from './consumer-progress';

export interface SupervisedConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** kafkajs consumer settings besides the group id. */
  config?: Omit<ConsumerConfig, 'groupId'>;
  /** With eachBatch: offsets are resolved by the handler (eachBatchAutoResolve false) and committed by kafkajs after the batch. */
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  /**
   * How long a partition assigned to this consumer may have messages waiting while its position
   * does not move (and nothing is being handled) before the kafkajs consumer is replaced
   * (default 60 s; 0: never). See consumer-progress.ts.
   */
  stallAfterMs?: number;
  /** How often that is checked (default 10 s). */
  progressCheckMs?: number;
  logger?: Logger;
}

/**
 * A kafkajs consumer group member that is replaced when it stops reading without stopping the
 * process. kafkajs restarts itself after the errors it retries, but after any other (a
 * `TypeError` in a handler, say) it stays stopped for good, and after a broker restart or freeze
 * it can stop fetching some partitions while the group still gives them to it. So: a crash
 * kafkajs does not restart after is replaced at once, and every `progressCheckMs` the committed
 * offsets and high watermarks of the partitions assigned at the last join are read (5 s at most;
 * a check Kafka does not answer is skipped) and judged (consumer-progress.ts); a stalled one is
 * replaced: the old member commits what was handled and leaves, a new one joins and goes on from
 * the committed offsets. Every Kafka consumer of the services is one of these.
 */
export class SupervisedConsumer {
  private readonly logger: Logger;
  private consumer?: Consumer;
  private admin?: Admin;
  private stopping = false;
  /** The partitions the group gave this member at its last join, by topic. */
  private assignment?: Record<string, number[]>;
  /** Per "topic/partition": the next offset to handle, as far as this process handled it. */
  private readonly handledUpTo = new Map<string, number>();
  private inFlight = 0;
  private progress: ProgressMemory = new Map();
  private progressTimer?: ReturnType<typeof setInterval>;
  private checkingProgress = false;
  private restarting?: Promise<void>;
  /** Times the kafkajs consumer was replaced since start. */
  restarts = 0;

  constructor(private readonly options: SupervisedConsumerOptions) {
    this.logger = options.logger ?? new Logger(`SupervisedConsumer:${options.groupId}`);
  }

  async start(): Promise<void> {
    this.stopping = false;
    try {
      this.admin = this.options.kafka.admin();
      await this.admin.connect();
      await this.runConsumer();
    } catch (error) {
      // nothing left connected: the caller retries with a new start
      await this.consumer?.disconnect().catch(() => undefined);
      await this.admin?.disconnect().catch(() => undefined);
      this.consumer = undefined;
      throw error;
    }
    const stallAfterMs = this.options.stallAfterMs ?? 60_000;
    if (stallAfterMs > 0) {
      this.progressTimer = setInterval(() => void this.checkProgress(stallAfterMs), this.options.progressCheckMs ?? 10_000);
      this.progressTimer.unref();
    }
  }

  /** Commits what was handled and leaves the group (kafkajs lets the handler in progress finish). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.progressTimer);
    await this.restarting; // a replacement under way is disconnected below, not left running
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** The current kafkajs consumer (tests reach it to inject faults). */
  get kafkaConsumer(): Consumer | undefined {
    return this.consumer;
  }

  private handled(topic: string, partition: number, offset: string): void {
    this.handledUpTo.set(`${topic}/${partition}`, Number(offset) + 1);
  }

  /** A kafkajs consumer joined to the group and running the handler. */
  private async runConsumer(): Promise<void> {
    const consumer = this.options.kafka.consumer({ ...this.options.config, groupId: this.options.groupId });
    this.consumer = consumer;
    this.assignment = undefined;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
      this.progress = new Map();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && consumer === this.consumer) void this.restart(`it crashed on an error kafkajs does not retry (${payload.error.name}: ${payload.error.message})`);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    const { eachBatch, eachMessage } = this.options;
    const counted = async (work: () => Promise<void>) => {
      this.inFlight += 1;
      try {
        await work();
      } finally {
        this.inFlight -= 1;
      }
    };
    if (eachBatch) {
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        eachBatch: (payload) =>
          counted(() =>
            eachBatch({
              ...payload,
              resolveOffset: (offset: string) => {
                payload.resolveOffset(offset);
                this.handled(payload.batch.topic, payload.batch.partition, offset);
              },
            }),
          ),
      });
    } else if (eachMessage) {
      await consumer.run({
        eachMessage: (payload) =>
          counted(async () => {
            await eachMessage(payload);
            this.handled(payload.topic, payload.partition, payload.message.offset);
          }),
      });
    } else {
      throw new Error('a SupervisedConsumer needs eachBatch or eachMessage');
    }
  }

  /** Replaces the kafkajs consumer, retrying until one runs or the consumer stops. */
  private restart(reason: string): Promise<void> {
    if (this.restarting || this.stopping) return this.restarting ?? Promise.resolve();
    this.restarts += 1;
    this.logger.warn(`restarting the Kafka consumer: ${reason}`);
    this.restarting = (async () => {
      const old = this.consumer;
      this.consumer = undefined;
      await old?.disconnect().catch(() => undefined);
      for (let attempt = 1; !this.stopping; attempt++) {
        try {
          await this.runConsumer();
          this.logger.log(`Kafka consumer restarted (${this.restarts} restart(s) since start)`);
          return;
        } catch (error) {
          const delay = backoffDelay(attempt, 500, 10_000);
          this.logger.warn(`Kafka consumer not restarted yet (${(error as Error).message}); retrying in ${delay} ms`);
          await (this.consumer as Consumer | undefined)?.disconnect().catch(() => undefined); // the half-started one
          this.consumer = undefined;
          await sleep(delay);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
      this.progress = new Map();
    });
    return this.restarting;
  }

  /** Where this member is and where the log ends, for each partition assigned to it. */
  private async readPositions(assignment: Record<string, number[]>): Promise<PartitionReading[]> {
    const topics = Object.keys(assignment).filter((topic) => assignment[topic].length > 0);
    if (!topics.length) return [];
    const committed = await this.admin!.fetchOffsets({ groupId: this.options.groupId, topics });
    const readings: PartitionReading[] = [];
    for (const topic of topics) {
      const commits = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      const ends = new Map((await this.admin!.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
      for (const partition of assignment[topic]) {
        const end = ends.get(partition);
        if (!end) continue;
        const committedAt = commits.get(partition) ?? -1;
        const start = committedAt >= 0 ? committedAt : Number(end.low);
        readings.push({ topic, partition, position: Math.max(start, this.handledUpTo.get(`${topic}/${partition}`) ?? 0), highWatermark: Number(end.high) });
      }
    }
    return readings;
  }

  /** Replaces the consumer when a partition assigned to it stalls; judged only on a full reading taken while nothing was being handled. */
  private async checkProgress(stallAfterMs: number): Promise<void> {
    const assignment = this.assignment;
    if (this.checkingProgress || this.stopping || this.restarting || !assignment || this.inFlight > 0) return;
    this.checkingProgress = true;
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), 5_000);
      });
      const readings = await Promise.race([this.readPositions(assignment).catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
      if (!readings || this.stopping || this.restarting || this.inFlight > 0 || assignment !== this.assignment) return;
      const judged = judgeProgress(this.progress, readings, Date.now(), stallAfterMs);
      this.progress = judged.memory;
      if (judged.stalled.length) await this.restart(`no progress on ${describeStalls(judged.stalled)}, nothing being handled`);
    } finally {
      this.checkingProgress = false;
    }
  }
}
