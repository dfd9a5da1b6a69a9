import { EventEnvelope } from '@inclusion/contracts';

/** A row of the events table as pg returns it. */
export interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  institution_id: string;
  institution_sequence: string;
  actor_user_id: string;
  actor_role: string;
  on_behalf_of: string | null;
  occurred_at: Date;
  recorded_at: Date;
  correlation_id: string;
  causation_id: string | null;
  case_id: string | null;
  project_id: string | null;
  programme_id: string | null;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
  previous_hash: string;
  hash: string;
  signature: string;
  /** NULL never: `legacy` for events recorded before registered keys (migration 1763800000009). */
  key_id: string;
}

export const EVENT_COLUMNS = `global_position, event_id, stream_id, stream_version, type, schema_version, institution_id,
  institution_sequence, actor_user_id, actor_role, on_behalf_of, occurred_at, recorded_at, correlation_id, causation_id,
  case_id, project_id, programme_id, payload, metadata, previous_hash, hash, signature, key_id`;

/** The stored form, exactly as recorded (no upcasting): what hashes and signatures cover. */
export const envelopeOfRow = (row: EventRow): EventEnvelope => ({
  eventId: row.event_id,
  type: row.type,
  schemaVersion: row.schema_version,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  globalPosition: Number(row.global_position),
  institutionId: row.institution_id,
  institutionSequence: Number(row.institution_sequence),
  actor: { userId: row.actor_user_id, role: row.actor_role as EventEnvelope['actor']['role'], onBehalfOf: row.on_behalf_of },
  occurredAt: row.occurred_at.toISOString(),
  recordedAt: row.recorded_at.toISOString(),
  correlationId: row.correlation_id,
  causationId: row.causation_id,
  caseId: row.case_id,
  projectId: row.project_id,
  programmeId: row.programme_id,
  payload: row.payload,
  metadata: row.metadata,
  previousHash: row.previous_hash,
  hash: row.hash,
  signature: row.signature,
  keyId: row.key_id,
});
