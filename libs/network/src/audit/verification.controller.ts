import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { Checkpoint, checkpointIsValid, EventStore, KeptCheckpoint, verifyAgainstCheckpoints, verifyStream } from '@inclusion/event-store';
import { ApiQueryFrom, Ctx, EventBackbone, OpenToAllKinds, RequestContext, SERVICE_CONFIG } from '@inclusion/platform';
import { supervisorsOnly } from './supervisors';

export class VerificationQuery {
  @IsOptional() @Matches(ID, { message: 'institutionId must be an institution id' }) institutionId?: string;
}

export class CheckpointBody implements Checkpoint {
  @Matches(ID) institutionId: string;
  @IsInt() @Min(1) sequence: number;
  @IsString() headHash: string;
  @IsString() publicKey: string;
  @IsString() service: string;
  @IsISO8601() issuedAt: string;
  @IsString() signature: string;
  /** As listed by GET /audit/checkpoints (not signed, ignored). */
  @IsOptional() receivedAt?: string;
}

export class ExternalVerificationBody {
  @Matches(ID, { message: 'institutionId must be an institution id' }) institutionId: string;
  /** Checkpoints kept by another party (the regional delegation's GET /audit/checkpoints?full=true). */
  @IsArray() @ArrayMaxSize(100_000) @ValidateNested({ each: true }) @Type(() => CheckpointBody) checkpoints: CheckpointBody[];
}

/**
 * Tamper evidence on demand: each institution's hash chain and signatures in this service's
 * store, held against the checkpoints the institutions signed before (truncation, rewrite).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class VerificationController {
  constructor(
    private readonly store: EventStore,
    private readonly backbone: EventBackbone,
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
  ) {}

  private async checkpointsOf(institutionId: string): Promise<KeptCheckpoint[]> {
    const rows: { sequence: string; head_hash: string; issued_at: Date }[] = await this.store.dataSource.query(
      `SELECT sequence, head_hash, issued_at FROM audit_checkpoints WHERE institution_id = $1 ORDER BY sequence`,
      [institutionId],
    );
    return rows.map((r) => ({ sequence: Number(r.sequence), headHash: r.head_hash, issuedAt: r.issued_at.toISOString() }));
  }

  @Get('verification')
  @ApiQueryFrom(VerificationQuery)
  @ApiOperation({ summary: 'Verify every institution log of this store (or one): intact, or the first broken point and why' })
  async verify(@Query() query: VerificationQuery, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const recorded: { institution_id: string }[] = await this.store.dataSource.query(
      `SELECT institution_id FROM chain_heads UNION SELECT DISTINCT institution_id FROM audit_checkpoints WHERE service = $1`,
      [this.config.serviceName],
    );
    const institutions = query.institutionId ? [query.institutionId] : recorded.map((r) => r.institution_id).sort();
    const reports = [];
    for (const institutionId of institutions) reports.push(await verifyAgainstCheckpoints(this.store, institutionId, await this.checkpointsOf(institutionId)));
    return { intact: reports.every((r) => r.intact), reports };
  }

  @Post('verification')
  @HttpCode(200)
  @OpenToAllKinds()
  @ApiOperation({ summary: "Verify an institution's log in this store against checkpoints kept elsewhere (the delegation's copy): catches a truncation or rewrite even if this store's own checkpoints were deleted too" })
  async verifyAgainst(@Body() body: ExternalVerificationBody, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const mine = body.checkpoints.filter((c) => c.institutionId === body.institutionId).sort((a, b) => a.sequence - b.sequence);
    const pinned = mine[0]?.publicKey;
    const forged = mine.filter((c) => !checkpointIsValid(c, pinned));
    if (forged.length) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'AUDIT.CHECKPOINT_INVALID', message: `${forged.length} checkpoint(s) are not validly signed by ${body.institutionId}` });
    }
    const report = await verifyAgainstCheckpoints(this.store, body.institutionId, mine.map((c) => ({ sequence: c.sequence, headHash: c.headHash, issuedAt: c.issuedAt })));
    return { intact: report.intact, reports: [report] };
  }

  @Get('verification/streams/:streamId')
  @ApiOperation({ summary: 'Verify one stream: versions complete, each event verified in its institution chain' })
  async verifyOneStream(@Param('streamId') streamId: string, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    return verifyStream(this.store, streamId);
  }

  @Get('checkpoints')
  @ApiQueryFrom(VerificationQuery)
  @ApiOperation({ summary: 'The signed checkpoints this service keeps (its own and those it received)' })
  async checkpoints(@Query() query: VerificationQuery, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const rows = await this.store.dataSource.query(
      `SELECT institution_id AS "institutionId", sequence::int AS sequence, head_hash AS "headHash", public_key AS "publicKey", signature, service,
              to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "issuedAt", received_at AS "receivedAt"
       FROM audit_checkpoints WHERE ($1::text IS NULL OR institution_id = $1) ORDER BY institution_id, sequence`,
      [query.institutionId ?? null],
    );
    return { checkpoints: rows };
  }

  @Post('checkpoints')
  @HttpCode(201)
  @OpenToAllKinds()
  @ApiOperation({ summary: 'Publish signed checkpoints now (they are also published periodically, CHECKPOINT_INTERVAL_MS)' })
  async publish(@Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    await this.backbone.ready(); // the checkpoint producer starts once Kafka answered
    return { published: await this.backbone.checkpoints.publishNow() };
  }
}
