import { BadRequestException, Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { assertDelegationStaff, assertOwnProgramme, assertSupervisor, consentWithdrawn } from '@inclusion/domain';
import { AccessLog, Ctx, readerOf, RequestContext } from '@inclusion/access';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { CaseFacts, ComplianceParameters, ProgrammeFacts, computeIndicators, DEFAULT_COMPLIANCE_PARAMETERS, evaluateCompliance, ReportScope, withholdCases } from '@inclusion/read-models';
import { ReadModelQueries } from './read-model-queries';
import { NetworkLogFeed } from './network-log.feed';

export class ProgrammeParam {
  @ApiProperty({ example: 'plan-empleo-albacete-2026' })
  @Matches(ID, { message: 'programmeId must be an id' }) programmeId: string;
}

export class ReportQuery {
  @IsOptional() @Matches(ID) projectId?: string;
  @IsOptional() @Matches(ID) institutionId?: string;
  /** First day of the period (inclusive). */
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  /** Last day of the period (inclusive). */
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  /** The moment the report is evaluated at (default: now, or the end of `to` if earlier). */
  @IsOptional() @IsISO8601({ strict: true }) asOf?: string;
}

export class ComplianceQuery extends ReportQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365) technicianWithinDays?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365) diagnosisWithinDays?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(365) followUpEveryDays?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(8760) acknowledgeWithinHours?: number;
}

export class RiskQuery {
  @IsOptional() @IsIn(['low', 'medium', 'high']) band?: 'low' | 'medium' | 'high';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

function scopeOf(programmeId: string, query: ReportQuery): { scope: ReportScope; asOf: string } {
  if (query.from && query.to && query.from.slice(0, 10) > query.to.slice(0, 10)) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'REQUEST.INVALID', message: 'The query is invalid', problems: [{ field: 'to', problems: ['to must not be before from'] }] });
  }
  const now = new Date().toISOString();
  const endOfPeriod = query.to ? `${query.to.slice(0, 10)}T23:59:59.999Z` : undefined;
  const asOf = query.asOf ?? (endOfPeriod && endOfPeriod < now ? endOfPeriod : now);
  const { projectId, institutionId, from, to } = query;
  return { scope: { programmeId, projectId, institutionId, from: from?.slice(0, 10), to: to?.slice(0, 10) }, asOf };
}

/**
 * What supervisors look at: a programme's indicators, its evaluation cuts (compliance) and
 * the risk of chronification of its cases, all read from the projections of the network log.
 * Aggregate indicators are open to the delegation's supervisors and coordinators; anything
 * that lists cases is a read of case data (supervisors, X-Purpose, access log).
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller()
export class SupervisionController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly feed: NetworkLogFeed,
    private readonly accessLog: AccessLog,
  ) {}

  private async ownProgramme(programmeId: string, ctx: RequestContext): Promise<ProgrammeFacts> {
    const programme = await this.queries.programme(programmeId);
    assertOwnProgramme(readerOf(ctx), programme);
    return programme!;
  }

  @Get('programmes/:programmeId/indicators')
  @ApiQueryFrom(ReportQuery)
  @ApiOperation({ summary: "A programme's indicators (people attended by gender, age band and incidence group; diagnoses; funnel; trainings; placements and contracts; transitions to the ordinary labour market; incidents; meetings; overdue actions), for a project, an institution and a period" })
  async indicators(@Param() p: ProgrammeParam, @Query() query: ReportQuery, @Ctx() ctx: RequestContext) {
    assertDelegationStaff(readerOf(ctx));
    const programme = await this.ownProgramme(p.programmeId, ctx);
    const { scope, asOf } = scopeOf(p.programmeId, query);
    return { programme: { programmeId: programme.programmeId, name: programme.name, periodStart: programme.periodStart, periodEnd: programme.periodEnd }, ...computeIndicators(await this.queries.model(programme), scope, asOf) };
  }

  @Get('programmes/:programmeId/compliance')
  @ApiQueryFrom(ComplianceQuery)
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'supervision' })
  @ApiOperation({ summary: 'Evaluation cuts: each compliance rule with its definition, per institution, with the offending cases listed' })
  async compliance(@Param() p: ProgrammeParam, @Query() query: ComplianceQuery, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    assertSupervisor(readerOf(ctx));
    return this.accessLog.read(ctx, headers, { resource: 'programme-compliance', resourceId: p.programmeId }, async (purpose) => {
      const programme = await this.ownProgramme(p.programmeId, ctx);
      const { scope, asOf } = scopeOf(p.programmeId, query);
      const parameters: ComplianceParameters = { ...DEFAULT_COMPLIANCE_PARAMETERS };
      for (const name of Object.keys(parameters) as (keyof ComplianceParameters)[]) parameters[name] = query[name] ?? parameters[name];
      const model = await this.queries.model(programme);
      // Counted, but not named: the cases whose person withdrew consent for this reader and purpose.
      const hidden = new Set(model.cases.filter((c) => consentWithdrawn(c, ctx.institutionId, purpose)).map((c) => c.caseId));
      return withholdCases(evaluateCompliance(model, scope, asOf, parameters), (caseId) => hidden.has(caseId));
    });
  }

  @Get('programmes/:programmeId/risk')
  @ApiQueryFrom(RiskQuery)
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'supervision' })
  @ApiOperation({ summary: "The risk of chronification of the programme's cases, highest first, each with its formula, version, components and inputs" })
  async risk(@Param() p: ProgrammeParam, @Query() query: RiskQuery, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    assertSupervisor(readerOf(ctx));
    return this.accessLog.read(ctx, headers, { resource: 'programme-risk', resourceId: p.programmeId }, async (purpose) => {
      const programme = await this.ownProgramme(p.programmeId, ctx);
      const cases = [...(await this.feed.log.documents<CaseFacts>('case-facts', programme.programmeId)).values()]
        .filter((c) => !consentWithdrawn(c, ctx.institutionId, purpose))
        .filter((c) => c.risk && (!query.band || c.risk.band === query.band))
        .sort((a, b) => b.risk!.score - a.risk!.score || a.caseId.localeCompare(b.caseId))
        .slice(0, query.limit ?? 100);
      return { programmeId: programme.programmeId, cases: cases.map((c) => ({ caseId: c.caseId, projectId: c.projectId ?? null, status: c.status, risk: c.risk })) };
    });
  }

  @Get('supervision/projections')
  @ApiOperation({ summary: "The read models' versions and positions against the network log's head" })
  async projections(@Ctx() ctx: RequestContext) {
    assertDelegationStaff(readerOf(ctx));
    return this.feed.log.status();
  }
}
