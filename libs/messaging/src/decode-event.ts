import { EventCatalogue, EventEnvelope } from '@inclusion/contracts';
import { envelopeProblems } from './envelope-shape';

export type Decoded = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** A Kafka message value parsed as JSON, or why it is not JSON. */
export type Parsed = { ok: true; raw: unknown } | { ok: false; reason: string };

export function parseMessageValue(value: Buffer | null): Parsed {
  if (!value || value.length === 0) return { ok: false, reason: 'empty message' };
  try {
    return { ok: true, raw: JSON.parse(value.toString('utf8')) };
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
}

/**
 * Turns a Kafka message value into an event of the newest schema version of its type, or
 * says exactly why it cannot: not JSON, not an envelope, unknown type or version, payload
 * invalid. Pure: the consumer dead-letters on `ok: false`.
 */
export function decodeEvent(value: Buffer | null, catalogue: EventCatalogue): Decoded {
  const parsed = parseMessageValue(value);
  return parsed.ok ? decodeParsedEvent(parsed.raw, catalogue) : parsed;
}

/** decodeEvent for a value already parsed as JSON (the consumer parses once, to skip types nobody handles). */
export function decodeParsedEvent(raw: unknown, catalogue: EventCatalogue): Decoded {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not an event envelope: a JSON object is expected' };
  const problems = envelopeProblems(raw);
  if (problems.length) return { ok: false, reason: `invalid envelope: ${problems.join('; ')}` };
  const event = raw as EventEnvelope;
  if (!catalogue.find(event.type, event.schemaVersion)) {
    return { ok: false, reason: `unknown event type ${event.type} v${event.schemaVersion}` };
  }
  let upcast: { schemaVersion: number; payload: Record<string, unknown> };
  try {
    upcast = catalogue.upcast(event.type, event.schemaVersion, event.payload);
  } catch (error) {
    return { ok: false, reason: `cannot upcast: ${(error as Error).message}` };
  }
  const payloadProblems = catalogue.validate(event.type, upcast.schemaVersion, upcast.payload);
  if (payloadProblems.length) {
    return {
      ok: false,
      reason: `invalid payload for ${event.type} v${upcast.schemaVersion}: ${payloadProblems.map((p) => `${p.field}: ${p.problems.join(', ')}`).join('; ')}`,
    };
  }
  return { ok: true, event: { ...event, schemaVersion: upcast.schemaVersion, payload: upcast.payload } };
}
