import { BadRequestException, Body, Controller, Get, Header, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { Ctx, INSTITUTION_REGISTRY, InstitutionRegistry, OpenToAllKinds, Public, RequestContext } from '@inclusion/access';
import { Checkpoint, checkpointIsValid, EventStore, KeptCheckpoint, keptWitnessedCheckpoints, verifyAgainstCheckpoints, verifyStream, WitnessedCheckpoint } from '@inclusion/event-store';
import { ApiJsonBody, ApiQueryFrom } from '@inclusion/service-shell';
import { EventBackbone, fetchWitnessed, witnessIdsOf } from '@inclusion/messaging';
import { supervisorsOnly } from './supervisors';

export class VerificationQuery {
  @IsOptional() @Matches(ID, { message: 'institutionId must be an institution id' }) institutionId?: string;
}

export class LogQuery {
  @Matches(ID, { message: 'institutionId must be an institution id' }) institutionId: string;
}

export class ConsistencyQuery extends LogQuery {
  @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) from: number;
  @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) to: number;
}

export class InclusionQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) treeSize?: number;
}

export class EventIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID() eventId: string;
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
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
  ) {}

  /**
   * The checkpoints witnesses cosigned for an institution's log: the copies this store kept
   * (received on the cosignatures topic) and those fetched from each of WITNESS_URLS, so that
   * deleting this store's own rows hides nothing. Every one is verified (witness cosignature,
   * institution signature) before it counts.
   */
  private async witnessedOf(institutionId: string): Promise<{ checkpoints: WitnessedCheckpoint[]; sources: { source: string; checkpoints: number; refused: number; error?: string }[] }> {
    const kept = await keptWitnessedCheckpoints(this.store, institutionId, witnessIdsOf(this.registry));
    const fetched = await Promise.all(this.config.witnessUrls.map((url) => fetchWitnessed(url, institutionId, { registry: this.registry, origin: this.store.logs.originOf(institutionId) })));
    return {
      checkpoints: [...kept.checkpoints, ...fetched.flatMap((f) => f.checkpoints)],
      sources: [
        { source: 'kept', checkpoints: kept.checkpoints.length, refused: kept.refused },
        ...fetched.map((f) => ({ source: f.url, checkpoints: f.checkpoints.length, refused: f.refused, ...(f.error ? { error: f.error } : {}) })),
      ],
    };
  }

  private async checkpointsOf(institutionId: string): Promise<KeptCheckpoint[]> {
    const rows: { sequence: string; head_hash: string; issued_at: Date }[] = await this.store.dataSource.query(
      `SELECT sequence, head_hash, issued_at FROM audit_checkpoints WHERE institution_id = $1 ORDER BY sequence`,
      [institutionId],
    );
    return rows.map((r) => ({ sequence: Number(r.sequence), headHash: r.head_hash, issuedAt: r.issued_at.toISOString() }));
  }

  @Get('verification')
  @ApiQueryFrom(VerificationQuery)
  @ApiOperation({
    summary:
      "Verify every institution log of this store (or one): hash chain, transparency log (signed tree heads), the service's checkpoints, and the witnesses' cosigned checkpoints (kept here and fetched from WITNESS_URLS): intact, or the first broken entry or checkpoint and why",
  })
  async verify(@Query() query: VerificationQuery, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const recorded: { institution_id: string }[] = await this.store.dataSource.query(
      `SELECT institution_id FROM chain_heads UNION SELECT DISTINCT institution_id FROM audit_checkpoints WHERE service = $1 UNION SELECT DISTINCT log_id FROM tlog_cosignatures`,
      [this.config.serviceName],
    );
    // With witnesses to ask, every institution of this service's kind: a log deleted whole still shows.
    const hosted = this.config.witnessUrls.length ? this.registry.all().filter((i) => i.service === this.config.serviceName).map((i) => i.id) : [];
    const institutions = query.institutionId ? [query.institutionId] : [...new Set([...recorded.map((r) => r.institution_id), ...hosted])].sort();
    const reports = [];
    for (const institutionId of institutions) {
      const witnessed = await this.witnessedOf(institutionId);
      const report = await verifyAgainstCheckpoints(this.store, institutionId, await this.checkpointsOf(institutionId), witnessed.checkpoints);
      reports.push({ ...report, witnesses: witnessed.sources });
    }
    return { intact: reports.every((r) => r.intact), reports };
  }

  @Get('log/checkpoint')
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiQueryFrom(LogQuery)
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the signed checkpoint note', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiOperation({
    summary:
      "The latest signed checkpoint of an institution's transparency log (C2SP tlog-checkpoint signed note: origin, tree size, base64 root hash, the institution's signature). No token: it carries only a size and a hash",
  })
  async logCheckpoint(@Query() query: LogQuery) {
    const head = await this.store.logs.tree.latestHead(query.institutionId);
    if (!head) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'LOG.NOT_FOUND', message: `this service keeps no transparency log of ${query.institutionId}` });
    return head.checkpoint;
  }

  @Get('log/consistency')
  @Public()
  @ApiQueryFrom(ConsistencyQuery)
  @ApiOperation({ summary: "RFC 9162 consistency proof between two sizes of an institution's transparency log (base64 hashes; O(log n) stored nodes). No token: only hashes" })
  async logConsistency(@Query() query: ConsistencyQuery) {
    const size = await this.store.logs.tree.treeSize(query.institutionId);
    if (query.from > query.to || query.to > size) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'LOG.BAD_SIZES', message: `need 0 <= from <= to <= ${size} (the log's size)` });
    }
    const proof = await this.store.logs.tree.consistencyProof(query.institutionId, query.from, query.to);
    return { origin: this.store.logs.originOf(query.institutionId), from: query.from, to: query.to, proof: proof.map((h) => h.toString('base64')) };
  }

  @Get('log/inclusion/:eventId')
  @ApiQueryFrom(InclusionQuery)
  @ApiOperation({
    summary:
      "RFC 9162 inclusion proof of one of this store's events in its institution's transparency log, under the latest signed checkpoint (or the one of `treeSize`). Supervisors: it confirms an event id and its position",
  })
  async logInclusion(@Param() p: EventIdParam, @Query() query: InclusionQuery, @Ctx() ctx: RequestContext) {
    supervisorsOnly(ctx);
    const [event] = await this.store.dataSource.query(`SELECT institution_id, institution_sequence, hash FROM events WHERE event_id = $1`, [p.eventId]);
    if (!event) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'EVENT.NOT_FOUND', message: `no event ${p.eventId} in this store` });
    const institutionId: string = event.institution_id;
    const head = query.treeSize ? await this.store.logs.tree.headAt(institutionId, query.treeSize) : await this.store.logs.tree.latestHead(institutionId);
    const sequence = Number(event.institution_sequence);
    if (!head || head.treeSize < sequence) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'LOG.NO_SIGNED_HEAD', message: `no signed tree head of ${institutionId} covers event ${sequence}${query.treeSize ? ` at size ${query.treeSize}` : ''}` });
    }
    const proof = await this.store.logs.proofOnTheWire(institutionId, sequence, head);
    return { eventId: p.eventId, institutionId, hash: event.hash, origin: this.store.logs.originOf(institutionId), ...proof };
  }

  @Post('verification')
  @HttpCode(200)
  @OpenToAllKinds()
  @ApiOperation({ summary: "Verify an institution's log in this store against checkpoints kept elsewhere (the delegation's copy): catches a truncation or rewrite even if this store's own checkpoints were deleted too" })
  @ApiJsonBody(ExternalVerificationBody)
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
