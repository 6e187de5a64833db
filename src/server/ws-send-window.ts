import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** WebSocket close code for a client that stayed past its send window too long (4000–4999: the application's own). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;
export const SLOW_CONSUMER_CLOSE_REASON = 'slow consumer: reconnect and resume with lastEventId';

/**
 * The bytes a connection may hold unsent. A stream asks after each event it sends; past the limit
 * it stops sending live events and, once the connection has drained, reads what it missed from
 * the log: the client gets every event once, later, and the server holds no more than the limit for it.
 */
export interface SendWindow {
  /**
   * `null` when the connection can take more now (the common case: no await); otherwise a promise
   * that settles once it has drained, closed, or `signal` (the stream's) aborted.
   */
  wait(signal: AbortSignal): Promise<void> | null;
}

export interface SendWindowLimits {
  /** Unsent bytes a connection may hold before its subscriptions pause (they then fall back to the log). */
  maxBufferedBytes: number;
  /** How long a connection may stay past `maxBufferedBytes` before it is closed with `SLOW_CONSUMER_CLOSE_CODE`. */
  closeAfterMs: number;
}

export const DEFAULT_SEND_WINDOW: SendWindowLimits = { maxBufferedBytes: 4 * 1024 * 1024, closeAfterMs: 60_000 };

/**
 * The send window of one WebSocket connection, measured by `ws`'s public `bufferedAmount` (bytes
 * queued in the socket and in `ws`), woken by the socket's `drain`. A client that stopped reading
 * therefore costs at most `maxBufferedBytes` plus one tick's frames; if it never reads again the
 * connection is closed with a clear code, and the tRPC client reconnects with its lastEventId.
 */
export function wsSendWindow(ws: WebSocket, socket: Socket, limits: SendWindowLimits): SendWindow {
  let drained: Promise<void> | undefined;
  let closeTimer: NodeJS.Timeout | undefined;
  const settle = (): void => {
    clearTimeout(closeTimer);
    closeTimer = undefined;
    drained = undefined;
  };
  const full = (): boolean => ws.readyState === ws.OPEN && ws.bufferedAmount > limits.maxBufferedBytes;
  // A closing socket drops what it is given (tRPC's adapter sends nothing once it is not open), so
  // its subscriptions wait for the close instead of reading the log through for nothing.
  const blocked = (): boolean => ws.readyState === ws.CLOSING || full();

  function whenDrained(): Promise<void> {
    drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        socket.off('drain', onDrain);
        ws.off('close', done);
        settle();
        resolve();
      };
      // `drain` comes when the socket's own buffer empties; `ws` may still hold a little.
      const onDrain = (): void => {
        if (!blocked()) done();
      };
      socket.on('drain', onDrain);
      ws.once('close', done);
      closeTimer = setTimeout(() => {
        if (full()) ws.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_CLOSE_REASON);
      }, limits.closeAfterMs);
      closeTimer.unref();
    });
    return drained;
  }

  return {
    wait(signal) {
      if (!blocked() || signal.aborted) return null;
      const drainedOrClosed = whenDrained();
      return new Promise<void>((resolve) => {
        const finish = (): void => {
          signal.removeEventListener('abort', finish);
          resolve();
        };
        signal.addEventListener('abort', finish, { once: true });
        drainedOrClosed.then(finish, finish);
      });
    },
  };
}
