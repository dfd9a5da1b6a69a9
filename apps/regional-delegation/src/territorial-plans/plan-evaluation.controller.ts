import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DateRule } from '@inclusion/contracts';
import { assertMaySeePlan, assertPlanMayReadProgramme, DomainError, PlanState } from '@inclusion/domain';
import { Ctx, readerOf, RequestContext } from '@inclusion/access';
import { PlanKnowledge, PlanParams, planView } from '@inclusion/network-member';
import { computeIndicators, evaluateTargets, planActionStatus, TargetEvaluation } from '@inclusion/read-models';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { ReadModelQueries } from '../supervision/read-model-queries';

export class PlanEvaluationQuery {
  /** First day of the evaluated period (default: the plan's start). */
  @IsOptional() @DateRule() from?: string;
  /** Last day of the evaluated period (default: the plan's end). */
  @IsOptional() @DateRule() to?: string;
}

/** Targets against actuals for the dashboard; without actuals (null) when the programme's figures are not readable. */
interface DashboardFigures {
  period: { from: string; to: string };
  asOf: string;
  targets: (Omit<TargetEvaluation, 'actual' | 'met' | 'progress'> & { actual: number | null; met: boolean | null; progress: number | null })[];
  lines: { line: string; targets: number; met: number }[];
  unavailable?: string;
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
    const x = await this.evaluate(plan, query);
    return {
      planId: p.planId,
      name: plan.name,
      programmeId: plan.programmeId,
      phase: plan.phase,
      period: x.period,
      asOf: x.asOf,
      targets: x.targets,
      lines: x.lines,
      reviews: Object.entries(plan.reviews).map(([reviewId, r]) => ({ reviewId, ...r })),
    };
  }

  @Get(':planId/dashboard')
  @ApiQueryFrom(PlanEvaluationQuery)
  @ApiOperation({
    summary: "A plan's dashboard: phase and its history, lines with objectives and targets against actuals, actions (completed, overdue), the agreement's signatures and the mayors' vote, the plan office, consultation contributions and their answers (lead, partners, delegation staff)",
  })
  async dashboard(@Param() p: PlanParams, @Query() query: PlanEvaluationQuery, @Ctx() ctx: RequestContext) {
    const plan = await this.plans.view(p.planId);
    assertMaySeePlan(readerOf(ctx), plan);
    // The programme's figures only for a programme the plan's lead created (a municipality-led plan
    // measured on the delegation's programme shows its targets without actuals).
    let x: DashboardFigures;
    try {
      x = await this.evaluate(plan, query);
    } catch (error) {
      const code = error instanceof DomainError ? error.code : (error as { response?: { code?: string } }).response?.code;
      if (code !== 'ACCESS.DENIED' && code !== 'PLAN.PROGRAMME_NOT_FOUND') throw error;
      const targets = Object.entries(plan.targets).map(([targetId, t]) => ({ targetId, ...t, line: plan.objectives[t.objectiveId]?.line ?? null, actual: null, met: null, progress: null }));
      x = {
        period: { from: (query.from ?? plan.periodStart!).slice(0, 10), to: (query.to ?? plan.periodEnd!).slice(0, 10) },
        asOf: new Date().toISOString(),
        targets,
        lines: plan.lines.map((line) => ({ line, targets: targets.filter((t) => t.line === line).length, met: 0 })),
        unavailable: code,
      };
    }
    const view = planView(p.planId, plan);
    const lastReview = view.reviews.sort((a, b) => a.heldOn.localeCompare(b.heldOn)).pop() ?? null;
    return {
      planId: p.planId,
      name: plan.name,
      lead: plan.lead,
      partners: plan.partners,
      programmeId: plan.programmeId,
      phase: plan.phase,
      phases: plan.phases,
      period: x.period,
      asOf: x.asOf,
      /** Whether targets carry actuals: not when the programme is not (yet) known here or was not created by the plan's lead. */
      figures: x.unavailable ? { available: false, reason: x.unavailable } : { available: true },
      lines: plan.lines.map((line) => ({
        ...(x.lines.find((l) => l.line === line) ?? { line, targets: 0, met: 0 }),
        objectives: Object.entries(plan.objectives).filter(([, o]) => o.line === line).map(([objectiveId, o]) => ({
          objectiveId,
          kind: o.kind,
          text: o.text,
          targets: x.targets.filter((t) => t.objectiveId === objectiveId),
        })),
      })),
      actions: planActionStatus(view.actions, x.asOf),
      approval: view.approval,
      office: view.office,
      consultation: {
        drafts: view.participation.drafts.map((d) => ({ draftVersion: d.draftVersion, openUntil: d.openUntil, closedOn: d.closedOn ?? null, incorporates: d.incorporates })),
        contributions: view.participation.contributions,
        answered: view.participation.contributions.filter((c) => c.outcome).length,
        unanswered: view.participation.contributions.filter((c) => !c.outcome).length,
      },
      lastReview,
    };
  }

  /** Each target against its actual for the period (default: the plan's), from the network log's read models of the plan's programme. */
  private async evaluate(plan: PlanState, query: PlanEvaluationQuery) {
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
    return { period: { from, to }, asOf, targets, lines };
  }
}
