import { Injectable } from '@nestjs/common';
import { EventStore } from '@inclusion/event-store';

export interface TrailFilter {
  caseId?: string;
  projectId?: string;
  programmeId?: string;
  streamId?: string;
  institutionId?: string;
  actorId?: string;
  type?: string;
  from?: string;
  to?: string;
  /** Cursor: the `next` of the previous page. */
  after?: string;
  limit?: number;
}

/** One audit record: who did what, when, where, on whose behalf, why (FHIR AuditEvent / IHE ATNA terms). */
export interface TrailRecord {
  eventId: string;
  type: string;
  when: { occurredAt: string; recordedAt: string };
  who: { institutionId: string; userId: string; role: string; onBehalfOf: string | null };
  what: { streamId: string; streamVersion: number; caseId: string | null; projectId: string | null; programmeId: string | null; schemaVersion: number };
  where: { institutionSequence: number };
  why: { causationId: string | null; correlationId: string };
  outcome: 'success';
  integrity: { hash: string; previousHash: string; signature: string };
}

const UNION = `
  SELECT event_id::text AS event_id, type, institution_id, actor_user_id, actor_role, on_behalf_of, occurred_at, recorded_at, causation_id::text AS causation_id,
         correlation_id::text AS correlation_id, stream_id, stream_version, case_id, project_id, programme_id, schema_version, institution_sequence, hash, previous_hash, signature
  FROM events
  UNION ALL
  SELECT event_id::text, type, institution_id, envelope->'actor'->>'userId', envelope->'actor'->>'role', envelope->'actor'->>'onBehalfOf', occurred_at, recorded_at,
         envelope->>'causationId', envelope->>'correlationId', stream_id, (envelope->>'streamVersion')::int, case_id, project_id, programme_id, schema_version,
         (envelope->>'institutionSequence')::bigint, envelope->>'hash', envelope->>'previousHash', envelope->>'signature'
  FROM foreign_events`;

/**
 * The full trail of a case, table or programme across institutions, from this service's own
 * events and those it received from every other service: filtered, ordered by recording
 * time, paged with a cursor.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly store: EventStore) {}

  async query(filter: TrailFilter, maxLimit = 1000): Promise<{ records: TrailRecord[]; next: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.caseId) add('case_id = ?', filter.caseId);
    if (filter.projectId) add('project_id = ?', filter.projectId);
    if (filter.programmeId) add('programme_id = ?', filter.programmeId);
    if (filter.streamId) add('stream_id = ?', filter.streamId);
    if (filter.institutionId) add('institution_id = ?', filter.institutionId);
    if (filter.actorId) add('actor_user_id = ?', filter.actorId);
    if (filter.type) add('type = ?', filter.type);
    if (filter.from) add('recorded_at >= ?', filter.from);
    if (filter.to) add('recorded_at < ?', filter.to);
    if (filter.after) {
      const [at, id] = Buffer.from(filter.after, 'base64url').toString('utf8').split('|');
      params.push(at, id);
      where.push(`(recorded_at, event_id) > ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    const limit = Math.min(filter.limit ?? 100, maxLimit);
    params.push(limit + 1);
    const rows: Record<string, any>[] = await this.store.dataSource.query( // eslint-disable-line @typescript-eslint/no-explicit-any
      `SELECT * FROM (${UNION}) t ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY recorded_at, event_id LIMIT $${params.length}`,
      params,
    );
    const records = rows.slice(0, limit).map(
      (r): TrailRecord => ({
        eventId: r.event_id,
        type: r.type,
        when: { occurredAt: r.occurred_at.toISOString(), recordedAt: r.recorded_at.toISOString() },
        who: { institutionId: r.institution_id, userId: r.actor_user_id, role: r.actor_role, onBehalfOf: r.on_behalf_of ?? null },
        what: { streamId: r.stream_id, streamVersion: r.stream_version, caseId: r.case_id, projectId: r.project_id, programmeId: r.programme_id, schemaVersion: r.schema_version },
        where: { institutionSequence: Number(r.institution_sequence) },
        why: { causationId: r.causation_id ?? null, correlationId: r.correlation_id },
        outcome: 'success',
        integrity: { hash: r.hash, previousHash: r.previous_hash, signature: r.signature },
      }),
    );
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { records, next: last ? Buffer.from(`${last.recorded_at.toISOString()}|${last.event_id}`).toString('base64url') : null };
  }
}

export const TRAIL_CSV_COLUMNS = ['eventId', 'type', 'occurredAt', 'recordedAt', 'institutionId', 'userId', 'role', 'onBehalfOf', 'streamId', 'streamVersion', 'caseId', 'projectId', 'programmeId', 'causationId', 'correlationId', 'hash'] as const;

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

export function trailToCsv(records: TrailRecord[]): string {
  const lines = [TRAIL_CSV_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [r.eventId, r.type, r.when.occurredAt, r.when.recordedAt, r.who.institutionId, r.who.userId, r.who.role, r.who.onBehalfOf, r.what.streamId, r.what.streamVersion, r.what.caseId, r.what.projectId, r.what.programmeId, r.why.causationId, r.why.correlationId, r.integrity.hash]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export const trailToJsonLines = (records: TrailRecord[]) => records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
