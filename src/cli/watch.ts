import type { BooksTrackClient } from '../client/index.js';
import type { TJobEvent, TJobSummary } from '../contract/job-events.js';
import type { Output } from './output.js';
import { createJobView } from './progress.js';

type Terminal = Extract<TJobEvent, { type: 'completed' | 'failed' | 'canceled' }>;

/** Follows a job to its end (or until `signal` aborts), showing its events, and returns the terminal event. */
export async function followJob(client: BooksTrackClient, out: Output, jobId: string, token: string, after = 0, signal?: AbortSignal): Promise<Terminal | undefined> {
  const view = createJobView(out);
  let terminal: Terminal | undefined;
  try {
    for await (const event of client.watchJob(jobId, token, { after, ...(signal ? { signal } : {}) })) {
      view.event(event);
      if (event.type === 'completed' || event.type === 'failed' || event.type === 'canceled') terminal = event;
    }
  } finally {
    view.stop();
  }
  return terminal;
}

/** A finished job's summary as a table: its counts by status, its duration, and what it reports. */
export function printSummary(out: Output, label: string, summary: TJobSummary | undefined): void {
  if (!summary) return;
  const counts = Object.entries(summary.counts).filter(([, n]) => n > 0);
  out.line();
  out.table([label, 'items'], [...counts.map(([status, n]) => [status, n]), ['total', summary.itemCount], ['time', `${(summary.durationMs / 1000).toFixed(1)} s`]]);
  const details = summary.details ?? {};
  const shown = ['format', 'mappedBy', 'encoding', 'rows', 'detections', 'books', 'upstreamCalls'].filter((k) => details[k] !== undefined);
  if (shown.length > 0) out.line(shown.map((k) => `${k}: ${String(details[k] as string | number)}`).join('  '));
}

/**
 * Follows a job the user may leave with Ctrl-C: the job goes on on the server, so leaving stops
 * only the watching, and says how to come back (`jobs watch`). Exits 130 then, as shells expect.
 */
export async function followUntilInterrupted(client: BooksTrackClient, out: Output, jobId: string, token: string, after = 0): Promise<{ terminal: Terminal | undefined; interrupted: boolean }> {
  const leave = new AbortController();
  const interrupt = () => leave.abort();
  process.once('SIGINT', interrupt);
  try {
    let terminal: Terminal | undefined;
    try {
      terminal = await followJob(client, out, jobId, token, after, leave.signal);
    } catch (error: unknown) {
      // Leaving may end the subscription with an abort error: that is the user's choice, not a failure.
      if (!leave.signal.aborted) throw error;
    }
    if (leave.signal.aborted && !terminal) {
      out.line();
      out.line(`Stopped watching; the job goes on on the server. Back to it: bookstrack jobs watch ${jobId} --token ${token}`);
    }
    return { terminal, interrupted: leave.signal.aborted && !terminal };
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** Exit status of a finished job: 0 only when it completed. */
export const exitCodeOf = (terminal: Terminal | undefined): number => (terminal?.type === 'completed' ? 0 : 1);
