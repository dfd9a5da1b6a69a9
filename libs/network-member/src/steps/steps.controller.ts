import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StepAcceptedV1, StepChangeProposedV1, CompleteStepBody, StepDeclinedV1, StepStartedV1 } from '@inclusion/contracts';
import { StepCommand, STEPS } from '@inclusion/domain';
import { ApiCommand } from '@inclusion/service-shell';
import { Ctx, RequestContext, OpenToHostedPartners } from '@inclusion/access';
import { CaseParams } from '../cases/case-params';
import { CaseRecorder } from '../knowledge/case-recorder';

/**
 * Itinerary steps are answered (accepted, declined with a reason, or a change proposed: joint
 * itinerary design), started and completed by their responsible institution, in its own
 * service (stream steps-<caseId>@<service>), checked against the itinerary social services
 * designed; social services see the answers in the case view and timeline and decide on a
 * proposed change (POST /cases/{caseId}/itinerary/step-change-acceptances or -refusals there).
 */
@ApiTags('itinerary steps')
@OpenToHostedPartners()
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
  @ApiCommand(CompleteStepBody, 'Complete a started itinerary step (only its responsible institution)')
  complete(@Param() p: CaseParams, @Body() body: CompleteStepBody, @Ctx() ctx: RequestContext) {
    return this.run(p.caseId, { type: 'CompleteStep', data: body }, ctx);
  }

  @Post('accepted')
  @HttpCode(201)
  @ApiCommand(StepAcceptedV1, 'Accept the itinerary step given to this institution (diseño conjunto de itinerarios; only its responsible institution)')
  accept(@Param() p: CaseParams, @Body() body: StepAcceptedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.caseId, { type: 'AcceptStep', data: body }, ctx);
  }

  @Post('declined')
  @HttpCode(201)
  @ApiCommand(StepDeclinedV1, 'Decline the itinerary step given to this institution, with a reason (only its responsible institution)')
  decline(@Param() p: CaseParams, @Body() body: StepDeclinedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.caseId, { type: 'DeclineStep', data: body }, ctx);
  }

  @Post('change-proposals')
  @HttpCode(201)
  @ApiCommand(StepChangeProposedV1, 'Propose a change to the itinerary step given to this institution (kind, dates, description); social services accept or refuse it')
  proposeChange(@Param() p: CaseParams, @Body() body: StepChangeProposedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.caseId, { type: 'ProposeStepChange', data: body }, ctx);
  }
}
