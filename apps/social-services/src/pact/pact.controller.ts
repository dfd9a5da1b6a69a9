import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProactiveProposalAcceptedV1, ProactiveProposalDismissedV1 } from '@inclusion/contracts';
import { assertMaySeeRisk, chronificationRisk, PURPOSES } from '@inclusion/domain';
import { AccessLog, Ctx, readerOf, RequestContext } from '@inclusion/access';
import { CaseKnowledge, CaseParams } from '@inclusion/network-member';
import { apiSchema, ApiCommand } from '@inclusion/service-shell';
import { CaseCommands } from '../cases/case-commands';

const CASE_RISK = apiSchema('CaseRisk', {
  type: 'object',
  required: ['caseId', 'risk', 'recorded', 'proposals'],
  properties: {
    caseId: { type: 'string' },
    risk: {
      type: 'object',
      description: 'the risk of chronification now, with its formula, version, definition, components and inputs (libs/domain/src/pact/chronification-risk.ts)',
      additionalProperties: true,
    },
    recorded: { type: 'object', nullable: true, additionalProperties: true, description: 'the band last recorded on the case (case.risk-band-changed), or null' },
    proposals: { type: 'array', description: 'the proactive proposals and their answers', items: { type: 'object', additionalProperties: true } },
  },
});

/**
 * PACT's proactive detection at the case's owner (the rules: libs/domain/src/pact/): the risk
 * of chronification of any case it owns, enrolled in a programme or not, and the reference
 * technician's answer to the proactive proposals a rise records. docs/pact.md.
 */
@ApiTags('PACT proactive detection')
@Controller('cases/:caseId')
export class PactController {
  constructor(
    private readonly cases: CaseCommands,
    private readonly knowledge: CaseKnowledge,
    private readonly accessLog: AccessLog,
  ) {}

  @Get('risk')
  @ApiHeader({ name: 'X-Purpose', required: true, description: `why the data is read: ${PURPOSES.join(', ')} (every read is logged; not statistics)` })
  @ApiOperation({ summary: "The case's risk of chronification now (formula, components, inputs), the band last recorded and the proactive proposals: the case's owner and the delegation's supervisors" })
  @ApiOkResponse({ description: "the case's risk", content: { 'application/json': { schema: CASE_RISK } } })
  risk(@Param() p: CaseParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    return this.accessLog.read(ctx, headers, { resource: 'case-risk', resourceId: p.caseId, caseId: p.caseId }, async (purpose) => {
      const { view, riskInputs } = await this.knowledge.viewWithRisk(p.caseId);
      assertMaySeeRisk(readerOf(ctx), view, purpose);
      return {
        caseId: p.caseId,
        risk: chronificationRisk(riskInputs, new Date().toISOString()),
        recorded: view.risk ?? null,
        proposals: Object.values(view.proactiveProposals ?? {}),
      };
    });
  }

  @Post('proactive-proposals/acceptances')
  @HttpCode(201)
  @ApiCommand(ProactiveProposalAcceptedV1, 'Accept a proactive proposal (the reference technician): a case-table meeting names the meeting, convened at the case table; an itinerary review names its date')
  accept(@Param() p: CaseParams, @Body() body: ProactiveProposalAcceptedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AcceptProactiveProposal', data: body }, ctx, body);
  }

  @Post('proactive-proposals/dismissals')
  @HttpCode(201)
  @ApiCommand(ProactiveProposalDismissedV1, 'Dismiss a proactive proposal with a reason (the reference technician)')
  dismiss(@Param() p: CaseParams, @Body() body: ProactiveProposalDismissedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'DismissProactiveProposal', data: body }, ctx, body);
  }
}
