/** The roles an actor can hold when recording or reading events. */
export const ACTOR_ROLES = ['technician', 'tutor', 'coordinator', 'supervisor', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** The four kinds of institution, one service each; each service serves many institutions. */
export const INSTITUTION_KINDS = ['social-services', 'employment-office', 'insertion-company', 'regional-delegation'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/**
 * Partners with no service of their own kind (third-sector entities, health services, schools,
 * unions, employers' associations, foundations: the territorial plans' partners, seeds 000, 002,
 * 004): institutions of the registry hosted by one of the four services (`hostedBy`), which
 * holds their keys and acts only for them. They write only where every kind may (tables,
 * itinerary steps given to them, territorial-plan findings, mandates...), never as their host's kind.
 */
export const PARTNER_KINDS = ['third-sector', 'health-service', 'school', 'union', 'employers-association', 'foundation'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Every kind of network member: the four service kinds and the hosted partners'. */
export const MEMBER_KINDS = [...INSTITUTION_KINDS, ...PARTNER_KINDS] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export interface Actor {
  userId: string;
  role: ActorRole;
  /** Set when the actor records on behalf of another institution (explicit representation). */
  onBehalfOf?: string | null;
}

/**
 * An event as stored and as published: the envelope fields plus the payload. This is the
 * value of every Kafka message on the event topics (JSON), and what readers of the store get.
 */
export interface EventEnvelope<P = Record<string, unknown>> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  institutionId: string;
  /** Position of this event in its institution's hash chain (1, 2, 3...). */
  institutionSequence: number;
  actor: Actor;
  occurredAt: string;
  recordedAt: string;
  correlationId: string;
  causationId: string | null;
  caseId: string | null;
  projectId: string | null;
  programmeId: string | null;
  payload: P;
  metadata: Record<string, unknown>;
  previousHash: string;
  hash: string;
  /**
   * Ed25519 signature (base64) of the hash, for events recorded before the transparency log
   * (per-event signatures); empty for every event recorded since: its institution signs tree
   * heads instead (one signed checkpoint per commit), and `proof` shows the event is in one.
   */
  signature: string;
  /**
   * The registered event-signing key (of the institution, in the network registry) whose
   * signature this is; covered by the hash. `legacy` for events recorded before keys were
   * registered (their hash does not cover it); every event the store records names one.
   */
  keyId?: string;
  /**
   * Only on the wire (Kafka messages, and replicas that keep them as sent): the event's
   * inclusion proof under the signed checkpoint of the commit that recorded it. Not hashed,
   * not stored in the recording service's events table (the proof can be served again).
   */
  proof?: InclusionProofOnTheWire;
}

/**
 * What a consumer needs to prove an event is in its institution's transparency log
 * (RFC 9162 Merkle tree, leaf = SHA-256(0x00 || event hash bytes)) without asking anybody.
 */
export interface InclusionProofOnTheWire {
  /** The C2SP tlog-checkpoint signed note of the commit (origin, tree size, root hash), signed by the institution's key named by `keyId`. */
  checkpoint: string;
  /** The leaf index of the event: its institutionSequence - 1. */
  leafIndex: number;
  /** The tree size of the checkpoint. */
  treeSize: number;
  /** RFC 9162 inclusion proof hashes, base64, from the leaf up. */
  hashes: string[];
}

/** Default origin prefix of the institutions' transparency logs: `inclusion-network/<institutionId>`. */
export const DEFAULT_LOG_ORIGIN_PREFIX = 'inclusion-network';

/** The origin line (and note key name) of an institution's transparency log. */
export const logOriginOf = (institutionId: string, prefix = DEFAULT_LOG_ORIGIN_PREFIX) => `${prefix}/${institutionId}`;

/** Headers added to a message sent to the dead-letter topic. */
export const DEAD_LETTER_HEADERS = {
  reason: 'dlt-reason',
  sourceTopic: 'dlt-source-topic',
  sourcePartition: 'dlt-source-partition',
  sourceOffset: 'dlt-source-offset',
  consumerGroup: 'dlt-consumer-group',
  attempts: 'dlt-attempts',
  failedAt: 'dlt-failed-at',
} as const;

/** The envelope fields the Kafka message key is taken from: the first that is not null. */
export const PARTITION_KEY_FIELDS = ['caseId', 'projectId', 'programmeId', 'streamId'] as const;

/** The Kafka message key of an event: its case, else project, else programme, else stream. */
export const partitionKeyOf = (event: Pick<EventEnvelope, (typeof PARTITION_KEY_FIELDS)[number]>): string =>
  PARTITION_KEY_FIELDS.map((field) => event[field]).find((value): value is string => value !== null && value !== undefined) ?? event.streamId;
