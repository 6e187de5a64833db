import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { Logger } from 'pino';
import { ZJobEvent, type TJobEvent } from '../contract/job-events.js';
import { appRouter } from '../router/app.js';
import type { Context } from '../router/context.js';
import { createCallerFactory } from '../router/trpc.js';
import { parseOnce } from '../router/z-async-iterable.js';
import { jsonOnce } from './event-json.js';
import { discardUnstarted } from './job-stream-open.js';
import { sendErrorJson } from './rest-error.js';
import type { StreamStats } from './stream-stats.js';
import { corkForTick } from './tick-cork.js';

const createCaller = createCallerFactory(appRouter);

export interface SseDeps {
  createContext(req: IncomingMessage, res: ServerResponse): Context;
  heartbeatMs: number;
  /** Unsent bytes a stream may hold before it stops taking live events (they then come from the log). */
  maxBufferedBytes: number;
  logger: Logger;
  /** Where open streams and frames sent are counted (metrics). */
  streams: StreamStats;
}

/** The default of `SseDeps.maxBufferedBytes`. */
export const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;

const validEvent = parseOnce(ZJobEvent);

/** An event's frame; its JSON is serialised once per event (`jsonOnce`), whatever the number of streams. */
function frame(event: TJobEvent): string {
  return `id: ${event.seq}\ndata: ${jsonOnce(validEvent(event))}\n\n`;
}

/** Writes `text`, batched with the other writes of its wave to this response (one `writev`). */
function send(res: ServerResponse, text: string): void {
  corkForTick(res);
  res.write(text);
}

/**
 * `null` while `res` holds at most `limit` unsent, else a promise that settles once it has drained
 * (or the stream aborted). Meanwhile the stream takes no live events; it then reads what it missed
 * from the log, so a client that stopped reading costs the server no more than this.
 */
function drained(res: ServerResponse, limit: number, signal: AbortSignal): Promise<void> | null {
  if (res.writableLength <= limit || signal.aborted) return null;
  return new Promise<void>((resolve) => {
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
 * It calls the same procedure (same auth, limits and resume logic; its own stream is dropped
 * unstarted) and pushes the job's events with `followLive`, resuming after `Last-Event-ID` or
 * `?after=`; heartbeats are comment lines; `event: end` (no data) follows the terminal event, and
 * a reconnect after it gets 204, which tells EventSource to stop.
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
  try {
    ctx = deps.createContext(req, res);
    await discardUnstarted(await createCaller(ctx, { signal: abort.signal }).jobs.onProgress({ jobId, token, lastEventId }));
  } catch (cause: unknown) {
    sendErrorJson(res, getTRPCErrorFromUnknown(cause), ctx, 'jobs.onProgress');
    return;
  }
  // Past the procedure's checks, so `lastEventId` is a valid seq and the job exists. A reconnect
  // after the end must not be served again: 204 tells EventSource to stop.
  const after = Number(lastEventId ?? 0);
  if (await ctx.deps.queries.streamEnded(jobId, after)) {
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
  const closed = deps.streams.opened('sse');
  // A client that is not reading needs no heartbeat either.
  const heartbeat = setInterval(() => res.writableLength <= deps.maxBufferedBytes && send(res, ': ping\n\n'), deps.heartbeatMs);
  let finished = false;
  const finish = (tail: string | undefined): void => {
    if (finished) return;
    finished = true;
    clearInterval(heartbeat);
    open.delete(res);
    closed();
    if (tail !== undefined && !abort.signal.aborted) res.write(tail);
    res.end();
  };
  res.once('close', () => finish(undefined));
  const fail = (error: unknown): void => {
    deps.logger.error({ err: error, jobId }, 'SSE stream failed');
    finish(`event: error\ndata: ${JSON.stringify({ message: 'stream failed; reconnect to resume' })}\n\n`);
  };
  await ctx.deps.queries
    .followLive(
      jobId,
      after,
      {
        send: (event) => {
          send(res, frame(event));
          deps.streams.framesSent.sse++;
        },
        ready: () => drained(res, deps.maxBufferedBytes, abort.signal),
        // The stream ends only after the job's newest event is terminal.
        end: () => finish(END_FRAME),
        fail,
      },
      abort.signal,
    )
    .catch(fail);
}
