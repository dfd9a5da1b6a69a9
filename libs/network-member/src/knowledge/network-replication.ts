import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EVENT_CATALOGUE, EventEnvelope, INSTITUTION_KINDS } from '@inclusion/contracts';
import { DomainError } from '@inclusion/domain';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { EventBackbone, EventHandler, MessageSource } from '@inclusion/messaging';
import { runWithLogContext } from '@inclusion/observability';
import { EntityManager } from 'typeorm';
import { ForeignEvents } from './foreign-events';

/** A reaction to another institution's event, run in the consumer's transaction (with its inbox row). */
export type Reaction = (event: EventEnvelope, tx: EntityManager) => Promise<void>;

/** Whether an after-received hook has anything to do for events about these cases (then each event goes through it, in order). */
export type WaitsFor = (caseIds: string[], tx: EntityManager) => Promise<boolean>;

/**
 * Makes the service a member of the network: it follows the other institution kinds' topics,
 * keeps every event it receives (ForeignEvents) and runs the reactions its features register.
 * Reactions to its own events (a case-table decision that reorients an itinerary) run from
 * its own topic, so they too survive a crash between the cause and the effect.
 */
@Injectable()
export class NetworkReplication implements OnModuleInit {
  private readonly logger = new Logger(NetworkReplication.name);
  private readonly reactions = new Map<string, Reaction[]>();
  private readonly ownReactions = new Map<string, Reaction[]>();
  private readonly afterReceivedHooks: { hook: Reaction; waitsFor?: WaitsFor }[] = [];

  constructor(
    private readonly backbone: EventBackbone,
    private readonly foreign: ForeignEvents,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  /** React to an event type recorded by another institution kind. */
  on(type: string, reaction: Reaction): void {
    this.reactions.set(type, [...(this.reactions.get(type) ?? []), reaction]);
  }

  /** React to an event type this service itself recorded. */
  onOwn(type: string, reaction: Reaction): void {
    this.ownReactions.set(type, [...(this.ownReactions.get(type) ?? []), reaction]);
  }

  /**
   * Runs after every received event is kept and reacted to (pending reactions waiting for what
   * it brings). `waitsFor` says whether it has anything to do for a run of events about these
   * cases: when no hook has and no event of the run has a reaction, the run is kept in one
   * statement; otherwise each event is kept, reacted to and hooked in order.
   */
  afterReceived(hook: Reaction, waitsFor?: WaitsFor): void {
    this.afterReceivedHooks.push({ hook, waitsFor });
  }

  /** Whether a run can be kept set-based: nothing reacts to its events and no hook waits for their cases. */
  private async keptAlone(events: EventEnvelope[], tx: EntityManager): Promise<boolean> {
    if (events.some((event) => this.reactions.has(event.type))) return false;
    const caseIds = [...new Set(events.map((event) => event.caseId).filter((id): id is string => !!id))];
    for (const { waitsFor } of this.afterReceivedHooks) {
      if (!waitsFor) return false;
      if (caseIds.length && (await waitsFor(caseIds, tx))) return false;
    }
    return true;
  }

  /** A reaction the rules refuse is logged, not retried: the cause is kept, nothing else is written. */
  private async react(reactions: Reaction[] | undefined, event: EventEnvelope, tx: EntityManager): Promise<void> {
    for (const reaction of reactions ?? []) {
      try {
        await reaction(event, tx);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`reaction to ${event.type} ${event.eventId} refused: ${error.code} ${error.message}`);
      }
    }
  }

  onModuleInit(): void {
    const replicate: EventHandler = async (event, tx, source: MessageSource) => {
      await this.foreign.record(event, source.topic, tx);
      await this.react(this.reactions.get(event.type), event, tx);
      for (const { hook } of this.afterReceivedHooks) await hook(event, tx);
    };
    this.backbone.register({
      name: 'network',
      from: INSTITUTION_KINDS.filter((kind) => kind !== this.config.serviceName),
      handlers: Object.fromEntries(EVENT_CATALOGUE.types().map((type) => [type, replicate])),
      // A fetched run with nothing to react to is kept in one statement (a backlog after an outage clears at set speed).
      handleRun: async (items, tx) => {
        if (await this.keptAlone(items.map(({ event }) => event), tx)) {
          await this.foreign.recordAll(items.map(({ event, source }) => ({ event, sourceTopic: source.topic })), tx);
          return;
        }
        for (const { event, source } of items) await runWithLogContext({ correlationId: event.correlationId }, () => replicate(event, tx, source));
      },
    });
    // Registered now, filled by features' onModuleInit: read at message time.
    const own: EventHandler = async (event, tx) => {
      await this.react(this.ownReactions.get(event.type), event, tx);
    };
    this.backbone.register({
      name: 'own-reactions',
      from: [this.config.serviceName],
      handlers: new Proxy({} as Record<string, EventHandler>, {
        get: (_, type: string) => (this.ownReactions.has(type) ? own : undefined),
        has: (_, type: string) => this.ownReactions.has(type),
      }),
    });
    this.logger.log(`following ${INSTITUTION_KINDS.filter((kind) => kind !== this.config.serviceName).join(', ')}`);
  }
}
