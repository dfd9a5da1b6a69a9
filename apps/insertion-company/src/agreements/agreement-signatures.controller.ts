import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CompanySignatureBody } from '@inclusion/contracts';
import { AGREEMENT_SIGNATURES } from '@inclusion/domain';
import { CaseParams, CaseRecorder } from '@inclusion/network-member';
import { Ctx, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';

/**
 * The company signs the insertion agreement in its own log, at its own service (stream
 * agreement-signatures-<caseId>@insertion-company), once the agreement social services drew up
 * naming it has reached it; its signature reaches social services through Kafka. Social services
 * sign, and record the person's signature with its evidence, at their own service.
 */
@ApiTags('insertion agreements')
@Controller('cases/:caseId/agreement-signatures')
export class AgreementSignaturesController {
  constructor(private readonly recorder: CaseRecorder) {}

  @Post()
  @HttpCode(201)
  @ApiCommand(CompanySignatureBody, "Sign, for this company, the insertion agreement social services drew up naming it (acuerdo de inserción): the agreement is complete with social services' and the person's signatures")
  sign(@Param() p: CaseParams, @Body() body: CompanySignatureBody, @Ctx() ctx: RequestContext) {
    return this.recorder.record(AGREEMENT_SIGNATURES, p.caseId, p.caseId, { type: 'SignAgreementAsCompany', data: body }, ctx, body);
  }
}
