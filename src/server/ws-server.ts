import type { IncomingMessage } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { getWSConnectionHandler, jsonEncoder, type WSSHandlerOptions } from '@trpc/server/adapters/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Context } from '../router/context.js';
import { connectionEncoder } from './ws-encoder.js';
import { JobStreams } from './ws-job-streams.js';
import type { StreamStats } from './stream-stats.js';
import { wsSendWindow, type SendWindowLimits } from './ws-send-window.js';

export interface TrpcWsOptions {
  wss: WebSocketServer;
  router: AnyTRPCRouter;
  /** The connection's context (made once, after `connectionParams` when the client sends them). */
  createContext(req: IncomingMessage, connectionParams: Readonly<Record<string, string | undefined>> | null): Context;
  onError: WSSHandlerOptions<AnyTRPCRouter>['onError'];
  keepAlive: NonNullable<WSSHandlerOptions<AnyTRPCRouter>['keepAlive']>;
  sendWindow: SendWindowLimits;
  /** Where job streams and their frames are counted (metrics). */
  streams: StreamStats;
}

/**
 * tRPC on `/trpc` over WebSocket, through tRPC's own connection handler (`getWSConnectionHandler`,
 * what `applyWSSHandler` runs per connection), so the protocol and the client are tRPC's. What it
 * adds per connection, through the adapter's public options:
 * - `jobs.onProgress` subscriptions are served by `JobStreams`, which the encoder's `decode` hands
 *   them to: one event costs a concatenation and a send per subscriber;
 * - the encoder corks the socket while a tick's frames are written (`connectionEncoder`);
 * - a send window pauses the job streams of a client that stopped reading (`wsSendWindow`).
 * The socket corked is the upgrade request's (`req.socket`), the one `ws` writes to.
 */
export function serveTrpcOverWs(opts: TrpcWsOptions): { broadcastReconnectNotification(): void } {
  opts.wss.on('connection', (client: WebSocket, req: IncomingMessage) => {
    const sendWindow = wsSendWindow(client, req.socket, opts.sendWindow);
    let contextMade: (ctx: Context) => void = () => undefined;
    const context = new Promise<Context>((resolve) => (contextMade = resolve));
    const streams = new JobStreams({ router: opts.router, client, socket: req.socket, req, context, sendWindow, onError: opts.onError, stats: opts.streams });
    const handle = getWSConnectionHandler<AnyTRPCRouter>({
      wss: opts.wss,
      router: opts.router,
      onError: opts.onError,
      keepAlive: opts.keepAlive,
      experimental_encoder: connectionEncoder(req.socket, (decoded) => streams.route(decoded)),
      createContext: ({ req: upgrade, info }) => {
        const ctx = opts.createContext(upgrade, info.connectionParams);
        contextMade(ctx);
        return ctx;
      },
    });
    handle(client, req);
  });
  return {
    /** Tells every client to reconnect (before shutdown), as `applyWSSHandler`'s own does. */
    broadcastReconnectNotification() {
      const data = jsonEncoder.encode({ id: null, method: 'reconnect' });
      for (const client of opts.wss.clients) if (client.readyState === client.OPEN) client.send(data);
    },
  };
}
