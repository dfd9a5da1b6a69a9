import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CASE, CaseCommand } from '@inclusion/domain';
import { EventLookups, EventStore } from '@inclusion/event-store';
import { RecordCommand, RecordOptions } from '@inclusion/commands';
import { RequestContext } from '@inclusion/access';
import { CaseKnowledge } from '@inclusion/network-member';
import { EntityManager } from 'typeorm';

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

  run(caseId: string, command: CaseCommand, ctx: RequestContext, body: unknown, reaction?: RecordOptions<unknown, unknown>['reaction']) {
    const opening = command.type === 'OpenCase' ? command.data : null;
    return this.bus.execute(
      new RecordCommand(CASE, caseId, command, ctx, body, {
        knowledge: async (tx) => ({
          personHolder: opening ? await this.store.personKeys.holderOf(opening.personId, tx) : null,
          // One open case per person and municipality: a fast answer here; the database enforces it at the append (open_cases), and a race retries the command.
          openCaseOfPerson: opening ? await this.lookups.openCaseOfPerson(opening.personId, opening.municipality, tx) : null,
          // The joint assessment's agreement is checked against the employment office's part, as received.
          // So are the decisions on a step change: the proposal is the step institution's event, as received.
          caseView: ['AgreeJointAssessment', 'AcceptStepChange', 'RefuseStepChange'].includes(command.type) ? await this.knowledge.view(caseId, tx) : null,
          // The risk of chronification reads the whole case as this service knows it (incidents received included).
          riskInputs: command.type === 'AssessRisk' ? (await this.knowledge.viewWithRisk(caseId, tx)).riskInputs : null,
        }),
        // Opening a case makes its institution the holder of the person's data (and key).
        recorded: opening ? async (tx: EntityManager) => void (await this.store.personKeys.claim(opening.personId, ctx.institutionId, tx)) : undefined,
        reaction,
      }),
    );
  }
}
