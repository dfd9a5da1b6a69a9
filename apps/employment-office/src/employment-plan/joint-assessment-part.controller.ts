import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JointAssessmentPartRecordedV1 } from '@inclusion/contracts';
import { CaseParams } from '@inclusion/network-member';
import { Ctx, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { EmploymentCommands } from '../employment/employment-commands';

/**
 * The employment office's part of the joint assessment after a Plan de Empleo (valoración
 * conjunta con las Oficinas Emplea): its proposal and reasons, in its own log; social services
 * record the agreed decision with theirs (POST /cases/:caseId/joint-assessment-agreements there).
 */
@ApiTags('employment plan (Plan de Empleo)')
@Controller('cases/:caseId')
export class JointAssessmentPartController {
  constructor(private readonly employment: EmploymentCommands) {}

  @Post('joint-assessment-parts')
  @HttpCode(201)
  @ApiCommand(JointAssessmentPartRecordedV1, "Record this office's part of an open joint assessment: continue, reorient or close the itinerary, integral support")
  part(@Param() p: CaseParams, @Body() body: JointAssessmentPartRecordedV1, @Ctx() ctx: RequestContext) {
    return this.employment.run(p.caseId, { type: 'RecordJointAssessmentPart', data: body }, ctx, body);
  }
}
