import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * From which network-log position an institution takes part in a case (and whether it owns
 * it): what its live stream may show. Filled as events are recorded; for a log recorded
 * before this table existed, the case-facts rebuild at boot fills it (projection version 3).
 */
export class CreateNetworkLogParticipants1763800000007 implements MigrationInterface {
  name = 'CreateNetworkLogParticipants1763800000007';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE network_log_participants (
        case_id        text NOT NULL,
        institution_id text NOT NULL,
        from_position  bigint NOT NULL,
        owner          boolean NOT NULL DEFAULT false,
        PRIMARY KEY (case_id, institution_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS network_log_participants`);
  }
}
