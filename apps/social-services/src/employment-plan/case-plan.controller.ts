import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CandidateProposedV1, JobAdaptationAgreedV1, JointAssessmentAgreedV1 } from '@inclusion/contracts';
import { CaseParams } from '@inclusion/network-member';
import { ApiCommand } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';
import { CaseCommands } from '../cases/case-commands';

/**
 * Social services' part of the municipal Plan de Empleo on a case (the rules:
 * libs/domain/src/employment-plan/case-plan.decide.ts): propose the person to the plan's
 * employer, agree job adaptations with it, and record the joint assessment's agreed decision.
 */
@ApiTags('employment plan (Plan de Empleo)')
@Controller('cases/:caseId')
export class CasePlanController {
  constructor(private readonly cases: CaseCommands) {}

  @Post('employment-plan-proposals')
  @HttpCode(201)
  @ApiCommand(CandidateProposedV1, "Propose the person for a Plan de Empleo; the plan's employer takes part in the case")
  propose(@Param() p: CaseParams, @Body() body: CandidateProposedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'ProposeForEmploymentPlan', data: body }, ctx, body);
  }

  @Post('job-adaptation-agreements')
  @HttpCode(201)
  @ApiCommand(JobAdaptationAgreedV1, 'Agree a job adaptation with the employer, linked to the incident that caused it (cambio de tajo)')
  adapt(@Param() p: CaseParams, @Body() body: JobAdaptationAgreedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AgreeJobAdaptation', data: body }, ctx, body);
  }

  @Post('joint-assessment-agreements')
  @HttpCode(201)
  @ApiCommand(JointAssessmentAgreedV1, "Record the joint assessment's agreed decision with social services' part: continue, reorient or close the itinerary; keep integral support")
  agree(@Param() p: CaseParams, @Body() body: JointAssessmentAgreedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AgreeJointAssessment', data: body }, ctx, body);
  }
}
