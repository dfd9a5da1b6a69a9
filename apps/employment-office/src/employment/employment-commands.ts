import { Injectable } from '@nestjs/common';
import { decideEmployment, EmploymentCommand, evolveEmployment, initialEmployment, takesPart } from '@inclusion/domain';
import { CaseKnowledge } from '@inclusion/network';
import { accessDenied, CommandRunner, RequestContext } from '@inclusion/platform';
import { EntityManager } from 'typeorm';

/** Runs an employment-office command on stream employment-<caseId>. */
@Injectable()
export class EmploymentCommands {
  constructor(
    private readonly commands: CommandRunner,
    private readonly knowledge: CaseKnowledge,
  ) {}

  run(caseId: string, command: EmploymentCommand, ctx: RequestContext, body: unknown, reaction?: { tx: EntityManager; causationId: string }) {
    return this.commands.run({
      streamId: `employment-${caseId}`,
      context: ctx,
      body,
      initial: initialEmployment,
      evolve: evolveEmployment,
      concerns: { caseId },
      decide: async (state, meta, tx) => {
        // An employment office acts on a case it takes part in (named in the itinerary, or already
        // working on it); reactions (no HTTP request) are exempt. 403 otherwise, known case or not.
        if (!reaction && !takesPart(await this.knowledge.view(caseId, tx), meta.institutionId)) throw accessDenied();
        return decideEmployment(command, state, meta);
      },
      tx: reaction?.tx,
      causationId: reaction?.causationId,
    });
  }
}
