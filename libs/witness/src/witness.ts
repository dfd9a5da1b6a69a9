import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { auditCheckpointTopicOf, auditCosignatureTopicOf, logOriginOf, WitnessAlarmReason } from '@inclusion/contracts';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { logKeyVerifiers, SIGNING_KEY_PROVIDER, SigningKeyProvider } from '@inclusion/event-store';
import { INSTITUTION_REGISTRY, InstitutionRegistry } from '@inclusion/access';
import { backoffDelay, ensureTopics, EventBackbone, KAFKA, LogCheckpoint, sleep, SupervisedConsumer } from '@inclusion/messaging';
import { cosignCheckpoint, CosignDecision, decideCosignature, WitnessedHead } from '@inclusion/transparency-log';
import { Metrics } from '@inclusion/observability';
import { DATA_SOURCE } from '@inclusion/database';

/** The refusals that are evidence against a log (the others are noise: malformed, unknown, a proof from another size). */
export const ALARMING_REFUSALS: readonly WitnessAlarmReason[] = ['SHRINKS', 'FORK', 'INCONSISTENT_PROOF', 'BAD_SIGNATURE'];

/** A checkpoint message as the witness reads it (checkpoints.ts PublishedCheckpoint; only its `log` part matters here). */
export interface CheckpointSubmission {
  institutionId: string;
  log: LogCheckpoint;
}

/** Reads a checkpoint message; undefined when it carries no transparency-log part (a service from before it). */
export function submissionOf(raw: string): CheckpointSubmission | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const message = value as Partial<CheckpointSubmission> | null;
  const log = message?.log as Partial<LogCheckpoint> | undefined;
  if (!message || typeof message.institutionId !== 'string' || !log || typeof log.checkpoint !== 'string' || typeof log.origin !== 'string') return undefined;
  if (!Number.isSafeInteger(log.previousSize) || !Array.isArray(log.consistency) || !log.consistency.every((h) => typeof h === 'string')) return undefined;
  return { institutionId: message.institutionId, log: log as LogCheckpoint };
}

/**
 * The witness's decision on a submission (pure): the proof counts only when it starts from the
 * size last cosigned (tlog-witness's `old`); otherwise a checkpoint no larger than the last one
 * is still judged (SHRINKS, FORK, or the same head again), and a larger one waits for a proof
 * from the right size (OLD_SIZE_MISMATCH, not an alarm).
 */
export function decideSubmission(submission: CheckpointSubmission, last: WitnessedHead | undefined, logKeysFor: Parameters<typeof decideCosignature>[0]['logKeysFor']): CosignDecision {
  const { log } = submission;
  const fromLast = !last || log.previousSize === last.treeSize;
  const proof = fromLast && last ? log.consistency.map((h) => Buffer.from(h, 'base64')) : [];
  const decision = decideCosignature({ signedCheckpoint: log.checkpoint, logKeysFor, last, proof, ...(fromLast && last ? { oldSize: log.previousSize } : {}) });
  if (decision.decision === 'refuse' && decision.reason === 'INCONSISTENT_PROOF' && !fromLast && last && decision.checkpoint && decision.checkpoint.treeSize > last.treeSize) {
    return { decision: 'refuse', reason: 'OLD_SIZE_MISMATCH', detail: `the proof starts from ${log.previousSize}, the last cosigned size is ${last.treeSize}`, checkpoint: decision.checkpoint };
  }
  return decision;
}

type HeadRow = { origin: string; institution_id: string; tree_size: string; root_hash: Buffer; cosigned_at: Date };

