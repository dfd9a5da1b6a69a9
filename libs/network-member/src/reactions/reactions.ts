import { Inject, Injectable, Logger } from '@nestjs/common';
import { INSTITUTION_REGISTRY, InstitutionRegistry, RequestContext } from '@inclusion/access';
import { EventEnvelope } from '@inclusion/contracts';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, REACTION_REFUSALS, ReactionOutcome, ReactionPolicy, ReactionRefusalCommand } from '@inclusion/domain';
import { RecordCommand } from '@inclusion/commands';
import { EntityManager } from 'typeorm';
import { CaseKnowledge } from '../knowledge/case-knowledge';
import { NetworkReplication } from '../knowledge/network-replication';

/** Why a reaction waits: the rule code and reason of the policy's refusal with no institution to record it. */
interface Waiting {
  code: string;
  reason: string;
}

/**
 * Runs a reaction's command for the institution the policy named, in the consumer's transaction.
 * `caseTimeline` is the case as this service knows it, read in that transaction just before the
 * policy was asked: a command that needs it may decide on it instead of reading it again.
 */
export type ReactionExecutor<C> = (command: C, ctx: RequestContext, cause: EventEnvelope, tx: EntityManager, caseTimeline: EventEnvelope[]) => Promise<unknown>;

/** The context a reaction records with: the institution the policy named, the system as actor, the cause's correlation. */
export const reactionContext = (institutionId: string, cause: EventEnvelope): RequestContext => ({
  institutionId,
  actor: { userId: 'system', role: 'system' },
  correlationId: cause.correlationId,
  method: 'REACT',
  path: cause.type,
});

/**
 * Subscribes the pure reaction policies (libs/domain/src/reactions) to the events this service
 * receives: folds the case as the service knows it, asks the policy, runs the command it names
 * (linked by causation id, in the consumer's transaction with its inbox row). A refusal, the
 * policy's or the command's rules', is recorded as `reaction.refused` by the institution the
 * policy names. When it can name none yet (the case, or the office taking part in it, has not
 * reached this service: events travel on different topics), the reaction waits in
 * pending_reactions and is tried again when the next event about the case arrives. Any other
 * failure is retried, then dead-lettered, by the consumer.
 */
@Injectable()
export class Reactions {
  private readonly logger = new Logger(Reactions.name);
  private readonly subscribed = new Map<string, { policy: ReactionPolicy<unknown>; execute: ReactionExecutor<unknown> }>();

  constructor(
    private readonly network: NetworkReplication,
    private readonly cases: CaseKnowledge,
    private readonly bus: CommandBus,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
  ) {}

  subscribe<C>(policy: ReactionPolicy<C>, execute: ReactionExecutor<C>): void {
    if (this.subscribed.size === 0) this.network.afterReceived((event, tx) => this.retryPending(event, tx), (caseIds, tx) => this.anyWaiting(caseIds, tx));
    this.subscribed.set(policy.name, { policy: policy as ReactionPolicy<unknown>, execute: execute as ReactionExecutor<unknown> });
    const handler = async (cause: EventEnvelope, tx: EntityManager) => {
      const waiting = await this.react(policy, execute, cause, tx);
      if (waiting) await this.wait(policy, cause, waiting, tx);
    };
    for (const type of policy.on) {
      this.network.on(type, handler);
      if (policy.from === 'any-service') this.network.onOwn(type, handler);
    }
  }

  /** Reacts; returns why when the policy can name no institution yet (the reaction must wait), else null. */
  private async react<C>(policy: ReactionPolicy<C>, execute: ReactionExecutor<C>, cause: EventEnvelope, tx: EntityManager): Promise<Waiting | null> {
    if (!cause.caseId) return null;
    const caseTimeline = await this.cases.timeline(cause.caseId, tx);
    const caseView = this.cases.viewOf(caseTimeline);
    const outcome: ReactionOutcome<C> = policy.react(
      { eventId: cause.eventId, type: cause.type, institutionId: cause.institutionId, streamId: cause.streamId, caseId: cause.caseId, data: cause.payload },
      { caseView, kindOf: (id) => this.registry.get(id)?.kind },
    );
    if (outcome.outcome === 'none') return null;
    if (outcome.outcome === 'refused') {
      if (!outcome.institutionId) return { code: outcome.code, reason: outcome.reason };
      await this.refuse(policy, cause, outcome.institutionId, outcome.code, outcome.reason, tx);
      return null;
    }
    try {
      await execute(outcome.command, reactionContext(outcome.institutionId, cause), cause, tx, caseTimeline);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.refuse(policy, cause, outcome.institutionId, error.code, error.message, tx);
    }
    return null;
  }

  private async wait(policy: ReactionPolicy<unknown>, cause: EventEnvelope, { code, reason }: Waiting, tx: EntityManager): Promise<void> {
    this.logger.warn({ message: `reaction ${policy.name} to ${cause.type} ${cause.eventId} waits: ${code} ${reason}`, caseId: cause.caseId });
    await tx.query(
      `INSERT INTO pending_reactions (reaction, cause_event_id, cause_type, case_id, cause, code, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reaction, cause_event_id) DO NOTHING`,
      [policy.name, cause.eventId, cause.type, cause.caseId, JSON.stringify(cause), code, reason],
    );
  }

  /** Whether a reaction waits for one of these cases. */
  private async anyWaiting(caseIds: string[], tx: EntityManager): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM pending_reactions WHERE case_id = ANY($1::text[]) AND resolved_at IS NULL LIMIT 1`, [caseIds]);
    return rows.length > 0;
  }

  /** Tries again the reactions waiting for the case an event just brought news of. */
  private async retryPending(event: EventEnvelope, tx: EntityManager): Promise<void> {
    if (!event.caseId) return;
    const waiting: { id: string; reaction: string; cause: EventEnvelope }[] = await tx.query(
      `SELECT id, reaction, cause FROM pending_reactions WHERE case_id = $1 AND resolved_at IS NULL ORDER BY id`,
      [event.caseId],
    );
    for (const row of waiting) {
      const subscription = this.subscribed.get(row.reaction);
      if (!subscription) continue;
      if (!(await this.react(subscription.policy, subscription.execute, row.cause, tx))) {
        await tx.query(`UPDATE pending_reactions SET resolved_at = now() WHERE id = $1`, [row.id]);
        this.logger.log({ message: `waiting reaction ${row.reaction} to ${row.cause.type} ${row.cause.eventId} resolved`, caseId: event.caseId });
      }
    }
  }

  private async refuse(policy: ReactionPolicy<unknown>, cause: EventEnvelope, institutionId: string, code: string, reason: string, tx: EntityManager): Promise<void> {
    this.logger.warn({ message: `reaction ${policy.name} to ${cause.type} ${cause.eventId} refused: ${code} ${reason}`, recordedBy: institutionId });
    const refusal: ReactionRefusalCommand = { type: 'RecordRefusal', data: { reaction: policy.name, causeEventId: cause.eventId, causeType: cause.type, code, reason, caseId: cause.caseId! } };
    await this.bus.execute(new RecordCommand(REACTION_REFUSALS, cause.caseId!, refusal, reactionContext(institutionId, cause), refusal.data, { reaction: { tx, causationId: cause.eventId } }));
  }
}
