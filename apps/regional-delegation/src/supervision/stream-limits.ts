import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { openDatabase } from '@inclusion/database';
import { DataSource, EntityManager } from 'typeorm';

export interface StreamCaps {
  /** Open streams one user (institution + subject of the token) may have: STREAMS_PER_USER. */
  perUser: number;
  /** Open streams the users of one institution may have together: STREAMS_PER_INSTITUTION. */
  perInstitution: number;
}

/** 429 with a JSON body that names the limit reached. */
export class TooManyStreamsException extends HttpException {
  constructor(message: string) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', code: 'STREAMS.TOO_MANY', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** Something that tells when it is over (an HTTP response: 'close' fires once it is answered or its connection died). */
interface Closable {
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Counts the open live streams per user and per institution and refuses one more past the
 * caps (429 naming the cap), so that one technician's fifty tabs cannot hold the service's
 * resources. A slot is held from `acquire` until released: explicitly, or when the response
 * it was taken for closes (answered, refused, ended, or its client gone), whichever first.
 */
export class StreamLimits {
  private readonly byUser = new Map<string, number>();
  private readonly byInstitution = new Map<string, number>();

  constructor(private readonly caps: StreamCaps) {}

  /** Open streams of a user (or, without userId, of an institution). */
  open(institutionId: string, userId?: string): number {
    return userId === undefined ? (this.byInstitution.get(institutionId) ?? 0) : (this.byUser.get(`${institutionId}\u0000${userId}`) ?? 0);
  }

  /** Takes a slot or throws TooManyStreamsException; returns its release (idempotent). */
  acquire(institutionId: string, userId: string, until?: Closable): () => void {
    const user = `${institutionId}\u0000${userId}`;
    if (this.open(institutionId, userId) >= this.caps.perUser) {
      throw new TooManyStreamsException(`user ${userId} of ${institutionId} already has ${this.caps.perUser} open event streams, the most one user may have (STREAMS_PER_USER=${this.caps.perUser}); close one first`);
    }
    if (this.open(institutionId) >= this.caps.perInstitution) {
      throw new TooManyStreamsException(`${institutionId} already has ${this.caps.perInstitution} open event streams, the most one institution may have (STREAMS_PER_INSTITUTION=${this.caps.perInstitution}); close one first`);
    }
    this.byUser.set(user, this.open(institutionId, userId) + 1);
    this.byInstitution.set(institutionId, this.open(institutionId) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const users = this.open(institutionId, userId) - 1;
      const institutions = this.open(institutionId) - 1;
      if (users > 0) this.byUser.set(user, users);
      else this.byUser.delete(user);
      if (institutions > 0) this.byInstitution.set(institutionId, institutions);
      else this.byInstitution.delete(institutionId);
    };
    until?.once('close', release);
    return release;
  }
}

/**
 * The live streams' own small connection pool (STREAM_READ_CONNECTIONS, default 2), opened
 * on first use: their catch-up and live reads queue among themselves there and never take a
 * connection that commands, queries and /health need from the service's pool. Their waiting
 * is on the network log's one LISTEN connection (NetworkLogFeed), not on either pool.
 */
export class StreamReads {
  private readonly logger = new Logger(StreamReads.name);
  private opening?: Promise<DataSource>;
  private closed = false;

  constructor(private readonly config: Pick<ResolvedServiceConfig, 'databaseUrl' | 'databaseSchema' | 'serviceName' | 'streams'>) {}

  /** The manager to read with (opens the pool on first use; retried after a failure). */
  async manager(): Promise<EntityManager> {
    if (this.closed) throw new Error('the service is shutting down');
    this.opening ??= openDatabase({
      url: this.config.databaseUrl,
      schema: this.config.databaseSchema,
      applicationName: `streams:${this.config.serviceName}:${this.config.databaseSchema}`.slice(0, 63),
      poolSize: this.config.streams.readConnections,
    }).catch((error: Error) => {
      this.opening = undefined;
      throw error;
    });
    return (await this.opening).manager;
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    const dataSource = await opening?.catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy().catch((error: Error) => this.logger.warn(`closing the streams' pool: ${error.message}`));
  }
}

/** What the live-stream controller holds: the caps and the streams' pool, from the validated configuration. */
export class StreamSlots {
  readonly limits: StreamLimits;
  readonly reads: StreamReads;

  constructor(config: Pick<ResolvedServiceConfig, 'databaseUrl' | 'databaseSchema' | 'serviceName' | 'streams'>) {
    this.limits = new StreamLimits(config.streams);
    this.reads = new StreamReads(config);
  }
}
