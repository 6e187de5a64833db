import { EventSource } from 'eventsource';
import type { TJobEvent } from '../../src/contract/job-events.js';

export interface SseRun {
  events: TJobEvent[];
  /** Resolves when `event: end` arrives (the client then closes, as clients should). */
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
    es.addEventListener('end', () => {
      es.close();
      resolve();
    });
    es.addEventListener('error', (e) => {
      // A 4xx answer closes the EventSource for good: surface it; other errors just reconnect.
      if (es.readyState === EventSource.CLOSED) reject(new Error(`SSE closed: ${e.message ?? 'error'} (${String(e.code)})`));
    });
  });
  es.addEventListener('message', (m) => {
    const event = JSON.parse(String(m.data)) as TJobEvent;
    events.push(event);
    onEvent?.(event);
  });
  return { events, ended, close: () => es.close() };
}
