import { Injectable } from '@nestjs/common';
import { EMPLOYMENT, EmploymentCommand } from '@inclusion/domain';
import { CaseRecorder } from '@inclusion/network-member';
import { RecordOptions } from '@inclusion/commands';
import { RequestContext } from '@inclusion/access';

/** Dispatches an employment-office command (the EMPLOYMENT aggregate, stream employment-<caseId>). */
@Injectable()
export class EmploymentCommands {
  constructor(private readonly recorder: CaseRecorder) {}

  run(caseId: string, command: EmploymentCommand, ctx: RequestContext, body: unknown, reaction?: RecordOptions<unknown, unknown>['reaction']) {
    return this.recorder.record(EMPLOYMENT, caseId, caseId, command, ctx, body, reaction);
  }
}
