import { Logger } from '@nestjs/common';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Checkpoint, checkpointDoubt, EventStore, NoSigningKeyError, publicPemOf, signCheckpoint } from '@inclusion/event-store';

export interface CheckpointOptions {
  store: EventStore;
  dataSource: DataSource;
  kafka: Kafka;
  topic: string;
  groupId: string;
  service: string;
  intervalMs: number;
}

/**
 * Publishes, for each institution this service records, a checkpoint signed with the
 * institution's current event-signing key (sequence, head hash, public key) every
 * `intervalMs`, and keeps the checkpoints of every institution it receives: each must be
 * signed by a key the network registry lists for the institution, valid when issued (no key
 * is trusted on first sight). A checkpoint that contradicts one kept before (same sequence,
 * other hash) is refused and logged: the chain was rewritten.
 */
export class Checkpoints {
  private readonly logger = new Logger(Checkpoints.name);
  private producer?: Producer;
  private consumer?: Consumer;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: CheckpointOptions) {}

  async start(): Promise<void> {
    this.producer = this.options.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    // maxWaitTimeInMs: an idle fetch returns within 1 s, so a shutdown waits no longer for it.
    this.consumer = this.options.kafka.consumer({ groupId: this.options.groupId, maxWaitTimeInMs: 1_000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({ eachMessage: async ({ message }) => void (await this.keep(message.value?.toString('utf8') ?? '')) });
    this.timer = setInterval(() => void this.publishNow().catch((error) => this.logger.warn(`checkpoint not published: ${(error as Error).message}`)), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  /** Signs and publishes the current head of every institution's chain in this store. */
  async publishNow(): Promise<Checkpoint[]> {
    const { store } = this.options;
    const heads: { institution_id: string; sequence: string; head_hash: string }[] = await store.dataSource.query(`SELECT institution_id, sequence, head_hash FROM chain_heads ORDER BY institution_id`);
    const checkpoints: Checkpoint[] = [];
    for (const head of heads) {
      const issuedAt = new Date();
      let key;
      try {
        key = await store.keyRing.signingKeyFor(head.institution_id, issuedAt);
      } catch (error) {
        // A chain recorded here before registered keys, of an institution this service no longer hosts.
        if (error instanceof NoSigningKeyError) continue;
        throw error;
      }
      checkpoints.push(
        signCheckpoint(
          { institutionId: head.institution_id, sequence: Number(head.sequence), headHash: head.head_hash, publicKey: publicPemOf(key), service: this.options.service, issuedAt: issuedAt.toISOString() },
          key.privateKey,
        ),
      );
    }
    if (checkpoints.length) {
      await this.producer!.send({ topic: this.options.topic, acks: -1, messages: checkpoints.map((c) => ({ key: c.institutionId, value: JSON.stringify(c) })) });
    }
    return checkpoints;
  }

  /** Keeps a received checkpoint if it is validly signed and consistent with those kept before. */
  async keep(raw: string): Promise<'kept' | 'known' | 'refused'> {
    let checkpoint: Checkpoint;
    try {
      checkpoint = JSON.parse(raw);
    } catch {
      this.logger.warn('refused a checkpoint that is not JSON');
      return 'refused';
    }
    const directory = this.options.store.keyRing.directory;
    const doubt = !checkpoint || typeof checkpoint !== 'object' ? 'it is not an object' : directory ? checkpointDoubt(checkpoint, directory) : 'no registry of the network\'s keys is known';
    if (doubt) {
      this.logger.warn(`refused a checkpoint of ${checkpoint?.institutionId}: ${doubt}`);
      return 'refused';
    }
    const [same] = await this.options.dataSource.query(`SELECT head_hash FROM audit_checkpoints WHERE institution_id = $1 AND sequence = $2`, [checkpoint.institutionId, checkpoint.sequence]);
    if (same) {
      if (same.head_hash !== checkpoint.headHash) {
        this.logger.error(`checkpoint of ${checkpoint.institutionId} at ${checkpoint.sequence} contradicts the one kept before: the chain was rewritten`);
        return 'refused';
      }
      return 'known';
    }
    await this.options.dataSource.query(
      `INSERT INTO audit_checkpoints (institution_id, sequence, head_hash, public_key, signature, service, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [checkpoint.institutionId, checkpoint.sequence, checkpoint.headHash, checkpoint.publicKey, checkpoint.signature, checkpoint.service, checkpoint.issuedAt],
    );
    return 'kept';
  }
}
