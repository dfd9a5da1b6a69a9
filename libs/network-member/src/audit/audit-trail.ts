import { Injectable } from '@nestjs/common';
import { EventStore } from '@inclusion/event-store';
import { causalPage } from '../knowledge/causal-order';

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

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const keyOf = (r: Row) => `${r.recorded_at.toISOString()}|${r.event_id}`;
const linkOf = (r: Row) => ({ eventId: r.event_id as string, causationId: (r.causation_id as string | null) ?? null });
/** How far up (or down) a chain of causes a page looks: far beyond any reaction chain. */
const MAX_CHAIN = 100;

const toRecord = (r: Row): TrailRecord => ({
  eventId: r.event_id,
  type: r.type,
  when: { occurredAt: r.occurred_at.toISOString(), recordedAt: r.recorded_at.toISOString() },
  who: { institutionId: r.institution_id, userId: r.actor_user_id, role: r.actor_role, onBehalfOf: r.on_behalf_of ?? null },
  what: { streamId: r.stream_id, streamVersion: r.stream_version, caseId: r.case_id, projectId: r.project_id, programmeId: r.programme_id, schemaVersion: r.schema_version },
  where: { institutionSequence: Number(r.institution_sequence) },
  why: { causationId: r.causation_id ?? null, correlationId: r.correlation_id },
  outcome: 'success',
  integrity: { hash: r.hash, previousHash: r.previous_hash, signature: r.signature },
});

/**
 * The full trail of a case, table or programme across institutions, from this service's own
 * events and those it received from every other service: filtered, in causal order
 * (recording time, except that an event never comes before its cause in the trail:
 * institutions' clocks differ), paged with a cursor over recording time. An effect recorded
 * before its cause is held back to the page of its cause, so the pages put together are the
 * whole trail in causal order (causalPage).
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
    /** The trail's records (the filter's) that also meet `extra`, with its own parameters after the filter's. */
    const select = (extra: string[], more: unknown[], tail = '') =>
      this.store.dataSource.query(`SELECT * FROM (${UNION}) t ${[...where, ...extra].length ? `WHERE ${[...where, ...extra].join(' AND ')}` : ''} ${tail}`, [...params, ...more]) as Promise<Row[]>;
    const n = params.length;

    let cursor: [string, string] | null = null;
    if (filter.after) {
      const [at, id] = Buffer.from(filter.after, 'base64url').toString('utf8').split('|');
      cursor = [Number.isNaN(Date.parse(at)) ? at : new Date(at).toISOString(), id];
    }
    const limit = Math.min(filter.limit ?? 100, maxLimit);
    const rows = await select(cursor ? [`(recorded_at, event_id) > ($${n + 1}::timestamptz, $${n + 2})`] : [], cursor ? [...cursor, limit + 1] : [limit + 1], `ORDER BY recorded_at, event_id LIMIT $${n + (cursor ? 3 : 1)}`);
    const window = rows.slice(0, limit);
    const last = rows.length > limit ? window[limit - 1] : undefined;

    const known = new Map(window.map((r) => [r.event_id as string, r]));
    // Effects recorded before this page whose cause is in it: held back until now.
    if (cursor) {
      let frontier = window.map((r) => r.event_id as string);
      for (let depth = 0; frontier.length && depth < MAX_CHAIN; depth++) {
        const held = (await select([`causation_id = ANY($${n + 1}::text[])`, `(recorded_at, event_id) <= ($${n + 2}::timestamptz, $${n + 3})`], [frontier, ...cursor])).filter((r) => !known.has(r.event_id));
        held.forEach((r) => known.set(r.event_id, r));
        frontier = held.map((r) => r.event_id);
      }
    }
    // The causes of every record, up their chains: is any of them recorded after this page?
    const sought = new Set<string>();
    for (let depth = 0; depth < MAX_CHAIN; depth++) {
      const missing = [...new Set([...known.values()].map((r) => r.causation_id as string | null).filter((c): c is string => !!c && !known.has(c) && !sought.has(c)))];
      if (!missing.length) break;
      missing.forEach((c) => sought.add(c));
      (await select([`event_id = ANY($${n + 1}::text[])`], [missing])).forEach((r) => known.set(r.event_id, r));
    }
    const records = causalPage([...known.values()], keyOf, cursor ? cursor.join('|') : null, last ? keyOf(last) : null, linkOf).map(toRecord);
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
