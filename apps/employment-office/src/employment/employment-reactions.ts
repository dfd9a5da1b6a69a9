import { Injectable, OnModuleInit } from '@nestjs/common';
import { OPEN_JOINT_ASSESSMENT } from '@inclusion/domain';
import { Reactions } from '@inclusion/network-member';
import { EmploymentCommands } from './employment-commands';

/** The employment office's reaction (the rule: libs/domain/src/reactions/open-joint-assessment.reaction.ts). */
@Injectable()
export class EmploymentReactions implements OnModuleInit {
  constructor(
    private readonly reactions: Reactions,
    private readonly employment: EmploymentCommands,
  ) {}

  onModuleInit(): void {
    this.reactions.subscribe(OPEN_JOINT_ASSESSMENT, (command, ctx, cause, tx) => this.employment.run(cause.caseId!, command, ctx, cause.payload, { tx, causationId: cause.eventId }));
  }
}
