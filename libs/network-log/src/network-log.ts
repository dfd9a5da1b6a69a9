import { EventCatalogue, EventEnvelope } from '@inclusion/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CASE_FACTS, CaseFacts, PROJECTIONS, Projection, replay } from '@inclusion/read-models';

/** The institution an event makes the owner of its case: the social services that open it. */
const ownerBy = (event: EventEnvelope): string | null => (event.type === 'case.opened' ? event.institutionId : null);

/** Who takes part in which case from which position, and whether as its owner, by case and institution. */
type Participation = Map<string, { caseId: string; institutionId: string; from: number; owner: boolean }>;

/** Two ids as one map key (projection and key, case and institution). */
const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

/**
 * Notes, after `event` was folded into `folded`, who takes part in its case from this position on
 * (the first position each institution appears at in the case facts) and who owns it. Nothing
 * when the case facts are not among the projections folded.
 */
function noteParticipants(participants: Participation, folded: Map<string, Map<string, unknown>>, event: EventEnvelope, position: number): void {
  const caseId = CASE_FACTS.keyOf(event);
  const facts = caseId === null ? undefined : (folded.get(CASE_FACTS.name)?.get(caseId) as CaseFacts | undefined);
  if (!facts) return;
  for (const institutionId of facts.participants) {
    const owner = ownerBy(event) === institutionId;
    const known = participants.get(pairKey(caseId!, institutionId));
    if (!known) participants.set(pairKey(caseId!, institutionId), { caseId: caseId!, institutionId, from: position, owner });
    else known.owner ||= owner;
  }
}

/** The NOTIFY channel a schema's network log wakes its readers on after each recorded batch. */
export const networkLogChannelOf = (schema: string) => `network_log_${schema}`;

/** One advisory lock for the log: positions are drawn and projections folded one event at a time, in commit order. */
const NETWORK_LOG_LOCK = 7_421_903_311;
const PAGE = 1000;

export interface LoggedEvent {
  position: number;
  /** The event in the newest schema version of its type (what projections and readers use). */
  event: EventEnvelope;
  /** The event exactly as its institution published and signed it. */
  sent: EventEnvelope;
}

export interface LogFilter {
  programmeId?: string;
  projectId?: string;
  caseId?: string;
  institutionId?: string;
  types?: string[];
  /** Only events of these streams (the envelope's streamId): a Plan de Empleo's plan-level events in a case's timeline. */
  streamIds?: string[];
  /** Leave out a case's events from the person's withdrawal of consent for this institution and purpose on (until given again); not for the case's owner. */
  consentOf?: { institutionId: string; purpose: string };
  /** Only events of cases this institution takes part in, from the position it joined the case on. */
  participant?: string;
}

export interface RebuildReport {
  projection: string;
  version: number;
  events: number;
  documents: number;
  position: number;
}

export interface ProjectionDifference {
  projection: string;
  missing: string[];
  extra: string[];
  different: string[];
}

/**
 * The network log: every event of every institution, as the regional delegation received it
 * through Kafka (its own included), with a gap-free position. Recording an event appends it
 * and folds it into every projection in the same transaction, under one lock, so a position
 * is visible only once every earlier one is (a reader that resumes after position N misses
 * nothing) and the live documents are exactly the fold of the log up to their position.
 */
export class NetworkLog {
  constructor(
    private readonly dataSource: DataSource,
    /** NOTIFY channel woken at each commit (live streams wait on it). */
    readonly channel: string,
    /** Upcasts logged events (kept as sent) to the newest schema version when read. */
    private readonly catalogue: EventCatalogue,
    private readonly projections: Projection[] = PROJECTIONS,
  ) {}

  /**
   * Appends the event as it was sent (once: a second delivery is a no-op) and folds its
   * upcast form into the projections. Runs in the caller's transaction.
   */
  async record(event: EventEnvelope, tx: EntityManager, sent: EventEnvelope = event): Promise<number | null> {
    const [position] = await this.recordAll([{ event, sent }], tx);
    return position;
  }

