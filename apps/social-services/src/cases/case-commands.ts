import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CASE, CaseCommand } from '@inclusion/domain';
import { EventLookups, EventStore } from '@inclusion/event-store';
import { RecordCommand, RecordOptions } from '@inclusion/commands';
import { RequestContext } from '@inclusion/access';
import { CaseKnowledge } from '@inclusion/network-member';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@inclusion/contracts';

/** Dispatches a case command (the CASE aggregate) with what it needs to know: the person's holder, their open case. */
@Injectable()
export class CaseCommands {
  private readonly lookups: EventLookups;

  constructor(
    private readonly bus: CommandBus,
    private readonly store: EventStore,
    private readonly knowledge: CaseKnowledge,
  ) {
    this.lookups = new EventLookups(store.dataSource);
  }

  /**
   * `caseTimeline`: the case as this service knows it, read in the reaction's transaction just
   * before (Reactions): the command's first pass decides on it; a second pass (the stream moved
   * on before the append took the lock) reads it again.
   */
  run(caseId: string, command: CaseCommand, ctx: RequestContext, body: unknown, reaction?: RecordOptions<unknown, unknown>['reaction'], caseTimeline?: EventEnvelope[]) {
    const opening = command.type === 'OpenCase' ? command.data : null;
    let known = caseTimeline;
    const timeline = async (tx: EntityManager) => {
      const read = known ?? (await this.knowledge.timeline(caseId, tx));
      known = undefined;
      return read;
    };
    return this.bus.execute(
      new RecordCommand(CASE, caseId, command, ctx, body, {
        knowledge: async (tx) => ({
          personHolder: opening ? await this.store.personKeys.holderOf(opening.personId, tx) : null,
          // One open case per person and municipality: a fast answer here; the database enforces it at the append (open_cases), and a race retries the command.
          openCaseOfPerson: opening ? await this.lookups.openCaseOfPerson(opening.personId, opening.municipality, tx) : null,
          // The joint assessment's agreement is checked against the employment office's part, as received.
          // So are the decisions on a step change: the proposal is the step institution's event, as received.
          caseView: ['AgreeJointAssessment', 'AcceptStepChange', 'RefuseStepChange'].includes(command.type) ? this.knowledge.viewOf(await timeline(tx)) : null,
          // The risk of chronification reads the whole case as this service knows it (incidents received included).
          riskInputs: command.type === 'AssessRisk' ? (await this.knowledge.viewWithRisk(caseId, tx, await timeline(tx))).riskInputs : null,
        }),
        // Opening a case makes its institution the holder of the person's data (and key): a row written with the batch.
        recordedRows: opening ? [this.store.personKeys.claimRow(opening.personId, ctx.institutionId)] : undefined,
        reaction,
      }),
    );
  }
}
