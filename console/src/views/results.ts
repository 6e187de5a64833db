import type { TItemStatus, TResultItem } from '../../../src/client/index.js';
import { client, refusalOf } from '../client.js';
import { authorsOf, recordOf, text } from '../book-text.js';
import { h, replace } from '../dom.js';
import { recordBlock } from './record.js';

const PAGE = 50;

/** The user's own row: title, authors, shelf, rating, dates, a review excerpt. */
function yours(item: TResultItem): HTMLElement {
  const i = item.input;
  const review = text(i.review);
  const authors = authorsOf(i);
  return h(
    'td',
    {},
    h('strong', {}, text(i.title) ?? item.title ?? `row ${item.index + 1}`),
    authors ? h('div', {}, authors) : null,
    h('div', { class: 'muted' }, [text(i.shelf), typeof i.rating === 'number' ? `rated ${String(i.rating)}` : undefined, text(i.dateAdded) ? `added ${text(i.dateAdded) ?? ''}` : undefined].filter(Boolean).join(' · ')),
    review ? h('div', { class: 'muted' }, review.length > 140 ? `${review.slice(0, 140)}…` : review) : null,
  );
}

/** What was found (or why nothing was). */
function found(item: TResultItem): HTMLElement {
  const match = recordOf((item.result as { match?: unknown } | null)?.match);
  if (!match) return h('td', { class: 'muted' }, item.error ? `${item.error.code}: ${item.error.message}` : '—');
  return h('td', {}, recordBlock(match));
}

/** The job's items a page at a time, optionally of one status and holding the words searched for. */
export function resultsSection(jobId: string, token: string): { el: HTMLElement; reload: (statuses: readonly string[]) => void } {
  const filter = h('select', { attrs: { 'aria-label': 'status filter' } }, h('option', { attrs: { value: '' } }, 'all'));
  const search = h('input', { attrs: { type: 'search', placeholder: 'title, author or ISBN', 'aria-label': 'search results', maxlength: 200 } });
  const body = h('tbody');
  const more = h('button', { attrs: { type: 'button', hidden: true } }, 'More');
  const total = h('span', { class: 'muted', attrs: { 'data-testid': 'results-total' } });
  const problem = h('p', { class: 'problem', attrs: { role: 'alert' } });
  let cursor: string | undefined;
  let latest = 0;
  const load = async (append: boolean): Promise<void> => {
    const status = filter.value === '' ? undefined : (filter.value as TItemStatus);
    const q = search.value.trim();
    const asked = ++latest;
    const page = await client.trpc.jobs.results.query(
      { jobId, limit: PAGE, ...(status ? { status } : {}), ...(q ? { q } : {}), ...(append && cursor ? { cursor } : {}) },
      { context: { token } },
    );
    // Typing fast sends several searches; only the newest one's answer is shown.
    if (asked !== latest) return;
    replace(problem);
    if (!append) replace(body);
    for (const item of page.items) body.append(h('tr', { attrs: { 'data-index': item.index } }, h('td', {}, item.index + 1), h('td', {}, item.status.replaceAll('_', ' ')), yours(item), found(item)));
    cursor = page.nextCursor ?? undefined;
    more.hidden = cursor === undefined;
    replace(total, `${page.total} item(s)`);
  };
  const show = (append: boolean): void => {
    load(append).catch((error: unknown) => replace(problem, refusalOf(error).message));
  };
  filter.addEventListener('change', () => show(false));
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => show(false), 250);
  });
  more.addEventListener('click', () => show(true));
  const el = h(
    'section',
    { attrs: { 'aria-label': 'results' } },
    h('div', { class: 'row' }, h('h3', {}, 'Results'), filter, search, total),
    problem,
    h('div', { class: 'table' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'status'), h('th', {}, 'yours'), h('th', {}, 'found'))), body)),
    more,
  );
  return {
    el,
    reload(statuses) {
      const kept = filter.value;
      replace(filter, h('option', { attrs: { value: '' } }, 'all'), ...statuses.map((s) => h('option', { attrs: { value: s } }, s.replaceAll('_', ' '))));
      filter.value = statuses.includes(kept) ? kept : '';
      show(false);
    },
  };
}
