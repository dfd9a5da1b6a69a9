import { planEventForCase, planStreamsOfCase } from '@inclusion/domain';
import { Controller, Get, Headers, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { AccessLog, Ctx, INSTITUTION_REGISTRY, InstitutionRegistry, readerOf, redactForReader, RequestContext } from '@inclusion/access';
import { assertMaySeeCase, assertSupervisor, disclosureFor } from '@inclusion/domain';
import { CaseFacts } from '@inclusion/read-models';
import { EventVerifier } from '@inclusion/messaging';
import { causalOrder } from '@inclusion/network-member';
import { NetworkLogFeed } from './network-log.feed';

export class CaseParam {
  @ApiProperty({ example: 'case-0001' })
  @Matches(ID, { message: 'caseId must be an id' }) caseId: string;
}

const PLAN_LEVEL_TYPES = ['employment-plan.opened', 'employment-plan.preparatory-meeting-held', 'employment-plan.start-assembly-held'] as const;

/**
 * A case's trail across institutions for supervisors: every event the network recorded about
 * the case, in causal order (the order the delegation received them, except that an event
 * never comes before its cause: topics arrive in either order), each with its network-log
 * position, who recorded it (institution, actor, on whose behalf), what caused it, and
 * whether its hash and signature verify.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/cases')
export class CaseTimelineController {
  constructor(
    private readonly feed: NetworkLogFeed,
    private readonly accessLog: AccessLog,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
  ) {}

  @Get(':caseId/timeline')
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'supervision' })
  @ApiOperation({ summary: "A case's timeline across institutions: institution, actor, causation and verification status of each event, with the case's facts and risk" })
  async timeline(@Param() p: CaseParam, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    assertSupervisor(readerOf(ctx));
    return this.accessLog.read(ctx, headers, { resource: 'case-timeline', resourceId: p.caseId, caseId: p.caseId }, async (purpose) => {
      const facts = await this.feed.log.document<CaseFacts>('case-facts', p.caseId);
      if (facts && facts.status !== 'unknown') assertMaySeeCase(readerOf(ctx), facts, purpose);
      const disclosure = disclosureFor(readerOf(ctx), facts ?? {}, purpose);
      const verifier = new EventVerifier(this.registry);
      const entries = [];
      const logged = [];
      for await (const entry of this.feed.log.all({ filter: { caseId: p.caseId } })) logged.push(entry);
      // The plan-level Plan de Empleo events that concern the case (its plan's opening and preparatory meetings, the assembly it attended).
      const plans = planStreamsOfCase(logged.map(({ event }) => event));
      if (plans.length > 0) {
        for await (const entry of this.feed.log.all({ filter: { types: [...PLAN_LEVEL_TYPES], streamIds: plans } })) {
          const shown = planEventForCase(entry.event, p.caseId);
          if (shown) logged.push({ ...entry, event: shown });
        }
      }
      logged.sort((a, b) => a.position - b.position);
      for (const { position, event, sent } of logged) {
        entries.push({
          position,
          eventId: event.eventId,
          type: event.type,
          institutionId: event.institutionId,
          actor: event.actor,
          occurredAt: event.occurredAt,
          recordedAt: event.recordedAt,
          streamId: event.streamId,
          causationId: event.causationId,
          correlationId: event.correlationId,
          payload: redactForReader(event, disclosure).payload,
          verification: await verifier.verify(sent),
        });
      }
      if (!facts && entries.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'CASE.NOT_FOUND', message: `the network has recorded nothing about case ${p.caseId}` });
      return { caseId: p.caseId, facts, entries: causalOrder(entries) };
    });
  }
}
