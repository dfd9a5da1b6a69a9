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
/** One kafkajs consumer this supervisor ran: retired once replaced or stopped (it must never come back). */
interface Member {
  consumer: Consumer;
  retired: boolean;
  /** It crashed on an error kafkajs does not restart after. */
  crashed: boolean;
}

/** How long a replaced consumer's disconnect is waited for (it waits for its fetch and join under way) before it is left retired. */
const DISCONNECT_WAIT_MS = 45_000;

export class SupervisedConsumer {
  private readonly logger: Logger;
  private member?: Member;
  private stopping = false;
  private stopped!: Promise<void>;
  private signalStop!: () => void;
  /** The partitions the group gave this member at its last join, by topic. */
  private assignment?: Record<string, number[]>;
  /** Per "topic/partition": the next offset to handle, as far as this member handled it since its last join. */
  private readonly handledUpTo = new Map<string, number>();
  /** Messages handled since start: progress, which ends a run of crash restarts. */
  private handledCount = 0;
  private inFlight = 0;
  private progress: ProgressMemory = new Map();
  private progressTimer?: ReturnType<typeof setInterval>;
  private checking?: Promise<void>;
  private checkAdmin?: Admin;
  private restarting?: Promise<void>;
  /** Replacements in a row with nothing handled in between (their backoff grows). */
  private fruitlessRestarts = 0;
  private handledAtLastRestart = -1;
  /** Times the kafkajs consumer was replaced since start. */
  restarts = 0;

  constructor(private readonly options: SupervisedConsumerOptions) {
    this.logger = options.logger ?? new Logger(`SupervisedConsumer:${options.groupId}`);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.stopped = new Promise((resolve) => (this.signalStop = resolve));
    try {
      await this.runConsumer();
      if (this.stopping) throw new Error('stopped while starting');
    } catch (error) {
      // nothing left connected: the caller retries with a new start
      await this.retire(this.member);
      this.member = undefined;
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
    this.signalStop?.();
    clearInterval(this.progressTimer);
    await this.restarting; // a replacement under way is retired below, not left running
    // a check under way ends now: its admin client closed, its requests fail at once (nothing of it outlives stop)
    await this.checkAdmin?.disconnect().catch(() => undefined);
    await this.checking;
    await this.retire(this.member);
  }

  /** The current kafkajs consumer (tests reach it to inject faults). */
  get kafkaConsumer(): Consumer | undefined {
    return this.member?.consumer;
  }

  private handled(topic: string, partition: number, offset: string): void {
    this.handledUpTo.set(`${topic}/${partition}`, Number(offset) + 1);
    this.handledCount += 1;
  }

  /**
   * Disconnects a member for good: kafkajs' disconnect does nothing to a consumer still joining
   * (tulios/kafkajs#1639), so a retired member that joins or fetches later is disconnected again,
   * and it never restarts itself after a crash. Waited for at most DISCONNECT_WAIT_MS.
   */
  private async retire(member: Member | undefined): Promise<void> {
    if (!member) return;
    member.retired = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      member.consumer.disconnect().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, DISCONNECT_WAIT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** A kafkajs consumer joined to the group and running the handler; throws when it could not start. */
  private async runConsumer(): Promise<void> {
    const config = this.options.config ?? {};
    const member: Member = { consumer: undefined as unknown as Consumer, retired: false, crashed: false };
    const consumer = this.options.kafka.consumer({
      ...config,
      groupId: this.options.groupId,
      // kafkajs restarts itself after the errors it retries, unless this member was retired
      retry: { ...config.retry, restartOnFailure: async () => !member.retired && !this.stopping },
    });
    member.consumer = consumer;
    this.member = member;
    this.assignment = undefined;
    const current = () => !member.retired && member === this.member;
    const lateJoin = () => {
      if (member.retired) setImmediate(() => void consumer.disconnect().catch(() => undefined));
    };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (!current()) return lateJoin();
      // after a join kafkajs reads again from the committed offsets: what this member handled before counts no more
      this.assignment = payload.memberAssignment;
      this.handledUpTo.clear();
      this.progress = new Map();
    });
    consumer.on(consumer.events.FETCH_START, lateJoin);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      member.crashed = true;
      if (current() && !this.restarting) void this.restart(`it crashed on an error kafkajs does not retry (${payload.error.name}: ${payload.error.message})`);
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
    // kafkajs' run resolves even when its first join crashed for good
    if (member.crashed) throw new Error('the Kafka consumer crashed while joining its group');
  }

