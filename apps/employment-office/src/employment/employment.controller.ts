import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ContractDocumentRegisteredV1, IntermediationReferredV1, IntermediationResultRecordedV1, JointAssessmentDecidedV1, OrientationSessionAttendedV1,
  TrainingCompletedV1, TrainingDroppedOutV1, TrainingEnrolledV1,
} from '@inclusion/contracts';
import { QueryBus } from '@nestjs/cqrs';
import { assertMaySeeCase, EMPLOYMENT } from '@inclusion/domain';
import { CaseKnowledge, CaseParams } from '@inclusion/network-member';
import { AccessLog, Ctx, readerOf, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { StreamStateQuery } from '@inclusion/commands';
import { EmploymentCommands } from './employment-commands';

/** The employment office's work on a case: orientation, training, intermediation, contracts, joint assessment. */
@ApiTags('employment')
@Controller('cases/:caseId')
export class EmploymentController {
  constructor(
    private readonly employment: EmploymentCommands,
    private readonly knowledge: CaseKnowledge,
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  @Post('orientation-sessions')
  @HttpCode(201)
  @ApiCommand(OrientationSessionAttendedV1, 'Record that the person attended an orientation session (charla de orientación)')
  orientation(@Param() p: CaseParams, @Body() body: OrientationSessionAttendedV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'RecordOrientationAttendance', data: body }, ctx, body);
  }

  @Post('trainings')
  @HttpCode(201)
  @ApiCommand(TrainingEnrolledV1, 'Enrol the person in a training course')
  enrol(@Param() p: CaseParams, @Body() body: TrainingEnrolledV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'EnrolInTraining', data: body }, ctx, body);
  }

  @Post('completed-trainings')
  @HttpCode(201)
  @ApiCommand(TrainingCompletedV1, 'Record a completed training course')
  complete(@Param() p: CaseParams, @Body() body: TrainingCompletedV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'CompleteTraining', data: body }, ctx, body);
  }

  @Post('training-drop-outs')
  @HttpCode(201)
  @ApiCommand(TrainingDroppedOutV1, 'Record a drop-out from a training course')
  dropOut(@Param() p: CaseParams, @Body() body: TrainingDroppedOutV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'DropOutOfTraining', data: body }, ctx, body);
  }

  @Post('referrals')
  @HttpCode(201)
  @ApiCommand(IntermediationReferredV1, 'Refer the person to a job offer (intermediación)')
  refer(@Param() p: CaseParams, @Body() body: IntermediationReferredV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'ReferToJobOffer', data: body }, ctx, body);
  }

  @Post('referral-results')
  @HttpCode(201)
  @ApiCommand(IntermediationResultRecordedV1, 'Record the result of a referral')
  result(@Param() p: CaseParams, @Body() body: IntermediationResultRecordedV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'RecordReferralResult', data: body }, ctx, body);
  }

  @Post('contract-documents')
  @HttpCode(201)
  @ApiCommand(ContractDocumentRegisteredV1, 'Register a contract document (gestión documental)')
  document(@Param() p: CaseParams, @Body() body: ContractDocumentRegisteredV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'RegisterContractDocument', data: body }, ctx, body);
  }

  @Post('joint-assessment-decisions')
  @HttpCode(201)
  @ApiCommand(JointAssessmentDecidedV1, 'Decide an open joint assessment: continue or reorient the itinerary, with reasons')
  decide(@Param() p: CaseParams, @Body() body: JointAssessmentDecidedV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'DecideJointAssessment', data: body }, ctx, body);
  }

  @Get('employment')
  @ApiOperation({ summary: "The employment office's record of the case: trainings, referrals, joint assessments" })
  async state(@Param() p: CaseParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    return this.accessLog.read(ctx, headers, { resource: 'employment', resourceId: p.caseId, caseId: p.caseId }, async (purpose) => {
      assertMaySeeCase(readerOf(ctx), await this.knowledge.view(p.caseId), purpose);
      const { state, version } = await this.queries.execute(new StreamStateQuery(EMPLOYMENT, p.caseId));
      return { caseId: p.caseId, version, state };
    });
  }
}
