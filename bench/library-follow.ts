import { performance } from 'node:perf_hooks';
import { createBooksTrackClient } from '../src/client/index.js';
import { isTerminalEvent, type TJobEvent } from '../src/contract/job-events.js';
import type { TJobSnapshot } from '../src/contract/jobs.js';

/** One event as the client saw it: `atMs` is when it arrived, from the moment the start was sent. */
export interface TimedEvent {
  seq: number;
  type: TJobEvent['type'];
  atMs: number;
  /** Warning code, or the item status, so a report can say what a silent stretch ended with. */
  detail?: string;
  /** A progress event's estimate of the time left, to check against the time it really took. */
  etaSeconds?: number;
}

export interface FollowResult {
  jobId: string;
  events: TimedEvent[];
  /** From sending the start to the terminal event's arrival (or to giving up). */
  wallMs: number;
  terminal: 'completed' | 'failed' | 'canceled' | null;
  /** The failed event's error code (e.g. JOB_TIMEOUT). */
  errorCode: string | null;
  snapshot: TJobSnapshot | null;
  guardTripped: boolean;
  /** Why following stopped without a terminal event (stream error, guard). */
  problem: string | null;
}

export interface FollowOptions {
  /** Past this the job is cancelled and the run counts as failed. */
  maxMs: number;
  /** After a cancel, how long to wait for the `canceled` event before dropping the stream. */
  cancelGraceMs?: number;
  onEvent?: (event: TimedEvent) => void;
}

const detailOf = (event: TJobEvent): string | undefined =>
  event.type === 'warning' ? event.code : event.type === 'item' ? event.status : event.type === 'phase' ? event.phase : event.type === 'failed' ? event.error.code : undefined;

/**
 * Starts a csv-import through the typed client (as an app would: tRPC mutation, then the
 * `jobs.onProgress` subscription over WebSocket) and follows it to its terminal event, stamping
 * each event on arrival. The guard cancels the job through the API rather than killing anything,
 * so a run that overstays still ends with the server's own account of what was left.
 */
export async function followImport(url: string, csv: string, opts: FollowOptions): Promise<FollowResult> {
  const client = createBooksTrackClient({ url });
  const events: TimedEvent[] = [];
  const startedAt = performance.now();
  const started = await client.trpc.imports.startCsv.mutate({ csv, filename: 'goodreads_library_export.csv' });
  const { jobId, token } = started;
  const stop = new AbortController();
  let guardTripped = false;
  let grace: NodeJS.Timeout | undefined;
  let problem: string | null = null;
  const guard = setTimeout(() => {
    guardTripped = true;
    problem = `still running after ${opts.maxMs / 60_000} min: cancelled by the --max-minutes guard`;
    client.trpc.jobs.cancel.mutate({ jobId }, { context: { token } }).catch((error: unknown) => {
      problem = `${problem ?? ''}; cancel failed: ${error instanceof Error ? error.message : String(error)}`;
    });
    grace = setTimeout(() => stop.abort(new Error('no terminal event after the cancel')), opts.cancelGraceMs ?? 60_000);
  }, opts.maxMs);

  let terminal: FollowResult['terminal'] = null;
  let errorCode: string | null = null;
  try {
    for await (const event of client.watchJob(jobId, token, { signal: stop.signal })) {
      const timed: TimedEvent = { seq: event.seq, type: event.type, atMs: performance.now() - startedAt, ...(detailOf(event) ? { detail: detailOf(event) } : {}), ...(event.type === 'progress' && event.etaSeconds !== undefined ? { etaSeconds: event.etaSeconds } : {}) };
      events.push(timed);
      opts.onEvent?.(timed);
      if (isTerminalEvent(event)) {
        terminal = event.type;
        if (event.type === 'failed') errorCode = event.error.code;
        break;
      }
    }
    if (terminal === null) problem ??= 'the stream ended without a terminal event';
  } catch (error: unknown) {
    problem = `${problem ?? 'stream error'}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(guard);
    clearTimeout(grace);
  }
  const wallMs = terminal !== null ? (events.at(-1)?.atMs ?? 0) : performance.now() - startedAt;
  let snapshot: TJobSnapshot | null = null;
  try {
    snapshot = await client.trpc.jobs.get.query({ jobId }, { context: { token } });
  } catch (error: unknown) {
    problem = `${problem ?? ''}; jobs.get failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  await client.close();
  return { jobId, events, wallMs, terminal, errorCode, snapshot, guardTripped, problem };
}
