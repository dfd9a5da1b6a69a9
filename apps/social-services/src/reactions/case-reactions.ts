import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ASSESS_CHRONIFICATION_RISK, CONVENE_PROPOSED_MEETING, OPEN_INCIDENT_FOLLOW_UP, PASS_FINAL_EVALUATION, REORIENT_AFTER_TABLE_DECISION, TABLE } from '@inclusion/domain';
import { RecordCommand } from '@inclusion/commands';
import { Reactions, TableKnowledge } from '@inclusion/network-member';
import { CaseCommands } from '../cases/case-commands';

/** Social services' reactions (the rules: libs/domain/src/reactions), run on the case (or its case table) for the institution each names. */
@Injectable()
export class CaseReactions implements OnModuleInit {
  constructor(
    private readonly reactions: Reactions,
    private readonly cases: CaseCommands,
    private readonly tables: TableKnowledge,
    private readonly bus: CommandBus,
  ) {}

  onModuleInit(): void {
    for (const policy of [OPEN_INCIDENT_FOLLOW_UP, REORIENT_AFTER_TABLE_DECISION, PASS_FINAL_EVALUATION, ASSESS_CHRONIFICATION_RISK]) {
      this.reactions.subscribe(policy, (command, ctx, cause, tx, caseTimeline) => this.cases.run(cause.caseId!, command, ctx, cause.payload, { tx, causationId: cause.eventId }, caseTimeline));
    }
    // PACT: an accepted case-table meeting is convened at the case table the acceptance names (the table's own rules apply).
    this.reactions.subscribe(CONVENE_PROPOSED_MEETING, ({ tableId, ...command }, ctx, cause, tx) =>
      this.bus.execute(
        new RecordCommand(TABLE, tableId, command, ctx, command.data, {
          knowledge: async (inner) => ({ table: await this.tables.view(tableId, inner), caseView: null }),
          reaction: { tx, causationId: cause.eventId },
        }),
      ),
    );
  }
}
