import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  ContractEndedV1, FinalEvaluationRecordedV1, FollowUpMeetingHeldV1, ID, IncidentReportedV1, JobAdaptedV1, PlacementStartedV1,
} from '@inclusion/contracts';
import { QueryBus } from '@nestjs/cqrs';
import { assertMaySeeCase, assertPlacementCompany, PLACEMENT, PlacementCommand, PlacementState } from '@inclusion/domain';
import { CaseKnowledge, CaseRecorder } from '@inclusion/network-member';
import { AccessLog, Ctx, readerOf, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { StreamStateQuery } from '@inclusion/commands';

export class StartPlacementBody extends PlacementStartedV1 {
  @ApiProperty({ example: 'case-0001' })
  @Matches(ID, { message: 'caseId must be an id' })
  caseId: string;
}

/** The placement is the path's (`:placementId`); a body that names it too is refused (400, as any unknown field). */
export class FollowUpMeetingBody extends OmitType(FollowUpMeetingHeldV1, ['placementId'] as const) {}
export class ReportIncidentBody extends OmitType(IncidentReportedV1, ['placementId'] as const) {}
export class EndContractBody extends OmitType(ContractEndedV1, ['placementId'] as const) {}

export class PlacementParams {
  @ApiProperty({ example: 'pl-0001' })
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
    private readonly recorder: CaseRecorder,
    private readonly cases: CaseKnowledge,
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  /** Dispatches a placement command: the company that started it acts on it, on a case it takes part in (PLACEMENT's rules). */
  private onPlacement(placementId: string, command: PlacementCommand, ctx: RequestContext, body: unknown) {
    const caseOf = (state: PlacementState) => (command.type === 'StartPlacement' ? command.caseId : state.caseId);
    return this.recorder.record(PLACEMENT, placementId, caseOf, command, ctx, body);
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(StartPlacementBody, 'Hire the person under a signed insertion agreement (needs a valid accreditation and all three signatures)')
  start(@Body() body: StartPlacementBody, @Ctx() ctx: RequestContext) {
    const { caseId, ...data } = body;
    return this.onPlacement(body.placementId, { type: 'StartPlacement', data, caseId }, ctx, body);
  }

  @Post(':placementId/follow-up-meetings')
  @HttpCode(201)
  @ApiCommand(FollowUpMeetingBody, 'Record a follow-up meeting with the tutor (notes, scores)')
  meeting(@Param() p: PlacementParams, @Body() body: FollowUpMeetingBody, @Ctx() ctx: RequestContext) {
    // The recorded event still carries the placement, from the path.
    return this.onPlacement(p.placementId, { type: 'HoldFollowUpMeeting', data: { placementId: p.placementId, ...body } }, ctx, body);
  }

  @Post(':placementId/incidents')
  @HttpCode(201)
  @ApiCommand(ReportIncidentBody, "Report an incident; it reaches the case's reference technician")
  incident(@Param() p: PlacementParams, @Body() body: ReportIncidentBody, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'ReportIncident', data: { ...body, placementId: p.placementId } }, ctx, body);
  }

  @Post(':placementId/job-adaptations')
  @HttpCode(201)
  @ApiCommand(JobAdaptedV1, 'Adapt the job for health reasons (cambio de tajo)')
  adapt(@Param() p: PlacementParams, @Body() body: JobAdaptedV1, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'AdaptJob', data: body }, ctx, body);
  }

  @Post(':placementId/contract-end')
  @HttpCode(201)
  @ApiCommand(EndContractBody, 'End the contract; it opens a joint assessment at the employment office')
  end(@Param() p: PlacementParams, @Body() body: EndContractBody, @Ctx() ctx: RequestContext) {
    return this.onPlacement(p.placementId, { type: 'EndContract', data: { placementId: p.placementId, ...body } }, ctx, body);
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
    const { state, version } = await this.queries.execute(new StreamStateQuery(PLACEMENT, p.placementId));
    // Logged against the placement's case (the person's report shows it) once the company is known to be the placement's.
    const caseId = state.startedBy === ctx.institutionId ? (state.caseId ?? null) : null;
    return this.accessLog.read(ctx, headers, { resource: 'placement', resourceId: p.placementId, caseId }, async (purpose) => {
      assertPlacementCompany(ctx.institutionId, state);
      // A placement is case data: a consent the person withdrew for this company and purpose hides it too.
      assertMaySeeCase(readerOf(ctx), await this.cases.view(state.caseId!), purpose);
      return { placementId: p.placementId, caseId: state.caseId, version, state };
    });
  }
}
