import { InstitutionKind } from './envelope';

/**
 * Topic names. Each institution kind's service publishes its events to its own topic;
 * every consumer sends what it cannot process to the one dead-letter topic.
 */
export const eventTopicOf = (kind: InstitutionKind | string) => `inclusion.${kind}.events.v1`;

export const DEAD_LETTER_TOPIC = 'inclusion.dead-letter.v1';
export const AUDIT_CHECKPOINT_TOPIC = 'inclusion.audit-checkpoints.v1';

export const TOPIC_DEFAULTS = { numPartitions: 6, replicationFactor: 1 } as const;
