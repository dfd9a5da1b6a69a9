import { InstitutionKind } from './envelope';

/**
 * Topic names. Each institution kind's service publishes its events to its own topic;
 * every consumer sends what it cannot process to the one dead-letter topic. The prefix
 * (KAFKA_TOPIC_PREFIX, default "inclusion") lets several networks share a broker, such as
 * an isolated test network beside a running system.
 */
export const DEFAULT_TOPIC_PREFIX = 'inclusion';

export const eventTopicOf = (kind: InstitutionKind | string, prefix = DEFAULT_TOPIC_PREFIX) => `${prefix}.${kind}.events.v1`;
export const deadLetterTopicOf = (prefix = DEFAULT_TOPIC_PREFIX) => `${prefix}.dead-letter.v1`;
export const auditCheckpointTopicOf = (prefix = DEFAULT_TOPIC_PREFIX) => `${prefix}.audit-checkpoints.v1`;
/** Witnesses' cosigned checkpoints (C2SP tlog-cosignature) of every institution's transparency log. */
export const auditCosignatureTopicOf = (prefix = DEFAULT_TOPIC_PREFIX) => `${prefix}.audit-cosignatures.v1`;

export const DEAD_LETTER_TOPIC = deadLetterTopicOf();
export const AUDIT_CHECKPOINT_TOPIC = auditCheckpointTopicOf();
export const AUDIT_COSIGNATURE_TOPIC = auditCosignatureTopicOf();

export const TOPIC_DEFAULTS = { numPartitions: 6, replicationFactor: 1 } as const;
