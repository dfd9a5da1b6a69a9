import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  ContractEndedV1, FinalEvaluationRecordedV1, FollowUpMeetingHeldV1, ID, IncidentReportedV1, JobAdaptedV1, PlacementStartedV1,
} from '@inclusion/contracts';
import { assertTakesPart, decidePlacement, evolvePlacement, fold, initialPlacement, PlacementCommand } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { CaseKnowledge } from '@inclusion/network';
import { AccessLog, accessDenied, ApiCommand, CommandRunner, Ctx, RequestContext, toRecorded } from '@inclusion/platform';

export class StartPlacementBody extends PlacementStartedV1 {
  @ApiProperty({ example: 'case-0001' })
  @Matches(ID, { message: 'caseId must be an id' })
  caseId: string;
}

export class PlacementParams {
  @Matches(ID, { message: 'placementId must be an id' })
  placementId: string;
}

/**
 * The insertion company's commands on a placement (stream placement-<placementId>). Starting
 * one is checked against what social services recorded, as received through Kafka.
 */
@ApiTags('placements')
@Controller('placements')
export class PlacementsController {
  constructor(
    private readonly commands: CommandRunner,
    private readonly knowledge: CaseKnowledge,
    private readonly store: EventStore,
    private readonly accessLog: AccessLog,
  ) {}

  /** The placement's case; only the company that started the placement may act on it (403 otherwise, existing or not). */
  private async caseOf(placementId: string, ctx: RequestContext): Promise<string> {
    const [first] = await this.store.readStream(`placement-${placementId}`, 1);
    if (!first?.caseId || first.institutionId !== ctx.institutionId) throw accessDenied();
    return first.caseId;
  }

  private run(placementId: string, caseId: string, command: PlacementCommand, ctx: RequestContext, body: unknown) {
    return this.commands.run({
      streamId: `placement-${placementId}`,
      context: ctx,
      body,
      initial: initialPlacement,
      evolve: evolvePlacement,
      concerns: { caseId },
      // A company acts only on cases it takes part in (an agreement names it): 403 otherwise, known case or not.
      authorize: async (_, meta, tx) => assertTakesPart(meta.institutionId, await this.knowledge.view(caseId, tx)),
      decide: async (state, meta, tx) => decidePlacement(command, state, await this.knowledge.view(caseId, tx), meta),
    });
  }

  private async onPlacement(placementId: string, command: PlacementCommand, ctx: RequestContext, body: unknown) {
    return this.run(placementId, await this.caseOf(placementId, ctx), command, ctx, body);
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(StartPlacementBody, 'Hire the person under a signed insertion agreement (needs a valid accreditation and all three signatures)')
  start(@Body() body: StartPlacementBody, @Ctx() ctx: RequestContext) {
    const { caseId, ...data } = body;
    return this.run(body.placementId, caseId, { type: 'StartPlacement', data }, ctx, body);
  }

  @Post(':placementId/follow-up-meetings')
  @HttpCode(201)
  @ApiCommand(FollowUpMeetingHeldV1, 'Record a follow-up meeting with the tutor (notes, scores)')
  meeting(@Param() p: PlacementParams, @Body() body: FollowUpMeetingHeldV1, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'HoldFollowUpMeeting', data: body }, ctx, body);
  }

  @Post(':placementId/incidents')
  @HttpCode(201)
  @ApiCommand(IncidentReportedV1, "Report an incident; it reaches the case's reference technician")
  incident(@Param() p: PlacementParams, @Body() body: IncidentReportedV1, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'ReportIncident', data: body }, ctx, body);
  }

  @Post(':placementId/job-adaptations')
  @HttpCode(201)
  @ApiCommand(JobAdaptedV1, 'Adapt the job for health reasons (cambio de tajo)')
  adapt(@Param() p: PlacementParams, @Body() body: JobAdaptedV1, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'AdaptJob', data: body }, ctx, body);
  }

  @Post(':placementId/contract-end')
  @HttpCode(201)
  @ApiCommand(ContractEndedV1, 'End the contract; it opens a joint assessment at the employment office')
  end(@Param() p: PlacementParams, @Body() body: ContractEndedV1, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'EndContract', data: body }, ctx, body);
  }

  @Post(':placementId/final-evaluation')
  @HttpCode(201)
  @ApiCommand(FinalEvaluationRecordedV1, 'Record the final evaluation; it reaches social services')
  evaluate(@Param() p: PlacementParams, @Body() body: FinalEvaluationRecordedV1, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'RecordFinalEvaluation', data: body }, ctx, body);
  }

  @Get(':placementId')
  @ApiOperation({ summary: "A placement's state and events" })
  async state(@Param() p: PlacementParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    return this.accessLog.read(ctx, headers, { resource: 'placement', resourceId: p.placementId }, async () => {
      const events = await this.store.readStream(`placement-${p.placementId}`);
      if (events.length === 0 || events[0].institutionId !== ctx.institutionId) throw accessDenied();
      return { placementId: p.placementId, caseId: events[0].caseId, version: events.length, state: fold(evolvePlacement, initialPlacement(), events.map(toRecorded)) };
    });
  }
}
