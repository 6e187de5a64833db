import { EventSource } from 'eventsource';
import { isTerminalEvent, type TJobEvent } from '../../src/contract/job-events.js';

export interface SseRun {
  events: TJobEvent[];
  /**
   * Resolves when the server closes the stream after a terminal event (the client then closes, as
   * clients should), or answers a reconnect with 204 (the stream had ended).
   */
  ended: Promise<void>;
  close(): void;
}

/**
 * Follows `/api/v1/jobs/{id}/stream` with a spec-following EventSource client: it reconnects by
 * itself and sends `Last-Event-ID`. The token goes in the Authorization header through `fetch`.
 */
export function followSse(url: string, token: string | undefined, onEvent?: (e: TJobEvent) => void): SseRun {
  const events: TJobEvent[] = [];
  const es = new EventSource(url, {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } }),
  });
  const ended = new Promise<void>((resolve, reject) => {
    es.addEventListener('error', (e) => {
      // The server closed the stream: after a terminal event that is its end (`event: end` has no
      // data, so EventSource does not dispatch it); otherwise EventSource reconnects by itself.
      const last = events.at(-1);
      if (es.readyState === EventSource.CONNECTING && last !== undefined && isTerminalEvent(last)) {
        es.close();
        resolve();
        return;
      }
      if (es.readyState !== EventSource.CLOSED) return;
      // 204: nothing after Last-Event-ID and the job is over. A 4xx closes it for good: surface it.
      if (e.code === 204) resolve();
      else reject(new Error(`SSE closed: ${e.message ?? 'error'} (${String(e.code)})`));
    });
  });
  es.addEventListener('message', (m) => {
    const event = JSON.parse(String(m.data)) as TJobEvent;
    events.push(event);
    onEvent?.(event);
  });
  return { events, ended, close: () => es.close() };
}
