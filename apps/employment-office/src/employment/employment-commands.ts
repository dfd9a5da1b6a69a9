import { Injectable } from '@nestjs/common';
import { decideEmployment, EmploymentCommand, evolveEmployment, initialEmployment } from '@inclusion/domain';
import { CommandRunner, RequestContext } from '@inclusion/platform';
import { EntityManager } from 'typeorm';

/** Runs an employment-office command on stream employment-<caseId>. */
@Injectable()
export class EmploymentCommands {
  constructor(private readonly commands: CommandRunner) {}

  run(caseId: string, command: EmploymentCommand, ctx: RequestContext, body: unknown, reaction?: { tx: EntityManager; causationId: string }) {
    return this.commands.run({
      streamId: `employment-${caseId}`,
      context: ctx,
      body,
      initial: initialEmployment,
      evolve: evolveEmployment,
      concerns: { caseId },
      decide: (state, meta) => decideEmployment(command, state, meta),
      tx: reaction?.tx,
      causationId: reaction?.causationId,
    });
  }
}
