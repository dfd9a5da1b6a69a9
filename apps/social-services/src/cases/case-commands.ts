import { Injectable } from '@nestjs/common';
import { assertMayHoldPerson, assertMayRecordOnCase, CaseCommand, decideCase, evolveCase, initialCaseView } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { CommandRunner, RequestContext } from '@inclusion/platform';
import { EntityManager } from 'typeorm';

/** Runs a case command on stream case-<caseId> (social services' own record of the case). */
@Injectable()
export class CaseCommands {
  constructor(
    private readonly commands: CommandRunner,
    private readonly store: EventStore,
  ) {}

  run(caseId: string, command: CaseCommand, ctx: RequestContext, body: unknown, reaction?: { tx: EntityManager; causationId: string }) {
    return this.commands.run({
      streamId: `case-${caseId}`,
      context: ctx,
      body,
      initial: initialCaseView,
      evolve: evolveCase,
      concerns: (state) => ({ caseId, personId: state.personId ?? (command.type === 'OpenCase' ? command.data.personId : null) }),
      // Only the institution that opened the case records on it; anyone else gets the same 403
      // whether or not the case exists. A new case may not make a second holder of a person's data.
      authorize: async (state, meta, tx) => {
        if (command.type !== 'OpenCase') return assertMayRecordOnCase(meta.institutionId, state);
        assertMayHoldPerson(meta.institutionId, await this.store.personKeys.holderOf(command.data.personId, tx));
      },
      decide: async (state, meta, tx) => {
        if (command.type !== 'OpenCase') return decideCase(command, state, meta);
        // One open case per person and municipality: checked under the append lock, so no race.
        const [open] = await tx.query(
          `SELECT o.case_id FROM events o WHERE o.type = 'case.opened' AND o.payload->>'personId' = $1 AND o.payload->>'municipality' = $2
             AND NOT EXISTS (SELECT 1 FROM events c WHERE c.type = 'case.closed' AND c.case_id = o.case_id) LIMIT 1`,
          [command.data.personId, command.data.municipality],
        );
        const decided = decideCase({ ...command, knownOpenCaseOfPerson: open?.case_id ?? null }, state, meta);
        await this.store.personKeys.claim(command.data.personId, meta.institutionId, tx);
        return decided;
      },
      tx: reaction?.tx,
      causationId: reaction?.causationId,
    });
  }
}
