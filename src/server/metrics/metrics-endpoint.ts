import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { TApiErrorData } from '../../contract/errors.js';
import { secretEquals } from '../../jobs/tokens.js';
import { listenHttp, sendNotFound } from '../http-util.js';
import { sendMethodNotAllowed } from '../rest-methods.js';
import type { BooksTrackMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  metrics: BooksTrackMetrics;
  /** `METRICS_TOKEN`: required as `Authorization: Bearer` wherever /metrics is served; on the main port, /metrics exists only with it. */
  token: string | undefined;
  /** `METRICS_PORT` and `METRICS_HOST`: a listener of its own that serves only /metrics. */
  port: number | undefined;
  host: string;
  logger: Logger;
}

function sendUnauthorized(res: ServerResponse): void {
  const data: TApiErrorData = { appCode: 'UNAUTHORIZED', httpStatus: 401, code: 'UNAUTHORIZED', retryable: false, field: 'Authorization', issues: null };
  const message = 'the metrics need the metrics token (Authorization: Bearer <METRICS_TOKEN>)';
  res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="metrics"' }).end(JSON.stringify({ message, code: 'UNAUTHORIZED', data }));
}

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim();
}

/**
 * `/metrics` in Prometheus' text format. Off unless configured, because the figures describe the
 * whole deployment: with `METRICS_TOKEN` the main port serves it to a scraper that sends the
 * token; with `METRICS_PORT` a separate listener (on `METRICS_HOST`, loopback by default) serves
 * it to whoever can reach that port, and also asks for the token when one is set.
 */
export class MetricsEndpoint {
  private server: Server | undefined;

  constructor(private readonly opts: MetricsEndpointOptions) {}

  /** Answers `path` on the main port when it is /metrics and a token is set; false otherwise. */
  async serveOnMain(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path !== METRICS_PATH || this.opts.token === undefined) return false;
    await this.serve(req, res);
    return true;
  }

  /** Starts the separate listener, when `METRICS_PORT` is set; resolves with its URL. */
  async listen(): Promise<string | undefined> {
    if (this.opts.port === undefined) return undefined;
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== METRICS_PATH) {
        sendNotFound(res, `this port serves only ${METRICS_PATH}`);
        return;
      }
      this.serve(req, res).catch((error: unknown) => this.failed(res, error));
    });
    this.server = server;
    return `${await listenHttp(server, this.opts.port, this.opts.host)}${METRICS_PATH}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendMethodNotAllowed(res, req.method ?? 'GET', ['GET']);
      return;
    }
    const token = this.opts.token;
    const presented = bearerOf(req);
    if (token !== undefined && (presented === undefined || !secretEquals(presented, token))) {
      sendUnauthorized(res);
      return;
    }
    const body = await this.opts.metrics.scrape();
    res.writeHead(200, { 'Content-Type': this.opts.metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private failed(res: ServerResponse, error: unknown): void {
    this.opts.logger.error({ err: error }, 'serving /metrics failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'the metrics could not be gathered', code: 'INTERNAL_SERVER_ERROR' }));
  }
}
