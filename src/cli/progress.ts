import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { TJobEvent } from '../contract/job-events.js';
import type { Output } from './output.js';

/** How a job's events are shown while it runs. */
export interface JobView {
  event(event: TJobEvent): void;
  stop(): void;
}

/** Items announced one by one in plain output before the rest are only counted. */
const PLAIN_ITEM_LINES = 20;

/** What an event says, in one line for people (progress excluded). */
export function describeEvent(event: TJobEvent): string | undefined {
  switch (event.type) {
    case 'status':
      return `${event.status}${event.message ? `: ${event.message}` : ''}`;
    case 'phase':
      return `${event.phase}: ${event.message}`;
    case 'photo':
      return `photo ${event.index + 1}: ${event.status}${event.status === 'done' ? ` (${event.booksFound} book${event.booksFound === 1 ? '' : 's'})` : ''}${event.error ? ` (${event.error.code}: ${event.error.message})` : ''}`;
    case 'item':
      return `item ${event.index}: ${event.status}${event.title ? ` "${event.title}"` : ''}${event.reason ? ` (${event.reason})` : ''}`;
    case 'warning':
      return `warning ${event.code}: ${event.message}`;
    case 'review':
      return `review of item ${event.index}: ${event.action} → ${event.status}`;
    case 'completed':
      return 'completed';
    case 'canceled':
      return 'canceled';
    case 'failed':
      return `failed: ${event.error.code}: ${event.error.message}`;
    case 'progress':
      return undefined;
  }
}

/** "7m 05s left", "42s left", or nothing when there is no estimate. */
export function etaText(seconds: number | undefined): string {
  if (seconds === undefined || seconds <= 0) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const text = h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
  return `${text} left`;
}

/** What a progress event says besides its count: what the job waits on (or the title at hand) and the estimate. */
function progressNote(event: Extract<TJobEvent, { type: 'progress' }>): string {
  return [event.message ?? event.currentItem ?? '', etaText(event.etaSeconds)].filter(Boolean).join(' · ');
}

/** Bars for a person at a terminal: one per phase that reports progress; other events above them. */
function barsView(out: Output): JobView {
  const multibar = new MultiBar(
    { format: ' {phase} |{bar}| {value}/{total} {item}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, stream: out.io.stdout as NodeJS.WritableStream },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    event(event) {
      if (event.type === 'progress') {
        const payload = { phase: event.phase.padEnd(10), item: progressNote(event).slice(0, 90) };
        const bar = bars.get(event.phase) ?? multibar.create(event.total, 0, payload);
        bars.set(event.phase, bar);
        bar.setTotal(Math.max(event.total, 1));
        bar.update(event.done, payload);
        return;
      }
      const text = describeEvent(event);
      if (text) multibar.log(`${text}\n`);
    },
    stop: () => multibar.stop(),
  };
}

/** In plain output, a progress line at least this often even when the count barely moves (a log must not look hung). */
const PLAIN_PROGRESS_EVERY_MS = 30_000;

/** Plain lines when the output is not a terminal: every phase, progress every 10 % (and every 30 s), the first items. */
function linesView(out: Output, now: () => number): JobView {
  const lastTenth = new Map<string, number>();
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let items = 0;
  return {
    event(event) {
      if (event.type === 'progress') {
        const tenth = event.total === 0 ? 10 : Math.floor((event.done / event.total) * 10);
        if (tenth <= (lastTenth.get(event.phase) ?? -1) && now() - lastLineAt < PLAIN_PROGRESS_EVERY_MS) return;
        lastTenth.set(event.phase, Math.max(tenth, lastTenth.get(event.phase) ?? -1));
        lastLineAt = now();
        const note = progressNote(event);
        out.line(`${event.phase}: ${event.done}/${event.total}${note ? ` ${note}` : ''}`);
        return;
      }
      if (event.type === 'item' && ++items > PLAIN_ITEM_LINES) {
        if (items === PLAIN_ITEM_LINES + 1) out.line('… more items: see `bookstrack jobs results`');
        return;
      }
      const text = describeEvent(event);
      if (text) out.line(text);
    },
    stop: () => undefined,
  };
}

/** JSON mode: every event as one JSON line. */
function jsonView(out: Output): JobView {
  return { event: (event) => out.data(event), stop: () => undefined };
}

/** `now` is the clock of the plain view's 30-second lines (a test's own). */
export function createJobView(out: Output, now: () => number = Date.now): JobView {
  if (out.json) return jsonView(out);
  return out.interactive ? barsView(out) : linesView(out, now);
}
