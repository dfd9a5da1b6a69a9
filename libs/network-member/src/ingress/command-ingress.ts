import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { commandTopicOf, DEAD_LETTER_HEADERS, deadLetterTopicOf, replyTopicOf } from '@inclusion/contracts';
import { ensureTopics, KAFKA, SupervisedConsumer } from '@inclusion/messaging';
import { IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { COMMAND_HEADERS, commandRoutes, parseCommandMessage } from './command-message';

/** `<prefix>.<service>.commands.v1` and `<prefix>.<service>.replies.v1` (libs/contracts, as the AsyncAPI document names them). */
export { commandTopicOf, replyTopicOf } from '@inclusion/contracts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Kafka ingress: each service consumes its commands topic and decides every command
 * exactly as over HTTP, by sending it to its own API on the loopback interface with the
 * institution's token, the command id as Idempotency-Key and the correlation id. So the same
 * identities, access rules, validation, error codes and idempotency hold, with nothing to keep
 * in step. The answer (accepted with the events and version, or rejected with the HTTP error
 * body) goes to the replies topic, keyed like the command. Per-key order is kept (one
 * partition is decided in order). A message that is not a command goes to the dead-letter
 * topic with the reason, and gets a rejection reply when it names a command id. While the
 * service cannot decide (its database is down: 503, or it is starting or draining), the
 * message is retried and its offset not committed: nothing accepted is lost.
 */
@Injectable()
export class CommandIngress implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CommandIngress.name);
  private readonly routes;
  private consumer?: SupervisedConsumer;
  private producer?: Producer;
  private stopping = false;
  private starting?: Promise<void>;
  private interruptStart!: () => void;
  /** Resolves when shutdown begins: cuts a start-up retry delay short. */
  private readonly stopRequested = new Promise<void>((resolve) => (this.interruptStart = resolve));

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {
    this.routes = commandRoutes(config.serviceName);
  }

  get commandTopic() {
    return commandTopicOf(this.config.serviceName, this.config.topicPrefix);
  }

  get replyTopic() {
    return replyTopicOf(this.config.serviceName, this.config.topicPrefix);
  }

  onApplicationBootstrap(): void {
    // Kafka may be down at boot: keep trying in the background, as the event backbone does.
    this.starting = this.startWhenKafkaAnswers();
  }

  private async startWhenKafkaAnswers(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await ensureTopics(this.kafka, [this.commandTopic, this.replyTopic]);
        this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        await this.producer.connect();
        this.consumer = new SupervisedConsumer({
          kafka: this.kafka,
          groupId: `${this.config.topicPrefix}.${this.config.serviceName}.command-ingress`,
          topics: [this.commandTopic],
          eachMessage: async ({ message }) => this.handle(message),
          stallAfterMs: this.config.consumerStallMs,
          logger: this.logger,
        });
        await this.consumer.start();
        if (this.stopping) {
          // shutdown began meanwhile (it waits for this start 5 s at most): nothing left running
          await this.consumer.stop();
          await this.producer.disconnect().catch(() => undefined);
          return;
        }
        this.logger.log(`taking commands from ${this.commandTopic}, answering on ${this.replyTopic}`);
        return;
      } catch (error) {
        this.logger.warn(`command ingress not started yet (attempt ${attempt}): ${(error as Error).message}`);
        await this.producer?.disconnect().catch(() => undefined);
        await Promise.race([sleep(Math.min(10_000, 500 * attempt)), this.stopRequested]);
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.interruptStart();
    // a start under way ends first (it checks `stopping` and stops what it started if shutdown came meanwhile)
    await Promise.race([this.starting, sleep(5_000)]);
    await this.consumer?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async handle(message: KafkaMessage): Promise<void> {
    const parsed = parseCommandMessage(message.value, message.headers as Record<string, Buffer | string | undefined>, this.routes);
    if (!parsed.ok) {
      await this.producer!.send({
        topic: deadLetterTopicOf(this.config.topicPrefix),
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers: { ...message.headers, [DEAD_LETTER_HEADERS.reason]: parsed.reason.slice(0, 4000), [DEAD_LETTER_HEADERS.sourceTopic]: this.commandTopic, [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString() } }],
      });
      if (parsed.commandId) await this.reply(message, parsed.commandId, parsed.correlationId, 400, { statusCode: 400, error: 'Bad Request', code: 'COMMAND.INVALID', message: parsed.reason });
      this.logger.warn(`command dead-lettered: ${parsed.reason}`);
      return;
    }
    const host = ['0.0.0.0', '::'].includes(this.config.host) ? '127.0.0.1' : this.config.host;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let body: unknown;
      try {
        const response = await fetch(`http://${host}:${this.config.port}${parsed.path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: parsed.authorization,
            'idempotency-key': parsed.commandId,
            ...(parsed.correlationId ? { 'x-correlation-id': parsed.correlationId } : {}),
          },
          body: JSON.stringify(parsed.message.body),
        });
        status = response.status;
        body = await response.json().catch(() => null);
      } catch (error) {
        status = 0;
        body = (error as Error).message;
      }
      // Not decided (the API is not listening yet or any more, the database is down): try again, never answer.
      if (status === 0 || status === 503) {
        if (this.stopping) throw new Error('draining: the command is left for after the restart');
        this.logger.warn(`command ${parsed.commandId} not decided yet (attempt ${attempt}): ${status === 0 ? body : '503'}`);
        await sleep(Math.min(5_000, 200 * attempt));
        continue;
      }
      await this.reply(message, parsed.commandId, parsed.correlationId, status, body);
      return;
    }
  }

  private async reply(command: KafkaMessage, commandId: string, correlationId: string | undefined, status: number, body: unknown): Promise<void> {
    const accepted = status >= 200 && status < 300;
    const headers: IHeaders = { [COMMAND_HEADERS.commandId]: commandId, [COMMAND_HEADERS.outcome]: accepted ? 'accepted' : 'rejected' };
    if (correlationId) headers[COMMAND_HEADERS.correlationId] = correlationId;
    await this.producer!.send({
      topic: this.replyTopic,
      acks: -1,
      messages: [{ key: command.key, headers, value: JSON.stringify({ commandId, outcome: accepted ? 'accepted' : 'rejected', status, ...(accepted ? { result: body } : { error: body }) }) }],
    });
  }
}
