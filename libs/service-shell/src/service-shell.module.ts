import { CqrsModule } from '@nestjs/cqrs';
import { CommandRunner, COMMANDS_MIGRATIONS, RecordCommandHandler, StreamStateQueryHandler } from '@inclusion/commands';
import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ACCESS_MIGRATIONS, AccessLog, AuthGuard, INSTITUTION_REGISTRY, InstitutionRegistry } from '@inclusion/access';
import { Metrics, MetricsServer } from '@inclusion/observability';
import { ConsumersHealthIndicator } from './health/consumers.health';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { DATA_SOURCE, openDatabase } from '@inclusion/database';
import { createKafka, EventBackbone, KAFKA, MESSAGING_MIGRATIONS, WitnessCosignatures } from '@inclusion/messaging';
import { EVENT_STORE_MIGRATIONS, EventStore, SIGNING_KEY_PROVIDER, StaticSigningKeyProvider } from '@inclusion/event-store';
import { WITNESS_MIGRATIONS, WitnessHealthIndicator } from '@inclusion/witness';
import { DataSource, MixedList } from 'typeorm';
import { OutboxHealthIndicator } from './health/outbox.health';
import { DatabaseHealthIndicator } from './health/database.health';
import { HealthController } from './health/health.controller';
import { ReadinessSnapshot } from './health/readiness-snapshot';
import { KafkaHealthIndicator } from './health/kafka.health';
import { HttpDrain } from './http/http-drain';

export interface ServiceShellOptions {
  config: ResolvedServiceConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
}

/**
 * The tables every service has, whatever its kind: each lib brings its own migrations and
 * TypeORM runs them all in timestamp order. A service adds the libs it uses beyond these
 * (options.migrations: network-member's, network-log's).
 */
export const SERVICE_SHELL_MIGRATIONS = [...EVENT_STORE_MIGRATIONS, ...MESSAGING_MIGRATIONS, ...ACCESS_MIGRATIONS, ...COMMANDS_MIGRATIONS, ...WITNESS_MIGRATIONS];

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
export class ServiceShellModule {
  static forService(options: ServiceShellOptions): DynamicModule {
    const { config } = options;
    return {
      module: ServiceShellModule,
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
              migrations: [...SERVICE_SHELL_MIGRATIONS, ...((options.migrations as []) ?? [])],
              entities: options.entities,
            }),
        },
        { provide: KAFKA, useFactory: () => createKafka({ brokers: config.kafkaBrokers, clientId: config.kafkaClientId, replication: config.kafkaReplication }) },
        DatabaseCloser,
        HttpDrain,
        DatabaseHealthIndicator,
        KafkaHealthIndicator,
        OutboxHealthIndicator,
        ConsumersHealthIndicator,
        WitnessHealthIndicator,
        ReadinessSnapshot,
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
