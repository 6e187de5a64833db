import { TRPCClientError, type TRPCClient } from '@trpc/client';
import type { TJobEvent } from '../contract/job-events.js';
import type { AppRouter } from '../router/app.js';

export interface WatchJobOptions {
  /** Resume after this seq (0: from the start). */
  after?: number;
  signal?: AbortSignal;
}

/** Errors that retrying cannot fix: bad input, wrong token, unknown job. */
function isPermanent(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

/**
 * Yields a job's events in order, each once, and returns after its terminal event. The WebSocket
 * link already resubscribes after a reconnect with the last id it saw; on top of that, a
 * subscription that errors is restarted after the last seq received, so nothing is lost or repeated.
 */
export async function* watchJob(trpc: TRPCClient<AppRouter>, jobId: string, token: string, opts: WatchJobOptions = {}): AsyncGenerator<TJobEvent, void> {
  let last = opts.after ?? 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const stream = trpc.jobs.onProgress.subscribe({ jobId, token, lastEventId: last > 0 ? String(last) : null }, { signal: opts.signal });
      for await (const { data: event } of stream) {
        if (event.seq <= last) continue;
        last = event.seq;
        attempt = 0;
        yield event;
      }
      // The server ends the stream only after the job's newest event is terminal.
      return;
    } catch (error: unknown) {
      if (opts.signal?.aborted || isPermanent(error)) throw error;
      await sleep(Math.min(250 * 2 ** attempt, 5_000), opts.signal);
    }
  }
}

/** Waits `ms`, or rejects once `signal` aborts. Plain timers: the client runs in browsers too. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