/**
 * A witness of the institutions' transparency logs (the regional delegation runs it): it
 * reads every checkpoint published on `<prefix>.audit-checkpoints.v1`, checks it is signed by
 * a registered key of its institution and consistent with the last checkpoint it cosigned for
 * that log (decideCosignature), then cosigns it (C2SP tlog-cosignature v1, with the event key
 * of the witness institution: the first one this service hosts, key name = its id), keeps it
 * (witness_heads, witness_cosigned) and publishes the cosignature on
 * `<prefix>.audit-cosignatures.v1`. A checkpoint that shrinks, forks, has no valid
 * consistency proof or a bad signature, and a log with nothing cosigned for
 * WITNESS_STALL_INTERVALS checkpoint intervals, raise an alarm: a witness_alarms row (the
 * health indicator reports it), a metric, a log line and a `witness.alarm-raised` event in
 * the witness institution's own log.
 */
@Injectable()
export class Witness implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Witness.name);
  private producer?: Producer;
  private consumer?: SupervisedConsumer;
  private timer?: NodeJS.Timeout;
  private starting?: Promise<void>;
  private stopped = false;
  private witnessId?: string;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
    @Inject(SIGNING_KEY_PROVIDER) private readonly keys: SigningKeyProvider,
    private readonly backbone: EventBackbone,
    private readonly metrics: Metrics,
  ) {}

  /** The witness institution: the first (by id) this service holds a key of. */
  async identity(): Promise<string> {
    if (!this.witnessId) {
      const held = [...new Set((await this.keys.heldKeys()).map((key) => key.institutionId))].sort();
      if (held.length === 0) throw new Error('the witness holds no institution key to cosign with');
      this.witnessId = held[0];
    }
    return this.witnessId;
  }

  onApplicationBootstrap(): void {
    this.metrics.gaugeFrom('inclusion_witness_logs', 'Institution logs this witness follows', [], async () => [{ labels: {}, value: Number((await this.dataSource.query(`SELECT count(*) AS n FROM witness_heads`))[0].n) }]);
    this.starting = this.start().catch((error) => this.logger.error(`witness not started: ${(error as Error).message}`));
  }

  private async start(): Promise<void> {
    await this.backbone.ready();
    // A broker that just created the topics may not serve them for a moment: retried until it does.
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await ensureTopics(this.kafka, [auditCosignatureTopicOf(this.config.topicPrefix)]);
        this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
        await this.producer.connect();
        this.consumer = new SupervisedConsumer({
          kafka: this.kafka,
          groupId: `${this.config.topicPrefix}.${this.config.serviceName}.witness`,
          topics: [auditCheckpointTopicOf(this.config.topicPrefix)],
          config: { maxWaitTimeInMs: 1_000 },
          eachMessage: async ({ message }) => void (await this.witness(message.value?.toString('utf8') ?? '')),
          stallAfterMs: this.config.consumerStallMs,
          logger: this.logger,
        });
        await this.consumer.start();
        break;
      } catch (error) {
        this.logger.warn(`witness not started yet (${(error as Error).message}); retrying`);
        await this.consumer?.stop();
        await this.producer?.disconnect().catch(() => undefined);
        await sleep(backoffDelay(attempt, 500, 10_000));
      }
    }
    if (this.stopped) return;
    this.timer = setInterval(() => void this.checkStalls().catch((error) => this.logger.warn(`stall check failed: ${(error as Error).message}`)), this.config.checkpointIntervalMs);
    this.timer.unref();
    this.logger.log(`witness ${await this.identity()} running: stall alarm after ${this.config.witnessStallIntervals} interval(s) of ${this.config.checkpointIntervalMs} ms`);
  }

  /** Resolves once the witness consumes (tests). */
  ready(): Promise<void> {
    return this.starting ?? Promise.resolve();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.starting;
    await this.consumer?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }

  /** Judges one checkpoint message: cosigns it, or refuses it (raising an alarm when it is evidence against the log). */
  async witness(raw: string): Promise<CosignDecision | undefined> {
    const submission = submissionOf(raw);
    if (!submission) return undefined;
    const { institutionId, log } = submission;
    const origin = logOriginOf(institutionId, this.backbone.store.logs.originPrefix);
    if (log.origin !== origin) {
      this.logger.warn(`refused a checkpoint of ${institutionId}: its origin ${JSON.stringify(log.origin)} is not ${origin}`);
      return undefined;
    }
    const witnessId = await this.identity();
    const now = new Date();
    const outcome = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(472021, hashtext($1))`, [origin]);
      const [row]: HeadRow[] = await tx.query(`SELECT origin, institution_id, tree_size, root_hash, cosigned_at FROM witness_heads WHERE origin = $1`, [origin]);
      const last: WitnessedHead | undefined = row ? { origin, treeSize: Number(row.tree_size), rootHash: row.root_hash } : undefined;
      const decision = decideSubmission(submission, last, (o) => (o === origin ? logKeyVerifiers(this.registry, institutionId, origin, now, true) : undefined));
      if (decision.decision === 'refuse') return { decision, last };
      const key = await this.keys.currentKey(witnessId, now);
      if (!key) throw new Error(`the witness holds no current key of ${witnessId}`);
      const cosignedAt = Math.floor(now.getTime() / 1000);
      const cosigned = cosignCheckpoint(log.checkpoint, { name: witnessId, privateKey: key.privateKey }, cosignedAt);
      const at = new Date(cosignedAt * 1000);
      await tx.query(
        `INSERT INTO witness_heads (origin, institution_id, tree_size, root_hash, cosigned_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (origin) DO UPDATE SET tree_size = EXCLUDED.tree_size, root_hash = EXCLUDED.root_hash, cosigned_at = EXCLUDED.cosigned_at, last_seen_at = now()`,
        [origin, institutionId, decision.next.treeSize, decision.next.rootHash, at],
      );
      await tx.query(
        `INSERT INTO witness_cosigned (origin, institution_id, tree_size, root_hash, cosigned, cosigned_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (origin, tree_size) DO UPDATE SET cosigned = EXCLUDED.cosigned, cosigned_at = EXCLUDED.cosigned_at`,
        [origin, institutionId, decision.next.treeSize, decision.next.rootHash, cosigned, at],
      );
      const cleared = await tx.query(`UPDATE witness_alarms SET cleared_at = now() WHERE origin = $1 AND reason = 'STALLED' AND cleared_at IS NULL RETURNING id`, [origin]);
      if (cleared.length) this.metrics.witnessOpenAlarms.set({ institution: institutionId, reason: 'STALLED' }, 0);
      return { decision, last, cosigned, at };
    });
    const { decision, last } = outcome;
    if (decision.decision === 'cosign') {
      this.metrics.witnessCosigned.inc({ institution: institutionId });
      await this.producer!.send({
        topic: auditCosignatureTopicOf(this.config.topicPrefix),
        acks: -1,
        messages: [
          {
            key: institutionId,
            value: JSON.stringify({
              institutionId,
              origin,
              witness: witnessId,
              treeSize: decision.next.treeSize,
              rootHash: decision.next.rootHash.toString('base64'),
              cosigned: outcome.cosigned,
              cosignedAt: outcome.at!.toISOString(),
            }),
          },
        ],
      });
      return decision;
    }
    if ((ALARMING_REFUSALS as readonly string[]).includes(decision.reason)) {
      await this.raise(institutionId, origin, decision.reason as WitnessAlarmReason, decision.detail, last, decision.checkpoint);
    } else {
      this.logger.warn(`did not cosign ${origin} (${decision.reason}): ${decision.detail}`);
    }
    return decision;
  }

  /** Raises an alarm for every followed log with nothing cosigned for WITNESS_STALL_INTERVALS intervals. */
  async checkStalls(now = new Date()): Promise<string[]> {
    const limitMs = this.config.witnessStallIntervals * this.config.checkpointIntervalMs;
    const stalled: HeadRow[] = await this.dataSource.query(
      `SELECT h.origin, h.institution_id, h.tree_size, h.root_hash, h.cosigned_at FROM witness_heads h
        WHERE h.cosigned_at < $1 AND NOT EXISTS (SELECT 1 FROM witness_alarms a WHERE a.origin = h.origin AND a.reason = 'STALLED' AND a.cleared_at IS NULL)`,
      [new Date(now.getTime() - limitMs)],
    );
    for (const row of stalled) {
      await this.raise(
        row.institution_id,
        row.origin,
        'STALLED',
        `no checkpoint of ${row.origin} cosigned since ${row.cosigned_at.toISOString()} (${this.config.witnessStallIntervals} interval(s) of ${this.config.checkpointIntervalMs} ms): the institution stopped publishing`,
        { origin: row.origin, treeSize: Number(row.tree_size), rootHash: row.root_hash },
      );
    }
    return stalled.map((row) => row.institution_id);
  }

  private async raise(institutionId: string, origin: string, reason: WitnessAlarmReason, detail: string, last?: WitnessedHead, submitted?: { treeSize: number; rootHash: Buffer }): Promise<void> {
    const witnessId = await this.identity();
    const recorded = await this.dataSource.transaction(async (tx: EntityManager) => {
      const [open] = await tx.query(`SELECT id FROM witness_alarms WHERE origin = $1 AND reason = $2 AND detail = $3 AND cleared_at IS NULL`, [origin, reason, detail]);
      if (open) return false; // the same checkpoint again (republished every interval): one alarm
      await tx.query(`INSERT INTO witness_alarms (institution_id, origin, reason, detail) VALUES ($1, $2, $3, $4)`, [institutionId, origin, reason, detail]);
      await this.backbone.store.append(
        `witness-${witnessId}`,
        [
          {
            type: 'witness.alarm-raised',
            schemaVersion: 1,
            payload: {
              institutionId,
              origin,
              reason,
              detail: detail.slice(0, 2000),
              cosignedSize: last?.treeSize ?? null,
              cosignedRoot: last ? last.rootHash.toString('base64') : null,
              submittedSize: submitted?.treeSize ?? null,
              submittedRoot: submitted ? submitted.rootHash.toString('base64') : null,
            },
          },
        ],
        'any',
        { institutionId: witnessId, actor: { userId: 'witness', role: 'system' }, correlationId: uuidv7() },
        tx,
      );
      return true;
    });
    if (!recorded) return;
    this.metrics.witnessAlarms.inc({ institution: institutionId, reason });
    this.metrics.witnessOpenAlarms.set({ institution: institutionId, reason }, 1);
    this.logger.error(`WITNESS ALARM ${reason} for ${origin}: ${detail}`);
  }

  /** The checkpoints this witness cosigned for an institution (newest size last). */
  async cosigned(institutionId: string): Promise<{ treeSize: number; rootHash: string; cosigned: string; cosignedAt: string }[]> {
    const rows: { tree_size: string; root_hash: Buffer; cosigned: string; cosigned_at: Date }[] = await this.dataSource.query(
      `SELECT tree_size, root_hash, cosigned, cosigned_at FROM witness_cosigned WHERE institution_id = $1 ORDER BY tree_size`,
      [institutionId],
    );
    return rows.map((row) => ({ treeSize: Number(row.tree_size), rootHash: row.root_hash.toString('base64'), cosigned: row.cosigned, cosignedAt: row.cosigned_at.toISOString() }));
  }

  /** Open alarms (the health indicator reads the table directly). */
  async openAlarms(): Promise<{ institutionId: string; origin: string; reason: string; detail: string; raisedAt: string }[]> {
    const rows: { institution_id: string; origin: string; reason: string; detail: string; raised_at: Date }[] = await this.dataSource.query(
      `SELECT institution_id, origin, reason, detail, raised_at FROM witness_alarms WHERE cleared_at IS NULL ORDER BY id`,
    );
    return rows.map((row) => ({ institutionId: row.institution_id, origin: row.origin, reason: row.reason, detail: row.detail, raisedAt: row.raised_at.toISOString() }));
  }
}