  /**
   * Records events in order (a consumer's batch), set-based: under the log's lock, one
   * statement appends those the log does not hold yet (a second delivery, or a second copy in
   * the batch, is skipped and takes no position) at the next gap-free positions; one reads the
   * projection documents they touch; they are folded in memory in log order; one statement
   * writes the documents (each at the position of the last event that changed it), who takes
   * part in each case from which position, the enrolments, and wakes the live streams. The
   * same documents, positions and participants as recording them one at a time
   * (network-log.int.spec.ts). Answers each event's position, null for one already logged.
   */
  async recordAll(items: { event: EventEnvelope; sent?: EventEnvelope }[], tx: EntityManager): Promise<(number | null)[]> {
    if (items.length === 0) return [];
    await tx.query('SELECT pg_advisory_xact_lock($1)', [NETWORK_LOG_LOCK]);
    const firstOf = new Map<string, number>();
    items.forEach(({ event }, i) => {
      if (!firstOf.has(event.eventId.toLowerCase())) firstOf.set(event.eventId.toLowerCase(), i);
    });
    const candidates = [...firstOf.values()].map((i) => ({ ...items[i], index: i }));
    const column = <T>(f: (e: EventEnvelope) => T) => candidates.map(({ event }) => f(event));
    const inserted: { event_id: string; position: string }[] = await tx.query(
      `WITH head AS (SELECT COALESCE(MAX(position), 0) AS h FROM network_log),
       fresh AS (
         SELECT u.* FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::jsonb[])
           AS u(ord, event_id, type, institution_id, case_id, project_id, programme_id, recorded_at, envelope)
         WHERE NOT EXISTS (SELECT 1 FROM network_log l WHERE l.event_id = u.event_id))
       INSERT INTO network_log (position, event_id, type, institution_id, case_id, project_id, programme_id, recorded_at, envelope)
       SELECT head.h + row_number() OVER (ORDER BY fresh.ord), event_id, type, institution_id, case_id, project_id, programme_id, recorded_at, envelope FROM fresh, head
       RETURNING event_id, position`,
      [
        candidates.map((_, i) => i),
        column((e) => e.eventId),
        column((e) => e.type),
        column((e) => e.institutionId),
        column((e) => e.caseId),
        column((e) => e.projectId),
        column((e) => e.programmeId),
        column((e) => e.recordedAt),
        candidates.map(({ event, sent }) => JSON.stringify(sent ?? event)),
      ],
    );
    const positionOf = new Map(inserted.map((r) => [r.event_id.toLowerCase(), Number(r.position)]));
    const fresh = candidates
      .filter(({ event }) => positionOf.has(event.eventId.toLowerCase()))
      .map(({ event, index }) => ({ event, index, position: positionOf.get(event.eventId.toLowerCase())! }))
      .sort((a, b) => a.position - b.position);
    const positions: (number | null)[] = items.map(() => null);
    for (const { index, position } of fresh) positions[index] = position;
    if (fresh.length === 0) return positions;

    // The documents the fresh events touch, read once, folded in log order (replay, as a rebuild folds).
    const touched = new Map<string, { projection: string; key: string }>();
    for (const { event } of fresh) {
      for (const projection of this.projections) {
        const key = projection.keyOf(event);
        if (key !== null) touched.set(pairKey(projection.name, key), { projection: projection.name, key });
      }
    }
    const stored: { projection: string; key: string; state: unknown }[] = touched.size
      ? await tx.query(`SELECT projection, key, state FROM projection_documents WHERE (projection, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
          [...touched.values()].map((t) => t.projection),
          [...touched.values()].map((t) => t.key),
        ])
      : [];
    const folded = new Map(this.projections.map((projection) => [projection.name, new Map<string, unknown>()]));
    for (const row of stored) folded.get(row.projection)!.set(row.key, row.state);
    /** Each touched document's position: that of the last event that changed it. */
    const changedAt = new Map<string, number>();
    const participants: Participation = new Map();
    const enrolments: { caseId: string; programmeId: string | null; projectId: string; from: number }[] = [];
    for (const { event, position } of fresh) {
      if (event.type === 'programme.case-enrolled') {
        const { caseId, projectId } = event.payload as { caseId: string; projectId: string };
        enrolments.push({ caseId, programmeId: event.programmeId, projectId, from: position });
      }
      replay([event], this.projections, folded);
      for (const projection of this.projections) {
        const key = projection.keyOf(event);
        if (key !== null) changedAt.set(pairKey(projection.name, key), position);
      }
      noteParticipants(participants, folded, event, position);
    }
    const byName = new Map(this.projections.map((projection) => [projection.name, projection]));
    const documents = [...touched.entries()].map(([id, { projection, key }]) => {
      const state = folded.get(projection)!.get(key);
      return { projection, key, state, programmeId: byName.get(projection)!.programmeOf(state), position: changedAt.get(id)! };
    });
    const people = [...participants.values()];
    await tx.query(
      `WITH new_enrolments AS (
         INSERT INTO network_log_enrolments (case_id, programme_id, project_id, from_position)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) ON CONFLICT DO NOTHING
       ), new_participants AS (
         INSERT INTO network_log_participants (case_id, institution_id, from_position, owner)
         SELECT * FROM unnest($5::text[], $6::text[], $7::bigint[], $8::boolean[])
         ON CONFLICT (case_id, institution_id) DO UPDATE SET owner = network_log_participants.owner OR EXCLUDED.owner
       ), new_documents AS (
         INSERT INTO projection_documents (projection, key, programme_id, state, position)
         SELECT * FROM unnest($9::text[], $10::text[], $11::text[], $12::jsonb[], $13::bigint[])
         ON CONFLICT (projection, key) DO UPDATE SET programme_id = EXCLUDED.programme_id, state = EXCLUDED.state, position = EXCLUDED.position
       )
       SELECT pg_notify($14, $15)`,
      [
        enrolments.map((e) => e.caseId),
        enrolments.map((e) => e.programmeId),
        enrolments.map((e) => e.projectId),
        enrolments.map((e) => e.from),
        people.map((p) => p.caseId),
        people.map((p) => p.institutionId),
        people.map((p) => p.from),
        people.map((p) => p.owner),
        documents.map((d) => d.projection),
        documents.map((d) => d.key),
        documents.map((d) => d.programmeId),
        documents.map((d) => JSON.stringify(d.state)),
        documents.map((d) => d.position),
        this.channel,
        String(fresh[fresh.length - 1].position),
      ],
    );
    return positions;
  }

  async head(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT COALESCE(MAX(position), 0) AS head FROM network_log`);
    return Number(row.head);
  }

  /**
   * Events after a position, oldest first, matching the filter. A programme (or project)
   * filter also matches the events of its enrolled cases from their enrolment on: whether an
   * event matches depends only on the log up to its position, so a stream resumed at any
   * position gets exactly what an uninterrupted one got.
   */
  async read(after: number, filter: LogFilter = {}, limit = 500, manager?: EntityManager): Promise<LoggedEvent[]> {
    const where = ['position > $1'];
    const params: unknown[] = [after];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.programmeId) {
      add(
        (p) => `(programme_id = ${p}
          OR EXISTS (SELECT 1 FROM network_log_enrolments m WHERE m.case_id = network_log.case_id AND m.programme_id = ${p} AND m.from_position <= network_log.position))`,
        filter.programmeId,
      );
    }
    if (filter.projectId) {
      add(
        (p) => `(project_id = ${p}
          OR EXISTS (SELECT 1 FROM network_log_enrolments m WHERE m.case_id = network_log.case_id AND m.project_id = ${p} AND m.from_position <= network_log.position))`,
        filter.projectId,
      );
    }
    if (filter.caseId) add((p) => `case_id = ${p}`, filter.caseId);
    if (filter.institutionId) add((p) => `institution_id = ${p}`, filter.institutionId);
    if (filter.types?.length) add((p) => `type = ANY(${p}::text[])`, filter.types);
    if (filter.streamIds) add((p) => `envelope->>'streamId' = ANY(${p}::text[])`, filter.streamIds);
    if (filter.consentOf) {
      params.push(filter.consentOf.institutionId, filter.consentOf.purpose);
      const [institution, purpose] = [`$${params.length - 1}`, `$${params.length}`];
      // Only the case owner's consent events count (access-policy.ts consentChangeOf).
      const consent = (alias: string, type: string) =>
        `${alias}.case_id = network_log.case_id AND ${alias}.type = '${type}' AND ${alias}.envelope->'payload'->>'institutionId' = ${institution} AND ${alias}.envelope->'payload'->>'purpose' = ${purpose}
         AND EXISTS (SELECT 1 FROM network_log_participants ow WHERE ow.case_id = network_log.case_id AND ow.institution_id = ${alias}.institution_id AND ow.owner)`;
      where.push(`(case_id IS NULL
        OR EXISTS (SELECT 1 FROM network_log_participants o WHERE o.case_id = network_log.case_id AND o.institution_id = ${institution} AND o.owner AND o.from_position <= network_log.position)
        OR NOT EXISTS (
        SELECT 1 FROM network_log w WHERE ${consent('w', 'consent.withdrawn')} AND w.position <= network_log.position
          AND NOT EXISTS (SELECT 1 FROM network_log g WHERE ${consent('g', 'consent.given')} AND g.position > w.position AND g.position <= network_log.position)))`);
    }
    if (filter.participant) {
      add((p) => `EXISTS (SELECT 1 FROM network_log_participants t WHERE t.case_id = network_log.case_id AND t.institution_id = ${p} AND t.from_position <= network_log.position)`, filter.participant);
    }
    params.push(limit);
    const rows: { position: string; envelope: EventEnvelope }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT position, envelope FROM network_log WHERE ${where.join(' AND ')} ORDER BY position LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ position: Number(r.position), event: this.upcast(r.envelope), sent: r.envelope }));
  }

  private upcast(sent: EventEnvelope): EventEnvelope {
    const { schemaVersion, payload } = this.catalogue.upcast(sent.type, sent.schemaVersion, sent.payload);
    return schemaVersion === sent.schemaVersion ? sent : { ...sent, schemaVersion, payload };
  }

  /** Every event of the log (matching the filter) in order, read a page at a time. */
  async *all(options: { filter?: LogFilter; manager?: EntityManager; onPage?: (position: number) => void } = {}): AsyncGenerator<LoggedEvent> {
    const { filter = {}, manager, onPage } = options;
    for (let after = 0; ; ) {
      const page = await this.read(after, filter, PAGE, manager);
      if (!page.length) return;
      for (const logged of page) yield logged;
      after = page[page.length - 1].position;
      onPage?.(after);
    }
  }

  /** A projection's documents (optionally of one programme), by key. */
  async documents<S>(projection: string, programmeId?: string): Promise<Map<string, S>> {
    const rows: { key: string; state: S }[] = await this.dataSource.query(
      `SELECT key, state FROM projection_documents WHERE projection = $1 ${programmeId ? 'AND programme_id = $2' : ''} ORDER BY key`,
      programmeId ? [projection, programmeId] : [projection],
    );
    return new Map(rows.map((r) => [r.key, r.state]));
  }

  async document<S>(projection: string, key: string): Promise<S | null> {
    const [row] = await this.dataSource.query(`SELECT state FROM projection_documents WHERE projection = $1 AND key = $2`, [projection, key]);
    return row ? (row.state as S) : null;
  }

  /** The table-facts documents of tables whose scope (programme, project or case id) is one of these. */
  async tablesScopedTo<S>(scopeIds: string[]): Promise<S[]> {
    const rows: { state: S }[] = await this.dataSource.query(
      `SELECT state FROM projection_documents WHERE projection = 'table-facts' AND state->>'scopeId' = ANY($1::text[]) ORDER BY key`,
      [scopeIds],
    );
    return rows.map((r) => r.state);
  }

  /**
   * Each projection's version and when it was last rebuilt, and the log's head. Projections
   * are folded in the transaction that appends to the log, so their position is the head.
   */
  async status(): Promise<{ head: number; projections: { projection: string; version: number; position: number; rebuiltAt: string | null }[] }> {
    const rows: { projection: string; version: number; rebuilt_at: Date | null }[] = await this.dataSource.query(
      `SELECT projection, version, rebuilt_at FROM projection_status ORDER BY projection`,
    );
    const head = await this.head();
    return { head, projections: rows.map((r) => ({ projection: r.projection, version: r.version, position: head, rebuiltAt: r.rebuilt_at?.toISOString() ?? null })) };
  }

  /** Projections not yet built with the code's version (they need a rebuild; on an empty log it only records the version). */
  async outdated(): Promise<Projection[]> {
    const rows: { projection: string; version: number }[] = await this.dataSource.query(`SELECT projection, version FROM projection_status`);
    return this.projections.filter((p) => rows.find((r) => r.projection === p.name)?.version !== p.version);
  }

  /**
   * Rebuilds projections from the first event of the log, in one transaction that holds the
   * log's lock (live recording waits, nothing is lost): documents are deleted, every event
   * folded again with the same functions, and written back with the log's head position.
   */
  async rebuild(projections: Projection[] = this.projections, onProgress: (text: string) => void = () => undefined): Promise<RebuildReport[]> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [NETWORK_LOG_LOCK]);
      const head = Number((await tx.query(`SELECT COALESCE(MAX(position), 0) AS head FROM network_log`))[0].head);
      const folded = new Map<string, Map<string, unknown>>();
      const withCases = projections.includes(CASE_FACTS);
      const participants: Participation = new Map();
      let events = 0;
      for await (const { position, event } of this.all({ manager: tx, onPage: (at) => onProgress(`folded ${at}/${head} events`) })) {
        replay([event], projections, folded);
        events += 1;
        noteParticipants(participants, folded, event, position);
      }
      if (withCases) {
        // Who takes part in which case from which position derives from the case facts: rebuilt with them.
        const rows = [...participants.values()];
        await tx.query(`DELETE FROM network_log_participants`);
        for (let i = 0; i < rows.length; i += PAGE) {
          const slice = rows.slice(i, i + PAGE);
          await tx.query(
            `INSERT INTO network_log_participants (case_id, institution_id, from_position, owner) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::boolean[])`,
            [slice.map((r) => r.caseId), slice.map((r) => r.institutionId), slice.map((r) => r.from), slice.map((r) => r.owner)],
          );
        }
      }
      const reports: RebuildReport[] = [];
      for (const projection of projections) {
        const documents = folded.get(projection.name) ?? new Map();
        await tx.query(`DELETE FROM projection_documents WHERE projection = $1`, [projection.name]);
        const entries = [...documents.entries()];
        for (let i = 0; i < entries.length; i += PAGE) {
          const slice = entries.slice(i, i + PAGE);
          await tx.query(
            `INSERT INTO projection_documents (projection, key, programme_id, state, position)
             SELECT $1, k, p, s::jsonb, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(k, p, s)`,
            [projection.name, slice.map(([k]) => k), slice.map(([, s]) => projection.programmeOf(s)), slice.map(([, s]) => JSON.stringify(s)), head],
          );
          onProgress(`${projection.name}: wrote ${Math.min(i + PAGE, entries.length)}/${entries.length} documents`);
        }
        await tx.query(
          `INSERT INTO projection_status (projection, version, position, rebuilt_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (projection) DO UPDATE SET version = EXCLUDED.version, position = EXCLUDED.position, rebuilt_at = EXCLUDED.rebuilt_at`,
          [projection.name, projection.version, head],
        );
        reports.push({ projection: projection.name, version: projection.version, events, documents: entries.length, position: head });
      }
      return reports;
    });
  }

  /** Compares the stored documents with a fresh fold of the log (read-only): what a rebuild would change. */
  async compare(projections: Projection[] = this.projections): Promise<ProjectionDifference[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const folded = new Map<string, Map<string, unknown>>();
      for await (const { event } of this.all({ manager: tx })) replay([event], projections, folded);
      const differences: ProjectionDifference[] = [];
      for (const projection of projections) {
        const rows: { key: string; state: unknown }[] = await tx.query(`SELECT key, state FROM projection_documents WHERE projection = $1`, [projection.name]);
        const stored = new Map(rows.map((r) => [r.key, r.state]));
        const fresh = folded.get(projection.name) ?? new Map();
        differences.push({
          projection: projection.name,
          missing: [...fresh.keys()].filter((k) => !stored.has(k)).sort(),
          extra: [...stored.keys()].filter((k) => !fresh.has(k)).sort(),
          different: [...fresh.keys()].filter((k) => stored.has(k) && JSON.stringify(sortKeys(stored.get(k))) !== JSON.stringify(sortKeys(JSON.parse(JSON.stringify(fresh.get(k)))))).sort(),
        });
      }
      return differences;
    });
  }
}

/** jsonb does not keep key order: compare documents with their keys sorted. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}
