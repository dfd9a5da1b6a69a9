import { CqrsModule } from '@nestjs/cqrs';
import { RecordCommandHandler } from './commands/record-command';
import { StreamStateQueryHandler } from './commands/stream-state.query';
import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { InstitutionRegistry } from '@inclusion/access';
import { AuthGuard } from './auth/auth.guard';
import { AccessLog } from './auth/access-log';
import { Metrics } from './metrics/metrics';
import { MetricsServer } from './metrics/metrics-server';
import { ConsumersHealthIndicator } from './health/consumers.health';
import { ResolvedServiceConfig } from '@inclusion/config';
import { openDatabase } from '@inclusion/database';
import { createKafka } from '@inclusion/messaging';
import { EVENT_STORE_MIGRATIONS, EventStore, StaticSigningKeyProvider } from '@inclusion/event-store';
import { DataSource, MixedList } from 'typeorm';
import { OutboxHealthIndicator } from './health/outbox.health';
import { EventBackbone } from './messaging/event-backbone';
import { CommandRunner } from './commands/command-runner';
import { DatabaseHealthIndicator } from './health/database.health';
import { HealthController } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health';
import { DATA_SOURCE, INSTITUTION_REGISTRY, KAFKA, SERVICE_CONFIG, SIGNING_KEY_PROVIDER } from './tokens';
import { HttpDrain } from './http/http-drain';
import { WitnessHealthIndicator } from './health/witness.health';
import { WitnessCosignatures } from './messaging/witness-cosignatures';

export interface PlatformOptions {
  config: ResolvedServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
}

/** Last step of a shutdown: the database pool closes once HTTP, consumers and relay are drained. */
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}
  async onApplicationShutdown() {
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.destroy();
    new Logger('Shutdown').log('database pool closed');
  }
}

/**
 * What every service has, whatever its institution kind: validated configuration, a
 * PostgreSQL connection on its own schema (migrated at boot, event store included), a Kafka
 * client, the event backbone (store, outbox relay, consumers) and the health endpoints.
 */
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      global: true,
      // The CommandBus carries every command to one generic handler (RecordCommandHandler).
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false as unknown as Type }), CqrsModule.forRoot()],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: INSTITUTION_REGISTRY, useFactory: () => InstitutionRegistry.fromEnvironment() },
        // Private event-signing keys from outside the database (EVENT_SIGNING_KEYS_DIR / _JSON), checked against the registry: a KMS/HSM provider can replace it.
        {
          provide: SIGNING_KEY_PROVIDER,
          useFactory: (registry: InstitutionRegistry) => StaticSigningKeyProvider.from({ dir: config.eventSigningKeysDir, json: config.eventSigningKeysJson }, registry, config.serviceName),
          inject: [INSTITUTION_REGISTRY],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openDatabase({
              url: config.databaseUrl,
              schema: config.databaseSchema,
              // The schema in the name tells an operator (and pg_stat_activity) which store a connection serves.
              applicationName: `${config.serviceName}:${config.databaseSchema}`.slice(0, 63),
              migrations: [...EVENT_STORE_MIGRATIONS, ...((options.migrations as []) ?? [])],
              entities: options.entities,
            }),
        },
        { provide: KAFKA, useFactory: () => createKafka({ brokers: config.kafkaBrokers, clientId: config.kafkaClientId }) },
        DatabaseCloser,
        HttpDrain,
        DatabaseHealthIndicator,
        KafkaHealthIndicator,
        OutboxHealthIndicator,
        ConsumersHealthIndicator,
        WitnessHealthIndicator,
        // Keeps the witnesses' cosignatures of this service's own transparency logs (tlog_cosignatures).
        WitnessCosignatures,
        { provide: Metrics, useFactory: () => new Metrics(config.serviceName) },
        MetricsServer,
        EventBackbone,
        CommandRunner,
        RecordCommandHandler,
        StreamStateQueryHandler,
        AccessLog,
        { provide: EventStore, useFactory: (backbone: EventBackbone) => backbone.store, inject: [EventBackbone] },
      ],
      exports: [SERVICE_CONFIG, DATA_SOURCE, KAFKA, INSTITUTION_REGISTRY, SIGNING_KEY_PROVIDER, EventBackbone, EventStore, CommandRunner, AccessLog, Metrics, HttpDrain, WitnessCosignatures],
    };
  }
}
