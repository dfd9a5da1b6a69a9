import { BadRequestException, Controller, Get, Headers, Inject, Logger, OnModuleDestroy, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { ID } from '@inclusion/contracts';
import { AccessLog, Ctx, readerOf, redactForReader, RequestContext } from '@inclusion/access';
import { assertOwnProgramme, assertSupervisor, disclosureFor, isSupervisor, RISK_EVENT_TYPES } from '@inclusion/domain';
import { ApiQueryFrom, HttpDrain } from '@inclusion/service-shell';
import { LogFilter } from '@inclusion/network-log';
import { NetworkLogFeed } from './network-log.feed';
import { ReadModelQueries } from './read-model-queries';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { StreamSlots } from './stream-limits';

export class StreamQuery {
  @IsOptional() @Matches(ID) programmeId?: string;
  @IsOptional() @Matches(ID) projectId?: string;
  @IsOptional() @Matches(ID) caseId?: string;
  @IsOptional() @Matches(ID) institutionId?: string;
  /** Event types, comma-separated (e.g. training.enrolled,placement.started). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  type?: string[];
  /** Start after this position of the network log (0: from the first event). Last-Event-ID wins. Default: live only. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
}

const PAGE = 200;
const HEARTBEAT_MS = 15_000;

/**
 * Live streams of the network's events as Server-Sent Events: filtered by programme, project,
 * case, institution and type; each event's id is its position in the network log, so a client
 * that reconnects with Last-Event-ID gets everything after it (catch-up), then live events,
 * with nothing missed at the seam (positions become visible in order: see NetworkLog).
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('streams')
export class LiveStreamController implements OnModuleDestroy {
  private readonly logger = new Logger(LiveStreamController.name);
  private readonly open = new Set<ServerResponse>();
  private closing = false;
  /** Caps on open streams per user and institution (429 past them), and the streams' own read pool. */
  private readonly slots: StreamSlots;

  constructor(
    private readonly feed: NetworkLogFeed,
    private readonly queries: ReadModelQueries,
    private readonly accessLog: AccessLog,
    drain: HttpDrain,
    @Inject(SERVICE_CONFIG) config: ResolvedServiceConfig,
  ) {
    this.slots = new StreamSlots(config);
    drain.onDrainStart(() => void this.slots.reads.close());
    // Open streams end as soon as the service starts shutting down (the drain would wait for them).
    drain.onDrainStart(() => this.onModuleDestroy());
  }

  @Get('events')
  @ApiQueryFrom(StreamQuery)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'a Server-Sent Events stream: each event\'s id is its network-log position, its data the event envelope (JSON)', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 429, description: 'too many open streams for this user or institution (STREAMS_PER_USER, STREAMS_PER_INSTITUTION)' })
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'supervision (delegation supervisors), follow-up, assessment or statistics' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this network-log position' })
  @ApiOperation({ summary: "Server-Sent Events: the network's events (filters: programmeId, projectId, caseId, institutionId, type), resumable with Last-Event-ID; the delegation's supervisors see every case, another institution the cases it takes part in" })
  async stream(@Query() query: StreamQuery, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>, @Res() reply: FastifyReply): Promise<void> {
    // The delegation's supervisors follow the whole network; another institution follows the cases it takes part in.
    const delegation = ctx.institutionKind === 'regional-delegation';
    if (delegation) assertSupervisor(readerOf(ctx));
    // A slot per open stream, given back when the response closes (refused, ended, client gone).
    this.slots.limits.acquire(ctx.institutionId, ctx.actor.userId, reply.raw);
    const lastEventId = headers['last-event-id'];
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'REQUEST.INVALID_HEADERS', message: 'The request headers are invalid', problems: [{ field: 'Last-Event-ID', problems: ['Last-Event-ID must be a network-log position (a whole number)'] }] });
    }
    const start = lastEventId !== undefined ? Number(lastEventId) : (query.after ?? (await this.feed.log.head()));
    const filter: LogFilter = { programmeId: query.programmeId, projectId: query.projectId, caseId: query.caseId, institutionId: query.institutionId, types: query.type };
    let disclosure = disclosureFor(readerOf(ctx), {}, 'statistics');
    // A case's risk of chronification and its proactive proposals: for the supervisors and the case's owner (who records them) for the case work only (access-policy.ts assertMaySeeRisk).
    let riskShown: (event: { institutionId: string }) => boolean = () => false;
    await this.accessLog.read(ctx, headers, { resource: 'event-stream', resourceId: JSON.stringify(filter), caseId: query.caseId ?? null }, async (purpose) => {
      if (delegation && query.programmeId) assertOwnProgramme(readerOf(ctx), await this.queries.programme(query.programmeId));
      if (!delegation) filter.participant = ctx.institutionId;
      // As everywhere: a person's withdrawal of consent for this institution and purpose hides their case from then on.
      filter.consentOf = { institutionId: ctx.institutionId, purpose };
      // The delegation holds no person keys: identity reads as protected or withheld; the purpose decides the rest.
      disclosure = disclosureFor(readerOf(ctx), {}, purpose);
      riskShown = (event) => isSupervisor(readerOf(ctx)) || (event.institutionId === ctx.institutionId && purpose !== 'statistics');
    });

    // From here the stream writes on the raw response itself (Fastify leaves it alone).
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    this.open.add(response);
    let connected = true;
    // The response closes when the client goes away (or once it has ended).
    response.on('close', () => {
      connected = false;
    });
    let lastWrite = Date.now();
    const write = async (chunk: string) => {
      lastWrite = Date.now();
      if (!response.write(chunk)) await new Promise<void>((resolve) => response.once('drain', resolve));
    };
    try {
      await write(`retry: 2000\n: streaming after position ${start}\n\n`);
      let last = start;
      while (connected && !this.closing) {
        const page = await this.feed.log.read(last, filter, PAGE, await this.slots.reads.manager());
        for (const { position, event } of page) {
          last = position;
          if (RISK_EVENT_TYPES.includes(event.type) && !riskShown(event)) continue;
          await write(`id: ${position}\nevent: ${event.type}\ndata: ${JSON.stringify({ position, ...redactForReader(event, disclosure) })}\n\n`);
        }
        if (page.length === PAGE) continue;
        await this.feed.listener.wait(HEARTBEAT_MS);
        if (connected && !this.closing && Date.now() - lastWrite >= HEARTBEAT_MS) await write(`: keep-alive ${new Date().toISOString()}\n\n`);
      }
    } catch (error) {
      this.logger.warn(`event stream ended: ${(error as Error).message}`);
    } finally {
      this.open.delete(response);
      response.end();
    }
  }

  /** Ends every open stream at shutdown (clients reconnect with Last-Event-ID elsewhere or later). */
  onModuleDestroy(): void {
    this.closing = true;
    for (const response of this.open) response.end();
    this.open.clear();
  }
}
