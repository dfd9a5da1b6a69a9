import { KeyObject, randomUUID } from 'node:crypto';
import { EventEnvelope } from '@inclusion/contracts';
import { GENESIS_HASH, hashEvent, signHash } from '@inclusion/event-store';

/**
 * An event envelope as an institution's service would publish it, hashed and signed with the
 * given key and keyId: to send consumers events signed by registered, unregistered, expired
 * or rotated keys.
 */
export function signedEvent(institutionId: string, key: { privateKey: KeyObject; keyId: string }, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  const caseId = overrides.caseId ?? randomUUID();
  const unsigned = {
    eventId: randomUUID(),
    type: 'incident.reported',
    schemaVersion: 1,
    streamId: `placement-${caseId}`,
    streamVersion: 1,
    globalPosition: 1,
    institutionId,
    institutionSequence: 1,
    actor: { userId: 'tutor-luis', role: 'tutor' as const, onBehalfOf: null },
    occurredAt: '2026-04-01T09:00:00.000Z',
    recordedAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    caseId,
    projectId: null,
    programmeId: null,
    payload: { incidentId: `inc-${randomUUID().slice(0, 8)}`, placementId: 'pl-1', kind: 'disciplinary', severity: 'high', observedOn: '2026-04-01', description: 'fight' },
    metadata: {},
    previousHash: GENESIS_HASH,
    keyId: key.keyId,
    ...overrides,
  };
  const hash = hashEvent(unsigned);
  return { ...unsigned, hash, signature: signHash(hash, key.privateKey) };
}
