import { assertKafkajsSendPatched, kafkajsSendMessagesSource, SEND_PATCH_MARK } from './kafkajs-send-patch';
/* eslint-disable @typescript-eslint/no-require-imports */
// kafkajs' producer send as installed (patched by patches/kafkajs+2.2.4.patch), its retrier and its protocol errors
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (options: object) => (request: object) => Promise<{ topicName: string; partition: number }[]>;
const createRetry = require('kafkajs/src/retry') as (options: object) => unknown;
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error };
/* eslint-enable @typescript-eslint/no-require-imports */

const NOT_LEADER_OR_FOLLOWER = 6;
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const eos = {
  acquireBrokerLock: async () => undefined,
  releaseBrokerLock: async () => undefined,
  isTransactional: () => false,
  getSequence: () => 0,
  updateSequence: () => undefined,
  getProducerId: () => 1,
  getProducerEpoch: () => 0,
};

interface Message {
  partition: number;
  value: string;
}
interface ProduceRequest {
  topicData: { topic: string; partitions: { partition: number; messages: Message[] }[] }[];
}

type Leaders = Record<string, Record<number, number>>;

/**
 * A cluster of brokers 1 and 2 holding topics of two partitions (0 and 1), whose leaders are
 * read from `leaders` (topic -> partition -> broker) and move to `after` when the producer
 * refreshes its metadata. A broker's `answers` say how its next requests end (`ok`, or a
 * protocol error code); `written` keeps what the brokers wrote, by "topic/partition".
 */
function clusterOf(leaders: Leaders, after: Leaders, answers: Record<number, (number | 'ok')[]>) {
  let current = leaders;
  const written: Record<string, string[]> = {};
  const brokers = Object.fromEntries(
    [1, 2].map((nodeId) => [
      nodeId,
      {
        nodeId,
        produce: async ({ topicData }: ProduceRequest) => {
          const answer = answers[nodeId].shift() ?? 'ok';
          if (answer !== 'ok') throw createErrorFromCode(answer);
          for (const { topic, partitions } of topicData) for (const { partition, messages } of partitions) (written[`${topic}/${partition}`] ??= []).push(...messages.map((m) => m.value));
          return { topics: topicData.map(({ topic, partitions }) => ({ topicName: topic, partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0' })) })) };
        },
      },
    ]),
  );
  const cluster = {
    targetTopics: new Set<string>(),
    addMultipleTargetTopics: async () => undefined,
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => {
      current = after;
    },
    isConnected: () => true,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: (topic: string) => [0, 1].map((partitionId) => ({ partitionId, leader: current[topic][partitionId] })),
    findLeaderForPartitions: (topic: string, partitions: string[]) =>
      partitions.reduce<Record<number, number[]>>((byLeader, id) => {
        const leader = current[topic][Number(id)];
        return { ...byLeader, [leader]: [...(byLeader[leader] ?? []), Number(id)] };
      }, {}),
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers[Number(nodeId)],
  };
  const send = createSendMessages({
    logger: silent,
    cluster,
    eosManager: eos,
    partitioner: ({ message }: { message: Message }) => message.partition,
    retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
  });
  return { send, written };
}

const messages = (partition: number, ...values: string[]): Message[] => values.map((value) => ({ partition, value }));

describe("kafkajs' producer send, patched", () => {
  it('sends the messages of a partition whose leader moved to a broker that had already answered (kafkajs 2.2.4 resolved without them)', async () => {
    // partition 0 on broker 1, partition 1 on broker 2; broker 1 answers "not the leader": partition 0 moved to broker 2
    const { send, written } = clusterOf({ t: { 0: 1, 1: 2 } }, { t: { 0: 2, 1: 2 } }, { 1: [NOT_LEADER_OR_FOLLOWER], 2: ['ok', 'ok'] });
    const responses = await send({ acks: -1, timeout: 1_000, topicMessages: [{ topic: 't', messages: [...messages(0, 'a', 'b'), ...messages(1, 'c')] }] });
    expect(written).toEqual({ 't/0': ['a', 'b'], 't/1': ['c'] });
    expect(responses.map((r) => r.partition).sort()).toEqual([0, 1]);
  });

  it('sends again only what was not acknowledged when a broker fails and keeps its partitions', async () => {
    const { send, written } = clusterOf({ t: { 0: 1, 1: 2 } }, { t: { 0: 1, 1: 2 } }, { 1: [NOT_LEADER_OR_FOLLOWER, 'ok'], 2: ['ok'] });
    await send({ acks: -1, timeout: 1_000, topicMessages: [{ topic: 't', messages: [...messages(0, 'a'), ...messages(1, 'b', 'c')] }] });
    expect(written).toEqual({ 't/0': ['a'], 't/1': ['b', 'c'] });
  });

  it('fails, rather than resolves, when a partition never gets a leader that takes its messages', async () => {
    const { send, written } = clusterOf({ t: { 0: 1, 1: 2 } }, { t: { 0: 1, 1: 2 } }, { 1: Array(10).fill(NOT_LEADER_OR_FOLLOWER), 2: ['ok'] });
    await expect(send({ acks: -1, timeout: 1_000, topicMessages: [{ topic: 't', messages: [...messages(0, 'a'), ...messages(1, 'b')] }] })).rejects.toThrow();
    expect(written['t/0']).toBeUndefined();
  });

  it('counts the same message objects sent to two topics once per topic (an acknowledgement on one is none on the other)', async () => {
    // topic a on broker 1, topic b on broker 2, which first answers "not the leader" and keeps it
    const { send, written } = clusterOf({ a: { 0: 1, 1: 1 }, b: { 0: 2, 1: 2 } }, { a: { 0: 1, 1: 1 }, b: { 0: 2, 1: 2 } }, { 1: ['ok'], 2: [NOT_LEADER_OR_FOLLOWER, 'ok'] });
    const shared = messages(0, 'x', 'y');
    await send({ acks: -1, timeout: 1_000, topicMessages: [{ topic: 'a', messages: shared }, { topic: 'b', messages: shared }] });
    expect(written).toEqual({ 'a/0': ['x', 'y'], 'b/0': ['x', 'y'] });
  });

  it('is the installed kafkajs (a service refuses to start on an unpatched one)', () => {
    expect(kafkajsSendMessagesSource()).toContain(SEND_PATCH_MARK);
    expect(() => assertKafkajsSendPatched()).not.toThrow();
    expect(() => assertKafkajsSendPatched("module.exports = ({ retrier }) => async () => {} // kafkajs' own")).toThrow(/kafkajs is not patched/);
  });
});
