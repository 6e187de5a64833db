import type { IncomingMessage } from 'node:http';
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError, type AnyTRPCRouter } from '@trpc/server';
import type { WSSHandlerOptions } from '@trpc/server/adapters/ws';
import type { WebSocket } from 'ws';
import { ZJobEvent, type TJobEvent } from '../contract/job-events.js';
import { ZOnProgressInput } from '../contract/jobs.js';
import type { LiveSink } from '../jobs/live-follow.js';
import type { Context } from '../router/context.js';
import { parseOnce } from '../router/z-async-iterable.js';
import { jsonOnce } from './event-json.js';
import { discardUnstarted } from './job-stream-open.js';
import { corkForTick, type Corkable } from './tick-cork.js';
import type { SendWindow } from './ws-send-window.js';
import type { StreamStats } from './stream-stats.js';

/** The subscription this layer serves itself; every other message goes to tRPC's handler. */
export const JOB_STREAM_PATH = 'jobs.onProgress';

type RpcId = number | string;

interface JobStreamRequest {
  id: RpcId;
  jsonrpc?: '2.0';
  method: 'subscription';
  params: { path: typeof JOB_STREAM_PATH; input?: unknown; lastEventId?: unknown };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRpcId = (v: unknown): v is RpcId => typeof v === 'number' || typeof v === 'string';

function isJobStreamRequest(m: unknown): m is JobStreamRequest {
  return isRecord(m) && m.method === 'subscription' && isRpcId(m.id) && isRecord(m.params) && m.params.path === JOB_STREAM_PATH;
}

/** The input tRPC's adapter would pass: `lastEventId` (sent by the client on reconnect) merged in. */
function inputOf(params: JobStreamRequest['params']): unknown {
  const { input, lastEventId } = params;
  if (lastEventId === undefined) return input;
  return isRecord(input) ? { ...input, lastEventId } : (input ?? { lastEventId });
}

const validEvent = parseOnce(ZJobEvent);

export interface JobStreamsOptions {
  router: AnyTRPCRouter;
  client: WebSocket;
  /** The socket `ws` writes to (the upgrade request's), corked while an event's frames are written. */
  socket: Corkable;
  req: IncomingMessage;
  /** The connection's context, once tRPC has made it (after `connectionParams`, when the client sends them). */
  context: Promise<Context>;
  sendWindow: SendWindow;
  onError: WSSHandlerOptions<AnyTRPCRouter>['onError'];
  /** Where open subscriptions and frames sent are counted (metrics). */
  stats: StreamStats;
}

/**
 * `jobs.onProgress` over WebSocket, on tRPC's own wire protocol, without tRPC's per-message
 * machinery: with 1,000 subscribers, the adapter's copies and promise race per message and the
 * generator chain per subscriber cost most of an event's 30 ms. Each subscription is opened by
 * calling the procedure itself (`callTRPCProcedure`: the same read limit, input check and job
 * token, and the same errors), whose stream is then dropped unstarted; the events come from
 * `followLive`, and each one costs a string concatenation and a `send` per subscriber, around the
 * event's JSON made once. The tRPC client sees the frames tRPC's adapter would send.
 */
export class JobStreams {
  private readonly open = new Map<RpcId, AbortController>();

  constructor(private readonly opts: JobStreamsOptions) {
    opts.client.once('close', () => {
      for (const stream of this.open.values()) stream.abort();
      this.open.clear();
    });
  }

  /** Takes the messages this layer serves out of a decoded message or batch; returns the rest for tRPC. */
  route(decoded: unknown): unknown {
    if (!Array.isArray(decoded)) return this.take(decoded) ? [] : decoded;
    const rest = decoded.filter((m) => !this.take(m));
    return rest.length === decoded.length ? decoded : rest;
  }

  private take(message: unknown): boolean {
    if (isRecord(message) && message.method === 'subscription.stop' && isRpcId(message.id) && this.open.has(message.id)) {
      this.stop(message.id, message.jsonrpc === '2.0' ? '2.0' : undefined);
      return true;
    }
    if (!isJobStreamRequest(message)) return false;
    this.start(message).catch((cause: unknown) => {
      this.respondError(message, cause, undefined);
    });
    return true;
  }

