import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store of one service (one schema): events, stream heads, institution hash-chain
 * heads, signing keys, the transactional outbox, the consumers' inbox and subscription
 * checkpoints. Unqualified names: the connection's search_path is the service's schema.
 */
export class CreateEventStore1763800000000 implements MigrationInterface {
  name = 'CreateEventStore1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE events (
        global_position      bigint PRIMARY KEY,
        event_id             uuid NOT NULL UNIQUE,
        stream_id            text NOT NULL,
        stream_version       integer NOT NULL CHECK (stream_version > 0),
        type                 text NOT NULL,
        schema_version       integer NOT NULL CHECK (schema_version > 0),
        institution_id       text NOT NULL,
        institution_sequence bigint NOT NULL CHECK (institution_sequence > 0),
        actor_user_id        text NOT NULL,
        actor_role           text NOT NULL,
        on_behalf_of         text,
        occurred_at          timestamptz NOT NULL,
        recorded_at          timestamptz NOT NULL,
        correlation_id       uuid NOT NULL,
        causation_id         uuid,
        case_id              text,
        project_id           text,
        programme_id         text,
        payload              jsonb NOT NULL,
        metadata             jsonb NOT NULL DEFAULT '{}'::jsonb,
        previous_hash        text NOT NULL,
        hash                 text NOT NULL,
        signature            text NOT NULL,
        UNIQUE (stream_id, stream_version),
        UNIQUE (institution_id, institution_sequence)
      )`);
    await runner.query(`CREATE SEQUENCE events_global_position_seq OWNED BY events.global_position`);
    await runner.query(`CREATE INDEX events_correlation_idx ON events (correlation_id)`);
    await runner.query(`CREATE INDEX events_case_idx ON events (case_id, global_position) WHERE case_id IS NOT NULL`);
    await runner.query(`CREATE INDEX events_project_idx ON events (project_id, global_position) WHERE project_id IS NOT NULL`);
    await runner.query(`CREATE INDEX events_programme_idx ON events (programme_id, global_position) WHERE programme_id IS NOT NULL`);
    await runner.query(`CREATE INDEX events_type_idx ON events (type, global_position)`);

    await runner.query(`
      CREATE TABLE streams (
        stream_id text PRIMARY KEY,
        version   integer NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE chain_heads (
        institution_id text PRIMARY KEY,
        sequence       bigint NOT NULL,
        head_hash      text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE signing_keys (
        institution_id text PRIMARY KEY,
        public_key     text NOT NULL,
        private_key    text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE outbox (
        id              bigserial PRIMARY KEY,
        global_position bigint NOT NULL,
        event_id        uuid NOT NULL,
        topic           text NOT NULL,
        message_key     text NOT NULL,
        headers         jsonb NOT NULL,
        value           text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        published_at    timestamptz,
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text
      )`);
    await runner.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await runner.query(`
      CREATE TABLE inbox (
        consumer     text NOT NULL,
        event_id     uuid NOT NULL,
        event_type   text NOT NULL,
        source_topic text NOT NULL,
        handled_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await runner.query(`
      CREATE TABLE subscription_checkpoints (
        name       text PRIMARY KEY,
        position   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['subscription_checkpoints', 'inbox', 'outbox', 'signing_keys', 'chain_heads', 'streams', 'events']) {
      await runner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
