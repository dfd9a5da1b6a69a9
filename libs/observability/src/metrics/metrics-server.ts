import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { ResolvedServiceConfig, SERVICE_CONFIG } from '@inclusion/config';
import { Metrics } from './metrics';

/**
 * The Prometheus scrape endpoint, `GET /metrics`, on its own port (METRICS_PORT), as
 * Prometheus exporters do: the API port never serves it (404 there), so the counts of events
 * per type and the lags reach only who can reach the metrics port (an internal network, the
 * scraper's). Without METRICS_PORT no metrics are served. Closes when the shutdown begins.
 */
@Injectable()
export class MetricsServer implements OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ResolvedServiceConfig,
    private readonly metrics: Metrics,
  ) {}

  /** The port it listens on (once listening). */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Starts listening on METRICS_PORT; rejects when the port cannot be bound (the service then does not start). */
  async listen(): Promise<void> {
    const { metricsPort, host } = this.config;
    if (metricsPort === undefined) {
      this.logger.log('METRICS_PORT is not set: Prometheus metrics are not served');
      return;
    }
    const server = createServer((request, response) => void this.handle(request, response));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new Error(`cannot serve metrics on ${host}:${metricsPort} (METRICS_PORT): ${error.message}`)));
      server.listen(metricsPort, host, () => resolve());
    });
    server.on('error', (error) => this.logger.error(`metrics server: ${error.message}`));
    this.server = server;
    this.logger.log(`Prometheus metrics at http://${host}:${metricsPort}/metrics`);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'only GET /metrics is served on this port' }));
      return;
    }
    try {
      const text = await this.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': this.metrics.registry.contentType });
      response.end(request.method === 'HEAD' ? undefined : text);
    } catch (error) {
      this.logger.error(`metrics could not be collected: ${(error as Error).message}`);
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'the metrics could not be collected; it has been logged' }));
    }
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
