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

/** Width of the bar itself, in characters. */
const BAR_SIZE = 24;

/**
 * `text` cut to `room` characters (with an ellipsis when cut). A bar's line must never be wider
 * than the terminal: where the terminal wraps it anyway, the redraw moves up one line per bar,
 * not per screen line, and the copies it leaves stack up above the bars.
 */
export function fitNote(text: string, room: number): string {
  if (room <= 0) return '';
  return text.length <= room ? text : `${text.slice(0, Math.max(0, room - 1))}…`;
}

/** Erases the whole line the cursor is on (what `readline.clearLine(stream, 0)` writes). */
const ERASE_LINE = '\x1b[2K';

/**
 * A line printed above the bars, as the rows cli-progress writes it into: where the bars were
 * drawn. Each row is erased first (else the tail of the bar it lands on stays beside a shorter
 * line: the "stacked copies" of a bar) and is at most `width - 1` wide, broken between words, so
 * no terminal wraps it and leaves a row half written.
 */
export function aboveBars(text: string, width: number): string {
  const room = width - 1;
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(' ')) {
    for (let rest = word; rest.length > 0; ) {
      const joined = row === '' ? rest : `${row} ${rest}`;
      if (joined.length <= room) {
        row = joined;
        rest = '';
      } else if (row !== '') {
        rows.push(row);
        row = '';
      } else {
        rows.push(rest.slice(0, room));
        rest = rest.slice(room);
      }
    }
  }
  rows.push(row);
  return rows.map((r) => `${ERASE_LINE}${r}\n`).join('');
}

/** Bars for a person at a terminal: one per phase that reports progress; other events above them. */
function barsView(out: Output): JobView {
  const multibar = new MultiBar(
    {
      format: ' {phase} |{bar}| {value}/{total} {item}',
      barsize: BAR_SIZE,
      // Lines printed above move the bars down a row; cli-progress redraws only the bars whose
      // text changed, so a finished phase's bar stayed where a line had overwritten it, and the
      // others were drawn again below their old copies. Every frame draws every bar.
      forceRedraw: true,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      stream: out.io.stdout as NodeJS.WritableStream,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  const width = () => Math.max(20, out.io.stdout.columns ?? 80);
  return {
    event(event) {
      if (event.type === 'progress') {
        const phase = event.phase.padEnd(10);
        // What the line holds besides the note: ` {phase} |{bar}| {value}/{total} `, and one column spare.
        const used = 1 + phase.length + 2 + BAR_SIZE + 2 + `${event.done}/${event.total}`.length + 1 + 1;
        const payload = { phase, item: fitNote(progressNote(event), width() - used) };
        const bar = bars.get(event.phase) ?? multibar.create(event.total, 0, payload);
        bars.set(event.phase, bar);
        bar.setTotal(Math.max(event.total, 1));
        bar.update(event.done, payload);
        return;
      }
      const text = describeEvent(event);
      if (text) multibar.log(aboveBars(text, width()));
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
