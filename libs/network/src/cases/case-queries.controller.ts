import { Controller, Get, Param } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '@inclusion/platform';
import { CaseKnowledge } from '../knowledge/case-knowledge';
import { CaseParams } from './case-params';

/** What this service knows of a case, across institutions: its state and its timeline. */
@ApiTags('cases')
@ApiHeader({ name: 'X-Institution-Id', required: true })
@ApiHeader({ name: 'X-Actor-Id', required: true })
@ApiHeader({ name: 'X-Actor-Role', required: true })
@Controller('cases')
export class CaseQueriesController {
  constructor(private readonly knowledge: CaseKnowledge) {}

  @Get(':caseId')
  @ApiOperation({ summary: "A case's state as this service knows it (folded from every institution's events)" })
  async state(@Param() params: CaseParams, @Ctx() _ctx: RequestContext) {
    return this.knowledge.view(params.caseId);
  }

  @Get(':caseId/timeline')
  @ApiOperation({ summary: "A case's timeline across institutions: each event with institution, actor, time, causation" })
  async timeline(@Param() params: CaseParams, @Ctx() _ctx: RequestContext) {
    const events = await this.knowledge.timeline(params.caseId);
    return {
      caseId: params.caseId,
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
