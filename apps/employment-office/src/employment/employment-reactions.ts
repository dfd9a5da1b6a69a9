import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ContractEndedV1, EventEnvelope, ItineraryClosedV1 } from '@inclusion/contracts';
import { NetworkReplication } from '@inclusion/network';
import { EntityManager } from 'typeorm';
import { EmploymentCommands } from './employment-commands';

/**
 * A contract end (insertion company) or the end of a plan (itinerary closed by social
 * services) opens a joint assessment item at the employment office, linked by causation.
 */
@Injectable()
export class EmploymentReactions implements OnModuleInit {
  private readonly logger = new Logger(EmploymentReactions.name);

  constructor(
    private readonly network: NetworkReplication,
    private readonly employment: EmploymentCommands,
  ) {}

  onModuleInit(): void {
    this.network.on('placement.contract-ended', (event, tx) => {
      const ended = event.payload as unknown as ContractEndedV1;
      return this.open(event, tx, { assessmentId: `ja-${ended.placementId}`, trigger: 'contract-ended', placementId: ended.placementId });
    });
    this.network.on('itinerary.closed', (event, tx) => {
      const closed = event.payload as unknown as ItineraryClosedV1;
      return this.open(event, tx, { assessmentId: `ja-${closed.itineraryId}`, trigger: 'plan-ended' });
    });
  }

  /** Records for the employment office that already works on the case, else for the service's default institution. */
  private async institutionFor(caseId: string, tx: EntityManager): Promise<string> {
    const [row] = await tx.query(`SELECT institution_id FROM events WHERE case_id = $1 ORDER BY global_position LIMIT 1`, [caseId]);
    return row?.institution_id ?? process.env.DEFAULT_INSTITUTION_ID ?? 'employment-office';
  }

  private async open(event: EventEnvelope, tx: EntityManager, data: { assessmentId: string; trigger: string; placementId?: string }) {
    if (!event.caseId) return;
    const institutionId = await this.institutionFor(event.caseId, tx);
    this.logger.log(`opening joint assessment ${data.assessmentId} for case ${event.caseId} (${institutionId})`);
    await this.employment.run(
      event.caseId,
      { type: 'OpenJointAssessment', data },
      { institutionId, actor: { userId: 'system', role: 'system' }, correlationId: event.correlationId, method: 'REACT', path: event.type },
      event.payload,
      { tx, causationId: event.eventId },
    );
  }
}
