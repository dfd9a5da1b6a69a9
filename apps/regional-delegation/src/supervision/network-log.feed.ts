import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EVENT_CATALOGUE, INSTITUTION_KINDS } from '@inclusion/contracts';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { NotificationListener } from '@inclusion/event-store';
import { EventBackbone, EventHandler } from '@inclusion/messaging';
import { DATA_SOURCE } from '@inclusion/database';
import { NetworkLog, networkLogChannelOf } from '@inclusion/network-log';
import { DataSource } from 'typeorm';

/**
 * Feeds the network log and its read models: one consumer (`network-log`) follows the four
 * institution kinds' topics (the delegation's own included) and records each event once
 * (inbox) with its projections in the same transaction, a fetched batch at a time. At boot, projections whose fold
 * changed (version) are rebuilt from the log. Live streams wait on its notifications.
 */
@Injectable()
export class NetworkLogFeed implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NetworkLogFeed.name);
  readonly log: NetworkLog;
  readonly listener: NotificationListener;

  constructor(
    private readonly backbone: EventBackbone,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ResolvedServiceConfig,
  ) {
    this.log = new NetworkLog(dataSource, networkLogChannelOf(config.databaseSchema), EVENT_CATALOGUE);
    this.listener = new NotificationListener(config.databaseUrl, this.log.channel);
  }

  onModuleInit(): void {
    const record: EventHandler = async (event, tx, source) => {
      await this.log.record(event, tx, source.sent);
    };
    this.backbone.register({
      name: 'network-log',
      from: [...INSTITUTION_KINDS],
      handlers: Object.fromEntries(EVENT_CATALOGUE.types().map((type) => [type, record])),
      // a fetched batch is recorded set-based: one lock, one append, one read and one write of the projections
      handleRun: async (items, tx) => void (await this.log.recordAll(items.map(({ event, source }) => ({ event, sent: source.sent })), tx)),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    const outdated = await this.log.outdated();
    if (outdated.length) {
      this.logger.log(`rebuilding projections ${outdated.map((p) => `${p.name} v${p.version}`).join(', ')} from the network log`);
      for (const report of await this.log.rebuild(outdated)) this.logger.log(`rebuilt ${report.projection}: ${report.documents} documents from ${report.events} events`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
  }
}
