import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { DataSource } from 'typeorm';
import { assertPurposeAllowed, DomainError, Purpose, PURPOSES } from '@inclusion/domain';
import { readerOf, RequestContext } from './request-context';
import { DATA_SOURCE } from '@inclusion/database';

/** Why personal data is read (purpose of use); every read of case data names one. */
export { PURPOSES };
export type { Purpose };

export interface ReadTarget {
  resource: string;
  resourceId: string;
  caseId?: string | null;
}

export interface AccessLogEntry {
  id: number;
  recordedAt: string;
  service: string;
  institutionId: string;
  institutionKind: string;
  userId: string;
  role: string;
  purpose: string | null;
  action: string;
  resource: string;
  resourceId: string;
  caseId: string | null;
  outcome: 'granted' | 'denied';
  reason: string | null;
  correlationId: string | null;
}

export interface AccessLogQuery {
  caseIds?: string[];
  institutionId?: string;
  userId?: string;
  from?: string;
  to?: string;
  after?: number;
  limit?: number;
}

const headerOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Records every read of personal data (granted or denied) in the append-only access_log,
 * and says which purpose a request declared. Supervisors query it; a person can have the
 * report of who read their file and why.
 */
@Injectable()
export class AccessLog {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  private async record(ctx: RequestContext, target: ReadTarget, purpose: string | null, outcome: 'granted' | 'denied', reason: string | null) {
    await this.dataSource.query(
      `INSERT INTO access_log (service, institution_id, institution_kind, user_id, role, purpose, action, resource, resource_id, case_id, outcome, reason, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'read', $7, $8, $9, $10, $11, $12)`,
      [this.config.serviceName, ctx.institutionId, ctx.institutionKind ?? 'unknown', ctx.actor.userId, ctx.actor.role, purpose, target.resource, target.resourceId, target.caseId ?? null, outcome, reason, ctx.correlationId],
    );
  }

  /**
   * Runs a read of personal data: checks the declared purpose (X-Purpose; 400 without one),
   * lets `authorise` refuse (its 403 is logged as denied), logs the granted read, returns it.
   */
  async read<T>(ctx: RequestContext, headers: Record<string, string | string[] | undefined>, target: ReadTarget, work: (purpose: Purpose) => Promise<T>): Promise<T> {
    const purpose = headerOf(headers['x-purpose']);
    if (!purpose || !(PURPOSES as readonly string[]).includes(purpose)) {
      await this.record(ctx, target, purpose ?? null, 'denied', 'no valid purpose');
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        code: 'ACCESS.PURPOSE_REQUIRED',
        message: `reading case data needs a purpose: header X-Purpose, one of ${PURPOSES.join(', ')}`,
        problems: [{ field: 'X-Purpose', problems: [`must be one of ${PURPOSES.join(', ')}`] }],
      });
    }
    try {
      assertPurposeAllowed(readerOf(ctx), purpose);
      const result = await work(purpose as Purpose);
      await this.record(ctx, target, purpose, 'granted', null);
      return result;
    } catch (error) {
      const code =
        error instanceof DomainError && error.kind === 'forbidden'
          ? error.code
          : error instanceof ForbiddenException
            ? ((error.getResponse() as { code?: string }).code ?? 'forbidden')
            : null;
      if (code) await this.record(ctx, target, purpose, 'denied', code === 'ACCESS.DENIED' ? 'no part in the case' : code === 'ACCESS.PURPOSE_NOT_ALLOWED' ? 'supervision is for supervisors' : code);
      throw error;
    }
  }

  async query(q: AccessLogQuery): Promise<{ entries: AccessLogEntry[]; next: number | null }> {
    const where: string[] = ['id > $1'];
    const params: unknown[] = [q.after ?? 0];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (q.caseIds) add('case_id = ANY(?)', q.caseIds);
    if (q.institutionId) add('institution_id = ?', q.institutionId);
    if (q.userId) add('user_id = ?', q.userId);
    if (q.from) add('recorded_at >= ?', q.from);
    if (q.to) add('recorded_at < ?', q.to);
    const limit = Math.min(q.limit ?? 100, 1000);
    params.push(limit + 1);
    const rows = await this.dataSource.query(`SELECT * FROM access_log WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`, params);
    const entries: AccessLogEntry[] = rows.slice(0, limit).map((r: Record<string, unknown>) => ({
      id: Number(r.id),
      recordedAt: (r.recorded_at as Date).toISOString(),
      service: r.service,
      institutionId: r.institution_id,
      institutionKind: r.institution_kind,
      userId: r.user_id,
      role: r.role,
      purpose: r.purpose,
      action: r.action,
      resource: r.resource,
      resourceId: r.resource_id,
      caseId: r.case_id,
      outcome: r.outcome,
      reason: r.reason,
      correlationId: r.correlation_id,
    }));
    return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
  }
}
