import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { AccessLog, Ctx, RequestContext } from '@inclusion/access';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { EventLookups, EventStore } from '@inclusion/event-store';
import { ForeignEvents } from '../knowledge/foreign-events';
import { supervisorsOnly } from '../audit/supervisors';

export class AccessLogFilter {
  @IsOptional() @Matches(ID) caseId?: string;
  @IsOptional() @Matches(ID) institutionId?: string;
  @IsOptional() @Matches(ID) userId?: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** The service's access log, for the regional delegation's supervisors. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('access-log')
export class AccessLogController {
  private readonly lookups: EventLookups;

  constructor(
    private readonly accessLog: AccessLog,
    private readonly foreign: ForeignEvents,
    store: EventStore,
  ) {
    this.lookups = new EventLookups(store.dataSource);
  }

  @Get()
  @ApiQueryFrom(AccessLogFilter)
  @ApiOperation({ summary: 'Reads of personal data on this service (who, institution, role, what, when, purpose, outcome), filtered and paged (next = `after`)' })
  list(@Query() filter: AccessLogFilter, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    return this.accessLog.query({ ...filter, caseIds: filter.caseId ? [filter.caseId] : undefined });
  }

  @Get('persons/:personId')
  @ApiQueryFrom(AccessLogFilter)
  @ApiOperation({ summary: 'The report a person is entitled to: who read their file on this service, when and why' })
  async person(@Param('personId') personId: string, @Query() filter: AccessLogFilter, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const cases = [...new Set([...(await this.lookups.casesOfPerson(personId)), ...(await this.foreign.casesOfPerson(personId))])];
    const report = await this.accessLog.query({ ...filter, caseIds: cases });
    return { personId, cases, ...report };
  }
}
