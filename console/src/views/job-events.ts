import type { TJobEvent } from '../../../src/client/index.js';

/** One line of the event log, as text; an import's items are its rows, other jobs' are items. */
export function describeEvent(e: TJobEvent, kind: string | undefined): string {
  switch (e.type) {
    case 'status':
      return `status: ${e.status}${e.message ? ` (${e.message})` : ''}`;
    case 'phase':
      return `${e.phase}: ${e.message}`;
    case 'progress':
      return `${e.phase} ${e.done}/${e.total}${e.currentItem ? `: ${e.currentItem}` : ''}${e.message ? ` (${e.message})` : ''}`;
    case 'item':
      return `${kind === 'csv-import' ? 'row' : 'item'} ${e.index + 1} ${e.status.replaceAll('_', ' ')}${e.title ? `: ${e.title}` : ''}${e.reason ? ` (${e.reason})` : ''}`;
    case 'photo':
      return `photo ${e.index + 1} ${e.status}${e.status === 'done' ? `: ${e.booksFound} book(s)` : ''}${e.error ? ` (${e.error.message})` : ''}`;
    case 'warning':
      return `warning ${e.code}: ${e.message}`;
    case 'review':
      return `review: item ${e.index + 1} ${e.action} → ${e.status}${e.title ? ` (${e.title})` : ''}`;
    case 'completed':
      return `completed: ${e.summary.itemCount} item(s)`;
    case 'failed':
      return `failed: ${e.error.code}: ${e.error.message}`;
    case 'canceled':
      return 'canceled';
  }
}

/** "about 2 min left" from seconds. */
export function eta(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds < 60) return `about ${seconds} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}
