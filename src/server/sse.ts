import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, isTrackedEnvelope } from '@trpc/server';
import type { Logger } from 'pino';
import type { TJobEvent } from '../contract/job-events.js';
import { appRouter } from '../router/app.js';
import type { Context } from '../router/context.js';
import { createCallerFactory } from '../router/trpc.js';
import { jsonOnce } from './event-json.js';
import { sendErrorJson } from './rest-error.js';
import { corkForTick } from './tick-cork.js';

const createCaller = createCallerFactory(appRouter);

export interface SseDeps {
  createContext(req: IncomingMessage, res: ServerResponse): Context;
  heartbeatMs: number;
  logger: Logger;
}

/** Unsent bytes an SSE stream may hold before it stops pulling events (they then come from the log). */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;

/** An event's frame; its JSON is serialised once per event (`jsonOnce`), whatever the number of streams. */
function frame(event: TJobEvent): string {
  return `id: ${event.seq}\ndata: ${jsonOnce(event)}\n\n`;
}

/** Writes `text`, batched with the other writes of its wave to this response (one `writev`). */
function send(res: ServerResponse, text: string): void {
  corkForTick(res);
  res.write(text);
}

/**
 * Resolves once a response that holds more than `SSE_MAX_BUFFERED_BYTES` unsent has drained, or
 * at once. Meanwhile the stream is not pulled: the job's events wait in its bounded inbox and,
 * past that, in the log, so a client that stopped reading costs the server no more than this.
 */
async function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  if (res.writableLength <= SSE_MAX_BUFFERED_BYTES || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The frame after the terminal event: a named event with no `data`. A typed SSE decoder (the Swift
 * runtime's) sees an event with no data instead of failing on a body that is not a `JobEvent`;
 * browsers' EventSource does not dispatch it at all (they stop on the 204 of their reconnect).
 */
export const END_FRAME = 'event: end\n\n';

/**
 * `GET /api/v1/jobs/{jobId}/stream`: the `jobs.onProgress` subscription over Server-Sent Events.
 * It calls the same procedure (same auth, limits and resume logic), resuming after
 * `Last-Event-ID` or `?after=`; heartbeats are comment lines; `event: end` (no data) follows the
 * terminal event, and a reconnect after it gets 204, which tells EventSource to stop.
 * Streams still open at shutdown are in `open`, so they can be ended (clients then reconnect).
 */
export async function serveJobStream(req: IncomingMessage, res: ServerResponse, jobId: string, deps: SseDeps, open: Set<ServerResponse>): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const lastEventHeader = req.headers['last-event-id'];
  const lastEventId = (Array.isArray(lastEventHeader) ? lastEventHeader[0] : lastEventHeader) ?? url.searchParams.get('after') ?? undefined;
  const token = url.searchParams.get('token') ?? undefined;
  const abort = new AbortController();
  res.on('close', () => abort.abort());

  let ctx: Context | undefined;
  let stream: AsyncIterable<unknown>;
  try {
    ctx = deps.createContext(req, res);
    stream = await createCaller(ctx, { signal: abort.signal }).jobs.onProgress({ jobId, token, lastEventId });
  } catch (cause: unknown) {
    sendErrorJson(res, getTRPCErrorFromUnknown(cause), ctx, 'jobs.onProgress');
    return;
  }
  // Past the procedure's checks, so `lastEventId` is a valid seq and the job exists. A reconnect
  // after the end must not be served again: 204 tells EventSource to stop.
  if (ctx.deps.queries.streamEnded(jobId, Number(lastEventId ?? 0))) {
    abort.abort();
    res.writeHead(204).end();
    return;
  }

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  open.add(res);
  // A client that is not reading needs no heartbeat either.
  const heartbeat = setInterval(() => res.writableLength <= SSE_MAX_BUFFERED_BYTES && send(res, ': ping\n\n'), deps.heartbeatMs);
  try {
    for await (const item of stream) {
      if (!isTrackedEnvelope(item)) continue;
      send(res, frame(item[1] as TJobEvent));
      await drained(res, abort.signal);
    }
    // The subscription returns only after the job's newest event is terminal.
    if (!abort.signal.aborted) res.write(END_FRAME);
  } catch (error: unknown) {
    if (!abort.signal.aborted) {
      deps.logger.error({ err: error, jobId }, 'SSE stream failed');
      res.write(`event: error\ndata: ${JSON.stringify({ message: 'stream failed; reconnect to resume' })}\n\n`);
    }
  } finally {
    clearInterval(heartbeat);
    open.delete(res);
    res.end();
  }
}
