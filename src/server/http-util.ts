import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import type { TApiErrorData } from '../contract/errors.js';

/** One log line per HTTP request; the path only, so `?token=` never reaches the logs. */
export function logRequests(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const started = process.hrtime.bigint();
  const path = req.url?.split('?')[0];
  res.once('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info({ method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
  });
}

/** Listens on `port` and `host`; resolves with the base URL (`http://host:port`, the port chosen when 0). */
export async function listenHttp(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const chosen = typeof address === 'object' && address !== null ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${chosen}`;
}

/** Unexpected errors are logged with their stack; client errors only at debug. */
export function createTrpcErrorLogger(logger: Logger) {
  return ({ error, path, type }: { error: TRPCError; path?: string | undefined; type: string }): void => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, path, type }, 'procedure failed');
    else logger.debug({ code: error.code, path, type, message: error.message }, 'procedure rejected');
  };
}

export function sendNotFound(res: ServerResponse, message = 'Not found'): void {
  const data: TApiErrorData = { appCode: 'NOT_FOUND', httpStatus: 404, code: 'NOT_FOUND', retryable: false, field: null, issues: null };
  res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message, code: 'NOT_FOUND', data }));
}

/**
 * Requests Node's HTTP parser refuses never reach the app (a raw non-ASCII byte in the path,
 * headers over 16 KiB): answer them as every other error is answered, JSON with a code, but only
 * while nothing has been written on the socket yet (the same condition as Node's own 400).
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const [status, reason, appCode]: [number, string, TApiErrorData['appCode']] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'PAYLOAD_TOO_LARGE']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'INVALID_INPUT']
          : [400, 'Bad Request', 'INVALID_INPUT'];
    const data: TApiErrorData = { appCode, httpStatus: status, code: status === 431 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', retryable: false, field: null, issues: null };
    const body = JSON.stringify({ message: `the request could not be read (${error.code ?? 'malformed'})`, code: data.code, data });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
