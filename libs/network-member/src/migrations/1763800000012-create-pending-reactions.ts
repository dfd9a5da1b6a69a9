import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions that cannot name an institution yet (the case, or the employment office taking
 * part in it, is not known here yet: the events travel on different topics). Kept with their
 * cause and retried when the next event about the case arrives; resolved ones stay, with the
 * time they were resolved. Served at GET /audit/pending-reactions.
 */
export class CreatePendingReactions1763800000012 implements MigrationInterface {
  name = 'CreatePendingReactions1763800000012';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE pending_reactions (
        id             bigserial PRIMARY KEY,
        reaction       text NOT NULL,
        cause_event_id text NOT NULL,
        cause_type     text NOT NULL,
        case_id        text NOT NULL,
        cause          jsonb NOT NULL,
        code           text NOT NULL,
        reason         text NOT NULL,
        waiting_since  timestamptz NOT NULL DEFAULT now(),
        resolved_at    timestamptz,
        UNIQUE (reaction, cause_event_id)
      )`);
    await runner.query(`CREATE INDEX pending_reactions_case_idx ON pending_reactions (case_id) WHERE resolved_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS pending_reactions`);
  }
}
