import { DEFAULT_TOPIC_PREFIX } from './topics';

/**
 * Commands through Kafka (libs/network-member/src/ingress): an institution's own system sends
 * one command of the HTTP API per message to `<prefix>.<service>.commands.v1`; the service
 * answers on `<prefix>.<service>.replies.v1`, keyed like the command. Named here so the
 * ingress and the AsyncAPI document share one definition.
 */
export const commandTopicOf = (service: string, prefix = DEFAULT_TOPIC_PREFIX) => `${prefix}.${service}.commands.v1`;
export const replyTopicOf = (service: string, prefix = DEFAULT_TOPIC_PREFIX) => `${prefix}.${service}.replies.v1`;

export const COMMAND_HEADERS = {
  /** `Bearer <jwt>`, the same token as over HTTP. */
  authorization: 'authorization',
  /** The command's id: a redelivered or republished command has no second effect and gets the first answer again. */
  commandId: 'command-id',
  correlationId: 'correlation-id',
  /** On replies: accepted or rejected. */
  outcome: 'outcome',
} as const;

/** The largest command message taken (as the HTTP body limit). */
export const MAX_COMMAND_BYTES = 100 * 1024;
