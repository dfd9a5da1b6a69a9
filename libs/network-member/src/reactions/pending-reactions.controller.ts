import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';
import { DATA_SOURCE } from '@inclusion/database';
import { DataSource } from 'typeorm';
import { supervisorsOnly } from '../audit/supervisors';

export class PendingReactionsQuery {
  @IsOptional() @Matches(ID, { message: 'caseId must be an id' }) caseId?: string;
  @IsOptional() @IsIn(['waiting', 'resolved']) status?: 'waiting' | 'resolved';
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) after?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** Reactions waiting for an institution to name (the refusals that name one are `reaction.refused` events in the trail). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/pending-reactions')
export class PendingReactionsController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
  @ApiQueryFrom(PendingReactionsQuery)
  @ApiOperation({ summary: 'Reactions waiting for what their case needs (the case, or an employment office taking part, not known here yet), resolved ones with their time; paged (next = `after`)' })
  async list(@Query() query: PendingReactionsQuery, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const limit = query.limit ?? 100;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM pending_reactions WHERE id > $1 AND ($2::text IS NULL OR case_id = $2)
         AND ($3::text IS NULL OR (resolved_at IS NULL) = ($3 = 'waiting')) ORDER BY id LIMIT $4`,
      [query.after ?? 0, query.caseId ?? null, query.status ?? null, limit + 1],
    );
    const entries = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      waitingSince: (r.waiting_since as Date).toISOString(),
      resolvedAt: r.resolved_at ? (r.resolved_at as Date).toISOString() : null,
      reaction: r.reaction,
      causeEventId: r.cause_event_id,
      causeType: r.cause_type,
      caseId: r.case_id,
      code: r.code,
      reason: r.reason,
    }));
    return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
  }
}
