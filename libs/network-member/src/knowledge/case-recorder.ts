import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Aggregate, CaseView, initialCaseView } from '@inclusion/domain';
import { RecordCommand, RecordOptions } from '@inclusion/commands';
import { RequestContext } from '@inclusion/access';
import { CaseKnowledge } from './case-knowledge';

/**
 * Dispatches a command of an aggregate whose decider needs the case as this service knows it
 * (steps, employment, placements): the case view is folded in the command's transaction.
 */
@Injectable()
export class CaseRecorder {
  constructor(
    private readonly bus: CommandBus,
    private readonly cases: CaseKnowledge,
  ) {}

  record<S, C extends { type: string }>(
    aggregate: Aggregate<S, C, CaseView>,
    id: string,
    caseOf: string | ((state: S) => string | undefined),
    command: C,
    ctx: RequestContext,
    body: unknown,
    reaction?: RecordOptions<S, CaseView>['reaction'],
  ) {
    return this.bus.execute(
      new RecordCommand(aggregate, id, command, ctx, body, {
        knowledge: async (tx, state) => {
          const caseId = typeof caseOf === 'string' ? caseOf : caseOf(state);
          return caseId ? this.cases.view(caseId, tx) : initialCaseView();
        },
        reaction,
      }),
    );
  }
}
