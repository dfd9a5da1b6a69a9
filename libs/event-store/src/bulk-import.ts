import { ACTOR_ROLES, Actor, ActorRole, EventCatalogue } from '@inclusion/contracts';
import type { NewEvent } from './event-store';

/**
 * One line of a bulk import file (NDJSON): an event of the institution's history.
 * `{"streamId": "case-1", "type": "case.opened", "schemaVersion": 2, "payload": {...},
 *   "occurredAt": "2019-03-01T09:00:00Z", "caseId": "1", "actor": {"userId": "...", "role": "technician"}}`
 * (`projectId`, `programmeId`, `personId`, `metadata`, `correlationId` optional; `actor` defaults to the importing user).
 */
export interface ImportedLine {
  streamId: string;
  event: NewEvent;
  actor?: Actor;
  correlationId?: string;
}

/** A line the import refuses: its number (from 1) and every problem found in it. */
export class ImportLineError extends Error {
  constructor(
    readonly line: number,
    readonly problems: string[],
  ) {
    super(`line ${line}: ${problems.join('; ')}`);
    this.name = 'ImportLineError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const optionalText = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.length > 0);

/** Parses and checks one line against the catalogue (type, version, payload): the line, or an ImportLineError naming every problem. */
export function parseImportLine(text: string, line: number, catalogue: EventCatalogue): ImportedLine | ImportLineError {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new ImportLineError(line, [`not JSON (${(error as Error).message})`]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return new ImportLineError(line, ['not a JSON object']);
  const problems: string[] = [];
  const { streamId, type, schemaVersion, payload, occurredAt, caseId, projectId, programmeId, personId, metadata, actor, correlationId } = value;
  if (typeof streamId !== 'string' || streamId.length === 0) problems.push('streamId must be a non-empty string');
  if (typeof type !== 'string' || typeof schemaVersion !== 'number' || !catalogue.find(type, schemaVersion)) problems.push(`${String(type)} v${String(schemaVersion)} is not an event type of the catalogue`);
  else for (const problem of catalogue.validate(type, schemaVersion, payload)) problems.push(`payload.${problem.field}: ${problem.problems.join(', ')}`);
  if (occurredAt !== undefined && (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt)))) problems.push('occurredAt must be an ISO date-time');
  for (const [name, field] of Object.entries({ caseId, projectId, programmeId, personId })) if (!optionalText(field)) problems.push(`${name} must be a non-empty string when given`);
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) problems.push('metadata must be an object');
  if (correlationId !== undefined && (typeof correlationId !== 'string' || !UUID.test(correlationId))) problems.push('correlationId must be a UUID');
  const who = actor as { userId?: unknown; role?: unknown } | undefined;
  if (who !== undefined && (typeof who !== 'object' || who === null || typeof who.userId !== 'string' || !ACTOR_ROLES.includes(who.role as ActorRole))) {
    problems.push(`actor must be { userId, role } with role one of ${ACTOR_ROLES.join(', ')}`);
  }
  if (problems.length) return new ImportLineError(line, problems);
  return {
    streamId: streamId as string,
    event: {
      type: type as string,
      schemaVersion: schemaVersion as number,
      payload: payload as Record<string, unknown>,
      occurredAt: occurredAt as string | undefined,
      caseId: (caseId as string | undefined) ?? null,
      projectId: (projectId as string | undefined) ?? null,
      programmeId: (programmeId as string | undefined) ?? null,
      personId: (personId as string | undefined) ?? null,
      metadata: metadata as Record<string, unknown> | undefined,
    },
    actor: who ? { userId: who.userId as string, role: who.role as ActorRole } : undefined,
    correlationId: correlationId as string | undefined,
  };
}

/** Progress of an import: lines read and events written so far (called after each chunk). */
export type ImportProgress = (progress: { lines: number; events: number }) => void;

export interface ImportReport {
  institutionId: string;
  events: number;
  firstPosition: number;
  lastPosition: number;
  /** Signed tree heads written (one per chunk, as one per commit in a normal append). */
  signedHeads: number;
}
