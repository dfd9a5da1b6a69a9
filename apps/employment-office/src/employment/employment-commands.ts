import { Injectable } from '@nestjs/common';
import { assertTakesPart, decideEmployment, EmploymentCommand, evolveEmployment, initialEmployment } from '@inclusion/domain';
import { CaseKnowledge } from '@inclusion/network';
import { CommandRunner, RequestContext } from '@inclusion/platform';
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
      // An employment office acts on a case it takes part in (social services gave it a step, or
      // a case table it convened names it), reactions included. 403 otherwise, known case or not.
      authorize: async (_, meta, tx) => assertTakesPart(meta.institutionId, await this.knowledge.view(caseId, tx)),
      decide: (state, meta) => decideEmployment(command, state, meta),
      tx: reaction?.tx,
      causationId: reaction?.causationId,
    });
  }
}
