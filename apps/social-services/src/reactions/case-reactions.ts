import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DecisionRecordedV1, EventEnvelope, IncidentReportedV1 } from '@inclusion/contracts';
import { NetworkReplication } from '@inclusion/network';
import { RequestContext } from '@inclusion/platform';
import { EntityManager } from 'typeorm';
import { CaseCommands } from '../cases/case-commands';

/**
 * Social services' reactions, each an event linked to its cause:
 * - a company's incident report opens a follow-up item for the case's reference technician;
 * - a case-table decision that reorients the itinerary reorients it on the case.
 */
@Injectable()
export class CaseReactions implements OnModuleInit {
  private readonly logger = new Logger(CaseReactions.name);

  constructor(
    private readonly network: NetworkReplication,
    private readonly cases: CaseCommands,
  ) {}

  onModuleInit(): void {
    this.network.on('incident.reported', (event, tx) => this.openFollowUp(event, tx));
    this.network.onOwn('table.decision-recorded', (event, tx) => this.reorient(event, tx));
  }

  private async contextFor(event: EventEnvelope, caseId: string, tx: EntityManager): Promise<RequestContext | undefined> {
    const owner = await this.cases.ownerOf(caseId, tx);
    if (!owner) {
      this.logger.warn(`${event.type} ${event.eventId} concerns case ${caseId}, unknown here: no reaction`);
      return undefined;
    }
    return { institutionId: owner, actor: { userId: 'system', role: 'system' }, correlationId: event.correlationId, method: 'REACT', path: event.type };
  }

  private async openFollowUp(event: EventEnvelope, tx: EntityManager): Promise<void> {
    const caseId = event.caseId;
    if (!caseId) return;
    const ctx = await this.contextFor(event, caseId, tx);
    if (!ctx) return;
    const report = event.payload as unknown as IncidentReportedV1;
    await this.cases.run(
      caseId,
      { type: 'OpenIncidentFollowUp', data: { incidentId: report.incidentId, reportedByInstitution: event.institutionId, kind: report.kind, severity: report.severity } },
      ctx,
      event.payload,
      { tx, causationId: event.eventId },
    );
  }

  private async reorient(event: EventEnvelope, tx: EntityManager): Promise<void> {
    const decision = event.payload as unknown as DecisionRecordedV1;
    if (!decision.reorientsItinerary || !event.caseId) return;
    const ctx = await this.contextFor(event, event.caseId, tx);
    if (!ctx) return;
    await this.cases.run(
      event.caseId,
      { type: 'ReorientItinerary', data: { ...decision.reorientsItinerary, tableId: event.streamId.replace(/^table-/, ''), decisionId: decision.decisionId } },
      ctx,
      event.payload,
      { tx, causationId: event.eventId },
    );
  }
}
