import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StepCompletedV1, StepStartedV1 } from '@inclusion/contracts';
import { StepCommand, STEPS } from '@inclusion/domain';
import { ApiCommand } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';
import { CaseParams } from '../cases/case-params';
import { CaseRecorder } from '../knowledge/case-recorder';

/**
 * Itinerary steps are started and completed by their responsible institution, in its own
 * service (stream steps-<caseId>), checked against the itinerary social services designed.
 */
@ApiTags('itinerary steps')
@Controller('cases/:caseId/steps')
export class StepsController {
  constructor(private readonly recorder: CaseRecorder) {}

  private run(caseId: string, command: StepCommand, ctx: RequestContext) {
    return this.recorder.record(STEPS, caseId, caseId, command, ctx, command.data);
  }

  @Post('started')
  @HttpCode(201)
  @ApiCommand(StepStartedV1, 'Start an itinerary step (only its responsible institution)')
  start(@Param() p: CaseParams, @Body() body: StepStartedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.caseId, { type: 'StartStep', data: body }, ctx);
  }

  @Post('completed')
  @HttpCode(201)
  @ApiCommand(StepCompletedV1, 'Complete a started itinerary step (only its responsible institution)')
  complete(@Param() p: CaseParams, @Body() body: StepCompletedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.caseId, { type: 'CompleteStep', data: body }, ctx);
  }
}
