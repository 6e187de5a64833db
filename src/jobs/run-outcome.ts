/** How a run ends: why its signal aborted, waiting on a handler, and what a failure stores. */
import type { Logger } from 'pino';
import type { TJobError } from '../contract/errors.js';
import { AppError } from '../errors.js';

/** Why a run's signal aborted. */
export type AbortReason = 'canceled' | 'stalled' | 'shutdown' | 'lease-lost';

export class JobAbortError extends Error {
  override readonly name = 'AbortError';
  constructor(readonly reason: AbortReason) {
    super(`job run aborted: ${reason}`);
  }
}

/** The reason a run's signal carries (a plain abort counts as a cancel). */
export function abortReasonOf(reason: unknown): AbortReason {
  return reason instanceof JobAbortError ? reason.reason : 'canceled';
}

/**
 * Settles with the handler, or rejects as soon as the signal aborts: a handler that ignores its
 * signal cannot hold the job open. Its late result is logged, never left unhandled.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, logger: Logger): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new JobAbortError('canceled'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) logger.debug({ err: error }, 'handler settled after its run was aborted');
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** What a failed run stores: AppErrors as they are; anything else is a handler bug. */
export function toJobError(error: unknown): TJobError {
  if (error instanceof AppError) return error.toJobError();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'HANDLER_ERROR', message: message.slice(0, 500) || 'the job handler failed', retryable: false };
}
