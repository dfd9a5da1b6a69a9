import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DateRule } from '@inclusion/contracts';
import { assertMaySeePlan, assertPlanMayReadProgramme } from '@inclusion/domain';
import { Ctx, readerOf, RequestContext } from '@inclusion/access';
import { PlanKnowledge, PlanParams } from '@inclusion/network-member';
import { computeIndicators, evaluateTargets } from '@inclusion/read-models';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { ReadModelQueries } from '../supervision/read-model-queries';

export class PlanEvaluationQuery {
  /** First day of the evaluated period (default: the plan's start). */
  @IsOptional() @DateRule() from?: string;
  /** Last day of the evaluated period (default: the plan's end). */
  @IsOptional() @DateRule() to?: string;
}

/**
 * Phase 3 evaluation and the follow-up commission's figures (phase 4): each target of a
 * territorial plan against the indicator it names, computed from the cases of the plan's
 * programme in the network log (the same indicators as GET /programmes/:id/indicators; their
 * definitions in docs/read-models.md). Shared with the plan's lead and partners (001: results
 * are shared with the partners) and the delegation's staff, and only for a programme the
 * plan's lead created (403 otherwise: naming a programme gives no access to its figures).
 */
@ApiTags('territorial plans')
@Controller('territorial-plans')
export class PlanEvaluationController {
  constructor(
    private readonly plans: PlanKnowledge,
    private readonly queries: ReadModelQueries,
  ) {}

  @Get(':planId/evaluation')
  @ApiQueryFrom(PlanEvaluationQuery)
  @ApiOperation({ summary: "A plan's targets against actuals (the indicators its programme's cases produce), per line, for a period; with the follow-up reviews held" })
  async evaluation(@Param() p: PlanParams, @Query() query: PlanEvaluationQuery, @Ctx() ctx: RequestContext) {
    const plan = await this.plans.view(p.planId);
    assertMaySeePlan(readerOf(ctx), plan);
    const from = (query.from ?? plan.periodStart!).slice(0, 10);
    const to = (query.to ?? plan.periodEnd!).slice(0, 10);
    if (from > to) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'REQUEST.INVALID', message: 'The query is invalid', problems: [{ field: 'to', problems: ['to must not be before from'] }] });
    const programme = await this.queries.programme(plan.programmeId!);
    if (!programme) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'PLAN.PROGRAMME_NOT_FOUND', message: `the plan's programme ${plan.programmeId} is not known (yet) to the network log` });
    assertPlanMayReadProgramme(plan, programme);
    const model = await this.queries.model(programme);
    const now = new Date().toISOString();
    const asOf = `${to}T23:59:59.999Z` < now ? `${to}T23:59:59.999Z` : now;
    const targets = evaluateTargets(
      Object.entries(plan.targets).map(([targetId, t]) => ({ targetId, ...t })),
      plan.objectives,
      (projectId) => computeIndicators(model, { programmeId: plan.programmeId!, projectId, from, to }, asOf),
    );
    const lines = plan.lines.map((line) => {
      const mine = targets.filter((t) => t.line === line);
      return { line, targets: mine.length, met: mine.filter((t) => t.met).length };
    });
    return {
      planId: p.planId,
      name: plan.name,
      programmeId: plan.programmeId,
      phase: plan.phase,
      period: { from, to },
      asOf,
      targets,
      lines,
      reviews: Object.entries(plan.reviews).map(([reviewId, r]) => ({ reviewId, ...r })),
    };
  }
}
