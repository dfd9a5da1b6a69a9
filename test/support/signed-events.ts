import { KeyObject, randomUUID } from 'node:crypto';
import { EventEnvelope, logOriginOf } from '@inclusion/contracts';
import { GENESIS_HASH, hashEvent, leafOfEventHash, signHash } from '@inclusion/event-store';
import { appendToFrontier, ed25519NoteSigner, inclusionProof, nodeSourceOf, signCheckpoint as signTreeHead } from '@inclusion/transparency-log';

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

/**
 * Events as a service records them under the transparency log: `count` events of one
 * institution chained from its first, in one commit whose tree head (a C2SP checkpoint note,
 * origin `inclusion-network/<institutionId>`) the key signs; each carries no signature of its
 * own and its inclusion proof under that checkpoint, as the outbox publishes it.
 */
export function committedEvents(institutionId: string, key: { privateKey: KeyObject; keyId: string }, count: number, overrides: Partial<EventEnvelope> = {}): EventEnvelope[] {
  const caseId = overrides.caseId ?? randomUUID();
  let previousHash = GENESIS_HASH;
  const events = Array.from({ length: count }, (_, i) => {
    const unsigned = {
      ...signedEvent(institutionId, key, { caseId, institutionSequence: i + 1, streamVersion: i + 1, globalPosition: i + 1, previousHash, ...overrides }),
      previousHash,
    };
    const { hash: _h, signature: _s, ...fields } = unsigned;
    const hash = hashEvent(fields);
    previousHash = hash;
    return { ...fields, hash, signature: '' };
  });
  const origin = logOriginOf(institutionId);
  const leaves = events.map((e) => leafOfEventHash(e.hash));
  const { newNodes, rootHash } = appendToFrontier(0, [], leaves);
  const checkpoint = signTreeHead({ origin, treeSize: count, rootHash }, [ed25519NoteSigner(origin, key.privateKey)]);
  const source = nodeSourceOf(newNodes);
  return events.map((event, index) => ({ ...event, proof: { checkpoint, leafIndex: index, treeSize: count, hashes: inclusionProof(index, count, source).map((h) => h.toString('base64')) } }));
}
