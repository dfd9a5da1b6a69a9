import { Logger } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { SupervisedConsumer } from './supervised-consumer';
import { peekCheckpoint } from '@inclusion/transparency-log';
import { Checkpoint, checkpointDoubt, EventStore, NoSigningKeyError, publicPemOf, signCheckpoint, SigningKey } from '@inclusion/event-store';

/** What a checkpoint message carries of the institution's transparency log (docs/event-store.md, "Transparency log"). */
export interface LogCheckpoint {
  origin: string;
  /** The latest signed tree head: a C2SP tlog-checkpoint signed note. */
  checkpoint: string;
  /** The size of the checkpoint this service published before (0: none). */
  previousSize: number;
  /** RFC 9162 consistency proof from previousSize to the checkpoint's size, base64. */
  consistency: string[];
}

/** A checkpoint message: the signed chain head (JSON, kept in audit_checkpoints) and the transparency log's signed tree head. */
export type PublishedCheckpoint = Checkpoint & { log?: LogCheckpoint };

export interface CheckpointOptions {
  store: EventStore;
  dataSource: DataSource;
  kafka: Kafka;
  topic: string;
  groupId: string;
  service: string;
  intervalMs: number;
  /** When its Kafka consumer counts as stalled (CONSUMER_STALL_MS; supervised-consumer.ts). */
  stallAfterMs?: number;
}

/**
 * Publishes, for each institution this service records, a checkpoint signed with the
 * institution's current event-signing key (sequence, head hash, public key) every
 * `intervalMs`, with the latest signed tree head of the institution's transparency log and a
 * consistency proof from the size published before (for the witnesses). At start, it first
 * builds the tree of a log recorded before the transparency log (backfill, signed). It keeps
 * the checkpoints of every institution it receives: each must be
 * signed by a key the network registry lists for the institution, valid when issued (no key
 * is trusted on first sight). A checkpoint that contradicts one kept before (same sequence,
 * other hash) is refused and logged: the chain was rewritten.
 */
export class Checkpoints {
  private readonly logger = new Logger(Checkpoints.name);
  private producer?: Producer;
  private consumer?: SupervisedConsumer;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: CheckpointOptions) {}

  async start(): Promise<void> {
    await this.backfill();
    this.producer = this.options.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    // maxWaitTimeInMs: an idle fetch returns within 1 s, so a shutdown waits no longer for it.
    this.consumer = new SupervisedConsumer({
      kafka: this.options.kafka,
      groupId: this.options.groupId,
      topics: [this.options.topic],
      config: { maxWaitTimeInMs: 1_000 },
      eachMessage: async ({ message }) => void (await this.keep(message.value?.toString('utf8') ?? '')),
      stallAfterMs: this.options.stallAfterMs,
      logger: this.logger,
    });
    await this.consumer.start();
    this.timer = setInterval(() => void this.publishNow().catch((error) => this.logger.warn(`checkpoint not published: ${(error as Error).message}`)), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.consumer?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }

  /**
   * Builds the transparency log of every institution whose chain is longer than its tree
   * (events recorded before the transparency log), under the store's append lock, and signs
   * its head when this service holds the institution's key. Returns the leaves added per institution.
   */
  async backfill(): Promise<Record<string, number>> {
    const { store } = this.options;
    const added: Record<string, number> = {};
    const behind: { institution_id: string }[] = await store.dataSource.query(
      `SELECT c.institution_id FROM chain_heads c
        WHERE c.sequence > coalesce((SELECT max(n.idx) + 1 FROM tlog_nodes n WHERE n.log_id = c.institution_id AND n.level = 0), 0)
        ORDER BY c.institution_id`,
    );
    // Only the logs whose tree is behind their chain take the append lock (at the first boot after the upgrade).
    for (const { institution_id: institutionId } of behind) {
      let key: SigningKey | undefined;
      try {
        key = await store.keyRing.signingKeyFor(institutionId);
      } catch (error) {
        if (!(error instanceof NoSigningKeyError)) throw error;
      }
      const leaves = await store.dataSource.transaction(async (tx) => {
        await store.lockForAppend(tx);
        return store.logs.backfill(tx, institutionId, key?.privateKey);
      });
      if (leaves > 0) {
        added[institutionId] = leaves;
        this.logger.log(`transparency log of ${institutionId}: ${leaves} event(s) recorded before it added to its tree${key ? ', head signed' : ' (no key held here: head not signed)'}`);
      }
    }
    return added;
  }

  /** The transparency-log part of an institution's checkpoint message, or undefined when it has no signed head. */
  private async logCheckpoint(institutionId: string): Promise<LogCheckpoint | undefined> {
    const { store } = this.options;
    const head = await store.logs.tree.latestHead(institutionId);
    if (!head) return undefined;
    const [published] = await store.dataSource.query(`SELECT tree_size FROM tlog_publications WHERE log_id = $1`, [institutionId]);
    let previousSize = published ? Number(published.tree_size) : 0;
    let consistency: string[] = [];
    try {
      if (previousSize > head.treeSize) throw new Error(`the log shrank from ${previousSize} to ${head.treeSize}`);
      consistency = (await store.logs.tree.consistencyProof(institutionId, previousSize, head.treeSize)).map((hash) => hash.toString('base64'));
    } catch (error) {
      // No proof from the size published before (the log shrank, or its tree lost nodes): the witnesses will say so.
      this.logger.error(`transparency log of ${institutionId}: no consistency proof from the published size ${previousSize} to ${head.treeSize}: ${(error as Error).message}`);
      previousSize = head.treeSize;
      consistency = [];
    }
    return { origin: store.logs.originOf(institutionId), checkpoint: head.checkpoint, previousSize, consistency };
  }

  /** Signs and publishes the current head of every institution's chain in this store, with its transparency log's signed tree head. */
  async publishNow(): Promise<PublishedCheckpoint[]> {
    const { store } = this.options;
    await this.backfill();
    const heads: { institution_id: string; sequence: string; head_hash: string }[] = await store.dataSource.query(`SELECT institution_id, sequence, head_hash FROM chain_heads ORDER BY institution_id`);
    const checkpoints: PublishedCheckpoint[] = [];
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
      const signed = signCheckpoint(
        { institutionId: head.institution_id, sequence: Number(head.sequence), headHash: head.head_hash, publicKey: publicPemOf(key), service: this.options.service, issuedAt: issuedAt.toISOString() },
        key.privateKey,
      );
      const log = await this.logCheckpoint(head.institution_id);
      checkpoints.push(log ? { ...signed, log } : signed);
    }
    if (checkpoints.length) {
      await this.producer!.send({ topic: this.options.topic, acks: -1, messages: checkpoints.map((c) => ({ key: c.institutionId, value: JSON.stringify(c) })) });
      for (const { log, institutionId } of checkpoints) {
        if (!log) continue;
        const size = peekCheckpoint(log.checkpoint).treeSize;
        await store.dataSource.query(
          `INSERT INTO tlog_publications (log_id, tree_size) VALUES ($1, $2) ON CONFLICT (log_id) DO UPDATE SET tree_size = EXCLUDED.tree_size, published_at = now()`,
          [institutionId, size],
        );
      }
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
