import { Injectable } from '@nestjs/common';
import { CaseCommand, decideCase, evolveCase, initialCaseView } from '@inclusion/domain';
import { accessDenied, CommandRunner, RequestContext } from '@inclusion/platform';
import { EntityManager } from 'typeorm';

/** Runs a case command on stream case-<caseId> (social services' own record of the case). */
@Injectable()
export class CaseCommands {
  constructor(private readonly commands: CommandRunner) {}

  run(caseId: string, command: CaseCommand, ctx: RequestContext, body: unknown, reaction?: { tx: EntityManager; causationId: string }) {
    return this.commands.run({
      streamId: `case-${caseId}`,
      context: ctx,
      body,
      initial: initialCaseView,
      evolve: evolveCase,
      concerns: (state) => ({ caseId, personId: state.personId ?? (command.type === 'OpenCase' ? command.data.personId : null) }),
      decide: async (state, meta, tx) => {
        if (command.type === 'OpenCase') {
          // One open case per person and municipality: checked under the append lock, so no race.
          const [open] = await tx.query(
            `SELECT o.case_id FROM events o WHERE o.type = 'case.opened' AND o.payload->>'personId' = $1 AND o.payload->>'municipality' = $2
               AND NOT EXISTS (SELECT 1 FROM events c WHERE c.type = 'case.closed' AND c.case_id = o.case_id) LIMIT 1`,
            [command.data.personId, command.data.municipality],
          );
          return decideCase({ ...command, knownOpenCaseOfPerson: open?.case_id ?? null }, state, meta);
        }
        // Only the institution that opened the case records on it;
        // anyone else gets the same 403 whether or not the case exists.
        if (state.status === 'unknown' || state.openedBy !== ctx.institutionId) throw accessDenied();
        return decideCase(command, state, meta);
      },
      tx: reaction?.tx,
      causationId: reaction?.causationId,
    });
  }

  /** The institution that opened the case: reactions record on its behalf. */
  async ownerOf(caseId: string, tx: EntityManager): Promise<string | undefined> {
    const [row] = await tx.query(`SELECT institution_id FROM events WHERE stream_id = $1 ORDER BY stream_version LIMIT 1`, [`case-${caseId}`]);
    return row?.institution_id;
  }
}
