import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StepCompletedV1, StepStartedV1 } from '@inclusion/contracts';
import { decideStep, evolveCase, initialCaseView, StepCommand } from '@inclusion/domain';
import { ApiCommand, CommandRunner, Ctx, RequestContext } from '@inclusion/platform';
import { CaseParams } from '../cases/case-params';
import { CaseKnowledge } from '../knowledge/case-knowledge';

/**
 * Itinerary steps are started and completed by their responsible institution, in its own
 * service (stream steps-<caseId>), checked against the itinerary social services designed.
 */
@ApiTags('itinerary steps')
@Controller('cases/:caseId/steps')
export class StepsController {
  constructor(
    private readonly commands: CommandRunner,
    private readonly knowledge: CaseKnowledge,
  ) {}

  private run(caseId: string, command: StepCommand, ctx: RequestContext) {
    return this.commands.run({
      streamId: `steps-${caseId}`,
      context: ctx,
      body: command.data,
      initial: initialCaseView,
      evolve: evolveCase,
      concerns: { caseId },
      decide: async (_, meta, tx) => decideStep(command, await this.knowledge.view(caseId, tx), meta),
    });
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
