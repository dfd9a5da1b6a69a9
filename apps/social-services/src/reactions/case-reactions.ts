import { Injectable, OnModuleInit } from '@nestjs/common';
import { OPEN_INCIDENT_FOLLOW_UP, PASS_FINAL_EVALUATION, REORIENT_AFTER_TABLE_DECISION } from '@inclusion/domain';
import { Reactions } from '@inclusion/network-member';
import { CaseCommands } from '../cases/case-commands';

/** Social services' reactions (the rules: libs/domain/src/reactions), run on the case for the institution each names. */
@Injectable()
export class CaseReactions implements OnModuleInit {
  constructor(
    private readonly reactions: Reactions,
    private readonly cases: CaseCommands,
  ) {}

  onModuleInit(): void {
    for (const policy of [OPEN_INCIDENT_FOLLOW_UP, REORIENT_AFTER_TABLE_DECISION, PASS_FINAL_EVALUATION]) {
      this.reactions.subscribe(policy, (command, ctx, cause, tx) => this.cases.run(cause.caseId!, command, ctx, cause.payload, { tx, causationId: cause.eventId }));
    }
  }
}