  /**
   * Replaces the kafkajs consumer, retrying until one runs or the consumer stops. Replacements in
   * a row with nothing handled between them (a message that crashes kafkajs every time) wait
   * longer and longer (up to a minute), so one bad message does not make the group rebalance
   * without pause.
   */
  private restart(reason: string): Promise<void> {
    if (this.restarting || this.stopping) return this.restarting ?? Promise.resolve();
    this.restarts += 1;
    this.fruitlessRestarts = this.handledCount === this.handledAtLastRestart ? this.fruitlessRestarts + 1 : 0;
    this.handledAtLastRestart = this.handledCount;
    const pause = this.fruitlessRestarts > 0 ? Math.min(60_000, 1_000 * 2 ** (this.fruitlessRestarts - 1)) : 0;
    this.logger.warn(`restarting the Kafka consumer${pause ? ` in ${pause} ms (${this.fruitlessRestarts + 1} restarts with nothing handled between them)` : ''}: ${reason}`);
    this.restarting = (async () => {
      const old = this.member;
      this.member = undefined;
      await this.retire(old);
      this.handledUpTo.clear();
      await Promise.race([sleep(pause), this.stopped]);
      for (let attempt = 1; !this.stopping; attempt++) {
        try {
          await this.runConsumer();
          this.logger.log(`Kafka consumer restarted (${this.restarts} restart(s) since start)`);
          return;
        } catch (error) {
          const delay = backoffDelay(attempt, 500, 10_000);
          this.logger.warn(`Kafka consumer not restarted yet (${(error as Error).message}); retrying in ${delay} ms`);
          await this.retire(this.member); // the half-started one
          this.member = undefined;
          await Promise.race([sleep(delay), this.stopped]);
        }
      }
    })().finally(() => {
      this.restarting = undefined;
      this.progress = new Map();
    });
    return this.restarting;
  }

  /** Where this member is and where the log ends, for each partition assigned to it (an admin client of its own, closed after). */
  private async readPositions(assignment: Record<string, number[]>): Promise<PartitionReading[]> {
    const topics = Object.keys(assignment).filter((topic) => assignment[topic].length > 0);
    if (!topics.length) return [];
    // no retries: a check Kafka does not answer is skipped, and stop can cut it short by disconnecting
    const admin = this.options.kafka.admin({ retry: { retries: 0 } });
    this.checkAdmin = admin;
    try {
      await admin.connect();
      const committed = await admin.fetchOffsets({ groupId: this.options.groupId, topics });
      const readings: PartitionReading[] = [];
      for (const topic of topics) {
        const commits = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
        for (const partition of assignment[topic]) {
          const end = ends.get(partition);
          if (!end) continue;
          const committedAt = commits.get(partition) ?? -1;
          const start = committedAt >= 0 ? committedAt : Number(end.low);
          readings.push({ topic, partition, position: Math.max(start, this.handledUpTo.get(`${topic}/${partition}`) ?? 0), highWatermark: Number(end.high) });
        }
      }
      return readings;
    } finally {
      this.checkAdmin = undefined;
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** Replaces the consumer when a partition assigned to it stalls; judged only on a full reading taken while nothing was being handled. */
  private checkProgress(stallAfterMs: number): Promise<void> {
    const assignment = this.assignment;
    if (this.checking || this.stopping || this.restarting || !assignment || this.inFlight > 0) return Promise.resolve();
    this.checking = (async () => {
      // a reading Kafka does not give within 5 s is skipped (the next check starts once it settled)
      const reading = this.readPositions(assignment).catch(() => undefined);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const readings = await Promise.race([reading, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 5_000)))]).finally(() => clearTimeout(timer));
      if (readings && !this.stopping && !this.restarting && this.inFlight === 0 && assignment === this.assignment) {
        const judged = judgeProgress(this.progress, readings, Date.now(), stallAfterMs);
        this.progress = judged.memory;
        if (judged.stalled.length) void this.restart(`no progress on ${describeStalls(judged.stalled)}, nothing being handled`);
      }
      await reading;
    })().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }
}
