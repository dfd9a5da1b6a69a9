import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ID } from '@inclusion/contracts';
import { AuditTrail, supervisorsOnly, trailToCsv, trailToJsonLines } from '@inclusion/network-member';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';

export class TrailQuery {
  @IsOptional() @Matches(ID) caseId?: string;
  @IsOptional() @Matches(ID) projectId?: string;
  @IsOptional() @Matches(ID) programmeId?: string;
  /** A table's trail: table-<tableId>; any stream id works. */
  @IsOptional() @Matches(ID) streamId?: string;
  @IsOptional() @Matches(ID) institutionId?: string;
  @IsOptional() @Matches(ID) actorId?: string;
  @IsOptional() @IsString() @Length(1, 200) type?: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'after must be the next cursor of a previous page' }) after?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @IsOptional() @IsIn(['json', 'jsonl', 'csv']) format?: 'json' | 'jsonl' | 'csv';
}

/**
 * The audit trail for supervisors: who did what, when, on whose behalf and because of what,
 * across every institution, for a case, a table (stream), a project or a programme.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/trail')
export class AuditTrailController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @ApiQueryFrom(TrailQuery)
  @ApiOperation({ summary: 'The trail (filters: caseId, projectId, programmeId, streamId, institutionId, actorId, type, from, to; paged by `after`); format=jsonl or csv exports every matching record' })
  async list(@Query() query: TrailQuery, @Ctx() ctx: RequestContext, @Res({ passthrough: true }) response: FastifyReply) {
    supervisorsOnly(ctx);
    const { format = 'json', ...filter } = query;
    if (format === 'json') return this.trail.query(filter);
    const { records } = await this.trail.query({ ...filter, after: undefined, limit: 100_000 }, 100_000);
    response.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    response.header('content-disposition', `attachment; filename="audit-trail.${format}"`);
    return format === 'csv' ? trailToCsv(records) : trailToJsonLines(records);
  }
}
