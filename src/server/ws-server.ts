import type { IncomingMessage } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { getWSConnectionHandler, jsonEncoder, type WSSHandlerOptions } from '@trpc/server/adapters/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Context } from '../router/context.js';
import { connectionEncoder } from './ws-encoder.js';
import { wsSendWindow, type SendWindowLimits } from './ws-send-window.js';

export interface TrpcWsOptions {
  wss: WebSocketServer;
  router: AnyTRPCRouter;
  /** The connection's context, before its send window is added. */
  createContext(req: IncomingMessage, connectionParams: Readonly<Record<string, string | undefined>> | null): Context;
  onError: WSSHandlerOptions<AnyTRPCRouter>['onError'];
  keepAlive: NonNullable<WSSHandlerOptions<AnyTRPCRouter>['keepAlive']>;
  sendWindow: SendWindowLimits;
}

/**
 * tRPC on `/trpc` over WebSocket, through tRPC's own connection handler (`getWSConnectionHandler`,
 * what `applyWSSHandler` runs per connection), so the protocol and the client are tRPC's. What it
 * adds per connection, through the adapter's public options: an encoder that serialises each
 * event once and corks the socket while an event's frames are written (`connectionEncoder`), and a send window in the
 * context that pauses subscriptions of a client that stopped reading (`wsSendWindow`).
 * The socket corked is the upgrade request's (`req.socket`), the one `ws` writes to.
 */
export function serveTrpcOverWs(opts: TrpcWsOptions): { broadcastReconnectNotification(): void } {
  opts.wss.on('connection', (client: WebSocket, req: IncomingMessage) => {
    const sendWindow = wsSendWindow(client, req.socket, opts.sendWindow);
    const handle = getWSConnectionHandler<AnyTRPCRouter>({
      wss: opts.wss,
      router: opts.router,
      onError: opts.onError,
      keepAlive: opts.keepAlive,
      experimental_encoder: connectionEncoder(req.socket),
      createContext: ({ req: upgrade, info }) => {
        const ctx = opts.createContext(upgrade, info.connectionParams);
        return { ...ctx, req: { ...ctx.req, sendWindow } };
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
