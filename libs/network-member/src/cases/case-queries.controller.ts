import { Controller, Get, Headers, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessLog, Ctx, readerOf, redactForReader, RequestContext } from '@inclusion/access';
import { assertMaySeeCase, disclosureFor, PURPOSES, RISK_EVENT_TYPES, riskShownTo } from '@inclusion/domain';
import { CaseKnowledge } from '../knowledge/case-knowledge';
import { CaseParams } from './case-params';
import { CASE_TIMELINE, CASE_VIEW } from './case-view.schema';

/** What this service knows of a case, across institutions: its state and its timeline. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: true, description: `why the data is read: ${PURPOSES.join(', ')} (every read is logged)` })
@Controller('cases')
export class CaseQueriesController {
  constructor(
    private readonly knowledge: CaseKnowledge,
    private readonly accessLog: AccessLog,
  ) {}

  /** The case as the access policy allows this reader to see it for this purpose (403 otherwise, whether or not it exists). */
  private async visibleView(caseId: string, ctx: RequestContext, purpose: string) {
    const view = await this.knowledge.view(caseId);
    assertMaySeeCase(readerOf(ctx), view, purpose);
    return view;
  }

  @Get(':caseId')
  @ApiOperation({ summary: "A case's state as this service knows it (folded from every institution's events)" })
  @ApiOkResponse({ description: 'the case as this reader may see it', content: { 'application/json': { schema: CASE_VIEW } } })
  async state(@Param() params: CaseParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    return this.accessLog.read(ctx, headers, { resource: 'case', resourceId: params.caseId, caseId: params.caseId }, async (purpose) => {
      const view = await this.visibleView(params.caseId, ctx, purpose);
      // The risk of chronification and its proactive proposals are the owner's (and supervisors') only: access-policy.ts assertMaySeeRisk.
      if (riskShownTo(readerOf(ctx), view, purpose)) return view;
      const { risk: _risk, proactiveProposals: _proposals, ...shown } = view; // eslint-disable-line @typescript-eslint/no-unused-vars
      return shown;
    });
  }

  @Get(':caseId/timeline')
  @ApiOperation({ summary: "A case's timeline across institutions: each event with institution, actor, time, causation" })
  @ApiOkResponse({ description: "the case's events, redacted for this reader", content: { 'application/json': { schema: CASE_TIMELINE } } })
  async timeline(@Param() params: CaseParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    return this.accessLog.read(ctx, headers, { resource: 'case-timeline', resourceId: params.caseId, caseId: params.caseId }, async (purpose) => {
      const view = await this.visibleView(params.caseId, ctx, purpose);
      const disclosure = disclosureFor(readerOf(ctx), view, purpose);
      // The risk and its proactive proposals are the owner's (and supervisors'): their events are left out for anyone else.
      const showRisk = riskShownTo(readerOf(ctx), view, purpose);
      const events = (await this.knowledge.timelineWithPlans(params.caseId)).filter((e) => showRisk || !RISK_EVENT_TYPES.includes(e.type)).map((e) => redactForReader(e, disclosure));
      return this.timelineBody(params.caseId, events);
    });
  }

  private timelineBody(caseId: string, events: Awaited<ReturnType<CaseKnowledge['timeline']>>) {
    return {
      caseId,
      events: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        institutionId: e.institutionId,
        actor: e.actor,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        causationId: e.causationId,
        correlationId: e.correlationId,
        streamId: e.streamId,
        payload: e.payload,
      })),
    };
  }
}
