import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { SendContributionInput } from '@inclusion/contracts';
import { openDraft, PlanState, TERRITORIAL_PLAN } from '@inclusion/domain';
import { Public, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { CommandResult, RecordCommand } from '@inclusion/commands';
import { ContributionLimits } from './contribution-limits';
import { PlanKnowledge } from './plan-knowledge';
import { PlanParams } from './territorial-plans.controller';
import { CONSULTATION_PAGE_CSP, consultationPage } from './consultation-page';

const noDraft = (planId: string) =>
  new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'PLAN.NO_PUBLIC_DRAFT', message: `no draft of plan ${planId} is published here` });

/** What anyone may read of a plan under consultation: the current draft and the answers given (never who contributed). */
export function publicDraft(planId: string, plan: PlanState) {
  const current = plan.drafts[plan.drafts.length - 1];
  const open = openDraft(plan);
  return {
    planId,
    name: plan.name,
    lead: plan.lead,
    draftVersion: current.draftVersion,
    text: current.text,
    openUntil: current.openUntil,
    open: !!open,
    incorporates: current.incorporates,
    contributions: Object.entries(plan.contributions).map(([contributionId, c]) => ({
      contributionId, draftVersion: c.draftVersion, receivedOn: c.receivedOn, outcome: c.outcome ?? null, answer: c.answer ?? null, incorporatedIn: c.incorporatedIn ?? null,
    })),
  };
}

/**
 * The plan office's public page (002: "Sito dell'Ufficio di Piano: possibilità di inviare
 * contributi e consultare bozza del documento"): no token needed to read the current draft and
 * send a contribution. The plan's lead records each contribution in its own log, signed by its
 * own key; the contributor's personal data is encrypted with a key of their own
 * (contributor-<contributionId>). Limits: the body rules (text up to 4000 characters), and
 * ContributionLimits per client address and per plan (429).
 */
@ApiTags('territorial plans: public consultation')
@Controller('public/territorial-plans')
export class PublicConsultationController {
  private readonly limits = new ContributionLimits();

  constructor(
    private readonly bus: CommandBus,
    private readonly plans: PlanKnowledge,
  ) {}

  /** The plan, when it is led from this service and has a draft. */
  private async published(planId: string): Promise<PlanState> {
    const plan = await this.plans.view(planId);
    if (!plan.drafts.length || !(await this.plans.ledHere(planId, plan))) throw noDraft(planId);
    return plan;
  }

  @Get(':planId/draft')
  @Public()
  @ApiOperation({ summary: 'Public (no token): the current draft of a plan under consultation, and the answers to the contributions' })
  async draft(@Param() p: PlanParams) {
    return publicDraft(p.planId, await this.published(p.planId));
  }

  @Get(':planId')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', CONSULTATION_PAGE_CSP)
  @Header('referrer-policy', 'no-referrer')
  @ApiOperation({ summary: 'Public (no token): the consultation page of a plan (reads the draft, sends a contribution)' })
  async page(@Param() p: PlanParams): Promise<string> {
    return consultationPage(publicDraft(p.planId, await this.published(p.planId)));
  }

  @Post(':planId/contributions')
  @Public()
  @HttpCode(201)
  @ApiCommand(SendContributionInput, 'Public (no token): send a contribution to the open draft; the plan office answers it on this page')
  async contribute(@Param() p: PlanParams, @Body() body: SendContributionInput, @Req() request: FastifyRequest) {
    const plan = await this.published(p.planId);
    this.limits.take(request.ip ?? request.socket.remoteAddress ?? 'unknown', p.planId);
    const contributionId = uuidv7();
    // The plan office (the lead) records what the public page received, in its own log.
    const ctx: RequestContext = {
      institutionId: plan.lead!,
      actor: { userId: 'public-consultation-page', role: 'system', onBehalfOf: null },
      correlationId: uuidv7(),
      method: request.method,
      path: request.originalUrl,
    };
    const result: CommandResult = await this.bus.execute(new RecordCommand(TERRITORIAL_PLAN, p.planId, { type: 'ReceiveContribution', data: { ...body, contributionId } }, ctx, body, {
      knowledge: async (tx) => ({ planId: p.planId, plan: await this.plans.view(p.planId, tx) }),
    }));
    const received = result.events[0]?.payload as { draftVersion: number; receivedOn: string };
    return { contributionId, draftVersion: received.draftVersion, receivedOn: received.receivedOn };
  }
}