  private async start(request: JobStreamRequest): Promise<void> {
    const { id } = request;
    if (this.open.has(id)) {
      this.respondError(request, new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${String(id)}` }), undefined);
      return;
    }
    const abort = new AbortController();
    this.open.set(id, abort);
    const input = inputOf(request.params);
    let ctx: Context | undefined;
    const stopped = (): boolean => abort.signal.aborted;
    try {
      ctx = await Promise.race([this.opts.context, new Promise<undefined>((resolve) => abort.signal.addEventListener('abort', () => resolve(undefined)))]);
      if (ctx === undefined || stopped()) return;
      const procedureCtx = ctx;
      const stream: unknown = await callTRPCProcedure({ router: this.opts.router, path: JOB_STREAM_PATH, getRawInput: () => Promise.resolve(input), ctx: procedureCtx, type: 'subscription', signal: abort.signal, batchIndex: 0 });
      await discardUnstarted(stream);
      if (stopped()) return;
      // The procedure accepted this input, so it parses.
      const { jobId, lastEventId } = ZOnProgressInput.parse(input);
      this.send(request, '{"type":"started"}');
      // Open until it ends, is stopped, or the connection closes: each of these aborts or ends it.
      const closed = this.opts.stats.opened('ws');
      abort.signal.addEventListener('abort', closed, { once: true });
      await procedureCtx.deps.queries.followLive(jobId, lastEventId ? Number(lastEventId) : 0, this.sink(request, abort, closed), abort.signal);
    } catch (cause) {
      if (this.open.get(id) === abort) this.open.delete(id);
      if (!stopped()) this.respondError(request, cause, ctx);
    }
  }

  /** `closed`: tells the stream statistics that this subscription is over (called once or more). */
  private sink(request: JobStreamRequest, abort: AbortController, closed: () => void): LiveSink {
    const head = `{"id":${JSON.stringify(request.id)},${request.jsonrpc === '2.0' ? '"jsonrpc":"2.0",' : ''}"result":{"type":"data","id":"`;
    const { stats } = this.opts;
    const end = (): void => {
      closed();
      if (this.open.get(request.id) === abort) this.open.delete(request.id);
    };
    return {
      send: (event: TJobEvent) => {
        const json = jsonOnce(validEvent(event));
        if (this.write(`${head}${event.seq}","data":{"id":"${event.seq}","data":${json}}}}`)) stats.framesSent.ws++;
      },
      ready: () => this.opts.sendWindow.wait(abort.signal),
      end: () => {
        end();
        this.send(request, '{"type":"stopped"}');
      },
      fail: (cause: unknown) => {
        end();
        abort.abort();
        this.respondError(request, cause, undefined);
      },
    };
  }

  /** The client stopped a subscription: tRPC answers `stopped`, and so does this. */
  private stop(id: RpcId, jsonrpc: '2.0' | undefined): void {
    this.open.get(id)?.abort();
    this.open.delete(id);
    this.send({ id, jsonrpc }, '{"type":"stopped"}');
  }

  private send(request: Pick<JobStreamRequest, 'id' | 'jsonrpc'>, resultJson: string): void {
    this.write(`{"id":${JSON.stringify(request.id)},${request.jsonrpc === '2.0' ? '"jsonrpc":"2.0",' : ''}"result":${resultJson}}`);
  }

  /** Sends `text` while the connection is open; whether it did. */
  private write(text: string): boolean {
    const { client } = this.opts;
    if (client.readyState !== client.OPEN) return false;
    corkForTick(this.opts.socket);
    client.send(text);
    return true;
  }

  /** An error frame shaped by the router's own error formatter, reported like tRPC reports it. */
  private respondError(request: JobStreamRequest, cause: unknown, ctx: Context | undefined): void {
    const input = inputOf(request.params);
    const error = getTRPCErrorFromUnknown(cause);
    this.opts.onError?.({ error, type: 'subscription', path: JOB_STREAM_PATH, input, ctx, req: this.opts.req });
    const shape: unknown = getTRPCErrorShape({ config: this.opts.router._def._config, error, type: 'subscription', path: JOB_STREAM_PATH, input, ctx });
    const message = { id: request.id, ...(request.jsonrpc === '2.0' ? { jsonrpc: '2.0' } : {}), error: shape };
    const { client } = this.opts;
    if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
  }
}
