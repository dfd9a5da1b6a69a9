import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { auditCosignatureTopicOf } from '@inclusion/contracts';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { openCosigned, WitnessedCheckpoint } from '@inclusion/event-store';
import { INSTITUTION_REGISTRY, InstitutionRegistry } from '@inclusion/access';
import { backoffDelay, ensureTopics, sleep } from '@inclusion/messaging';
import { DATA_SOURCE } from '@inclusion/database';
import { KAFKA } from './tokens';
import { EventBackbone } from './event-backbone';
import { SupervisedConsumer } from './supervised-consumer';

/** The network's witnesses: the institutions of the regional delegation's kind. */
export const witnessIdsOf = (registry: InstitutionRegistry): string[] =>
  registry
    .all()
    .filter((institution) => institution.kind === 'regional-delegation')
    .map((institution) => institution.id)
    .sort();

/**
 * Fetches the checkpoints a witness cosigned for an institution's log from its public
 * `GET <url>/audit/witness/checkpoints?institutionId=`, and keeps those whose witness
 * cosignature and institution signature verify against the registry.
 */
export async function fetchWitnessed(
  url: string,
  institutionId: string,
  options: { registry: InstitutionRegistry; origin: string; timeoutMs?: number },
): Promise<{ url: string; checkpoints: WitnessedCheckpoint[]; refused: number; error?: string }> {
  try {
    const response = await fetch(`${url}/audit/witness/checkpoints?institutionId=${encodeURIComponent(institutionId)}`, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    if (!response.ok) return { url, checkpoints: [], refused: 0, error: `answered ${response.status}` };
    const body = (await response.json()) as { checkpoints?: { cosigned?: unknown }[] };
    const checkpoints: WitnessedCheckpoint[] = [];
    let refused = 0;
    for (const entry of body.checkpoints ?? []) {
      if (typeof entry?.cosigned !== 'string') {
        refused += 1;
        continue;
      }
      const opened = openCosigned(entry.cosigned, { directory: options.registry, institutionId, origin: options.origin, witnessIds: witnessIdsOf(options.registry), source: url });
      if (opened.ok) checkpoints.push(...opened.checkpoints);
      else refused += 1;
    }
    return { url, checkpoints, refused };
  } catch (error) {
    return { url, checkpoints: [], refused: 0, error: (error as Error).message };
  }
}

/**
 * Keeps the witnesses' cosignatures of this service's own logs (institutions of its kind)
 * as they arrive on `<prefix>.audit-cosignatures.v1`, after checking the witness's
 * cosignature and the institution's signature against the registry (tlog_cosignatures).
 * The verification (GET /audit/verification, npm run cli -- verify) holds the store against them.
 */
@Injectable()
export class WitnessCosignatures implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WitnessCosignatures.name);
  private consumer?: SupervisedConsumer;
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
    private readonly backbone: EventBackbone,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.start().catch((error) => this.logger.error(`cosignatures not followed: ${(error as Error).message}`));
  }

  private async start(): Promise<void> {
    await this.backbone.ready();
    // A broker that just created the topic may not serve it for a moment: retried until it does.
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await ensureTopics(this.kafka, [auditCosignatureTopicOf(this.config.topicPrefix)]);
        this.consumer = new SupervisedConsumer({
          kafka: this.kafka,
          groupId: `${this.config.topicPrefix}.${this.config.serviceName}.cosignatures`,
          topics: [auditCosignatureTopicOf(this.config.topicPrefix)],
          config: { maxWaitTimeInMs: 1_000 },
          eachMessage: async ({ message }) => void (await this.keep(message.value?.toString('utf8') ?? '')),
          stallAfterMs: this.config.consumerStallMs,
          logger: this.logger,
        });
        await this.consumer.start();
        return;
      } catch (error) {
        this.logger.warn(`cosignatures not followed yet (${(error as Error).message}); retrying`);
        await this.consumer?.stop();
        await sleep(backoffDelay(attempt, 500, 10_000));
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer?.stop();
  }

  /** Keeps a cosignature of one of this service's logs when it verifies; says what it did. */
  async keep(raw: string): Promise<'kept' | 'not-ours' | 'refused'> {
    let message: { institutionId?: unknown; cosigned?: unknown };
    try {
      message = JSON.parse(raw);
    } catch {
      return 'refused';
    }
    if (typeof message?.institutionId !== 'string' || typeof message.cosigned !== 'string') return 'refused';
    const institutionId = message.institutionId;
    if (this.registry.get(institutionId)?.service !== this.config.serviceName) return 'not-ours';
    const opened = openCosigned(message.cosigned, {
      directory: this.registry,
      institutionId,
      origin: this.backbone.store.logs.originOf(institutionId),
      witnessIds: witnessIdsOf(this.registry),
      source: 'kafka',
    });
    if (!opened.ok) {
      this.logger.warn(`refused a cosignature of ${institutionId}'s log: ${opened.reason}`);
      return 'refused';
    }
    for (const witnessed of opened.checkpoints) {
      await this.dataSource.query(
        `INSERT INTO tlog_cosignatures (log_id, witness, tree_size, root_hash, cosigned, cosigned_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (log_id, witness, tree_size) DO UPDATE SET cosigned = EXCLUDED.cosigned, cosigned_at = EXCLUDED.cosigned_at, received_at = now()
         WHERE tlog_cosignatures.root_hash = EXCLUDED.root_hash`,
        [institutionId, witnessed.witness, witnessed.treeSize, witnessed.rootHash, message.cosigned, witnessed.cosignedAt],
      );
    }
    return 'kept';
  }
}
