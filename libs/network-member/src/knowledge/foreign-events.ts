import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@inclusion/contracts';
import { EventStore } from '@inclusion/event-store';
import { EntityManager } from 'typeorm';

/**
 * The events of other institutions this service received through Kafka, kept verbatim (the
 * signed envelope) so the service can decide with what others recorded (a company checks the
 * accreditation social services recorded) and show a case's whole timeline.
 */
@Injectable()
export class ForeignEvents {
  constructor(private readonly store: EventStore) {}

  async record(event: EventEnvelope, sourceTopic: string, tx: EntityManager): Promise<void> {
    await this.recordAll([{ event, sourceTopic }], tx);
  }

  /** Keeps received events in one statement (one already kept is left as it is). */
  async recordAll(items: { event: EventEnvelope; sourceTopic: string }[], tx: EntityManager): Promise<void> {
    if (items.length === 0) return;
    const column = <T>(f: (item: { event: EventEnvelope; sourceTopic: string }) => T) => items.map(f);
    await tx.query(
      `INSERT INTO foreign_events (event_id, source_topic, type, schema_version, institution_id, stream_id, case_id, project_id, programme_id, occurred_at, recorded_at, envelope)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::jsonb[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        column(({ event }) => event.eventId),
        column(({ sourceTopic }) => sourceTopic),
        column(({ event }) => event.type),
        column(({ event }) => event.schemaVersion),
        column(({ event }) => event.institutionId),
        column(({ event }) => event.streamId),
        column(({ event }) => event.caseId),
        column(({ event }) => event.projectId),
        column(({ event }) => event.programmeId),
        column(({ event }) => event.occurredAt),
        column(({ event }) => event.recordedAt),
        column(({ event }) => JSON.stringify(event)),
      ],
    );
  }

  private async select(where: string, params: unknown[], manager?: EntityManager): Promise<EventEnvelope[]> {
    const rows: { envelope: EventEnvelope }[] = await (manager ?? this.store.dataSource.manager).query(
      `SELECT envelope FROM foreign_events WHERE ${where} ORDER BY recorded_at, event_id`,
      params,
    );
    const revealed: EventEnvelope[] = [];
    for (const row of rows) revealed.push(await this.store.reveal(row.envelope, manager));
    return revealed;
  }

  forCase(caseId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    return this.select('case_id = $1', [caseId], manager);
  }

  /** The events other services recorded in these streams (a table's members each keep their own). */
  forStreams(streamIds: string[], manager?: EntityManager): Promise<EventEnvelope[]> {
    return this.select('stream_id = ANY($1::text[])', [streamIds], manager);
  }

  /** The cases whose opening this service received for a person. */
  async casesOfPerson(personId: string): Promise<string[]> {
    const rows: { case_id: string }[] = await this.store.dataSource.query(
      `SELECT case_id FROM foreign_events WHERE type = 'case.opened' AND envelope->'payload'->>'personId' = $1 ORDER BY recorded_at`,
      [personId],
    );
    return rows.map((r) => r.case_id);
  }

  forProgramme(programmeId: string, manager?: EntityManager): Promise<EventEnvelope[]> {
    return this.select('programme_id = $1', [programmeId], manager);
  }
}
