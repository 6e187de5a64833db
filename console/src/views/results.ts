import type { TItemStatus, TResultItem } from '../../../src/client/index.js';
import { client, refusalOf } from '../client.js';
import { h, replace } from '../dom.js';

const PAGE = 50;

/** A field of untrusted JSON, as text (or undefined). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Names from `[{ name }]` (the user's authors, a match's authors). */
function names(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.map((a) => text((a as { name?: unknown } | null)?.name)).filter((n): n is string => n !== undefined);
  return list.length > 0 ? list.join(', ') : undefined;
}

/** The user's own row: title, authors, shelf, rating, dates, a review excerpt. */
function yours(item: TResultItem): HTMLElement {
  const i = item.input;
  const review = text(i.review);
  return h(
    'td',
    {},
    h('strong', {}, text(i.title) ?? item.title ?? `row ${item.index + 1}`),
    names(i.authors) ? h('div', {}, names(i.authors)) : null,
    h('div', { class: 'muted' }, [text(i.shelf), typeof i.rating === 'number' ? `rated ${String(i.rating)}` : undefined, text(i.dateAdded) ? `added ${text(i.dateAdded) ?? ''}` : undefined].filter(Boolean).join(' · ')),
    review ? h('div', { class: 'muted' }, review.length > 140 ? `${review.slice(0, 140)}…` : review) : null,
  );
}

/** What was found: cover (https only: the page's policy allows no other), title, authors, ISBN, sources. */
function found(item: TResultItem): HTMLElement {
  // A book record (BookCandidate): its work, its edition, its authors and the providers merged in.
  const match = (item.result as { match?: { work?: Record<string, unknown>; edition?: Record<string, unknown>; authors?: unknown; providers?: unknown } | null } | null)?.match;
  if (!match) return h('td', { class: 'muted' }, item.error ? `${item.error.code}: ${item.error.message}` : '—');
  const cover = text(match.edition?.coverImageURL) ?? text(match.work?.coverImageURL);
  const isbn = text(match.edition?.isbn);
  const sources = Array.isArray(match.providers) ? match.providers.map((p) => text(p)).filter(Boolean).join(', ') : undefined;
  return h(
    'td',
    { class: 'found' },
    cover?.startsWith('https:') ? h('img', { attrs: { src: cover, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' } }) : null,
    h('div', {}, h('strong', {}, text(match.work?.title) ?? ''), names(match.authors) ? h('div', {}, names(match.authors)) : null, isbn ? h('div', { class: 'muted' }, `ISBN ${isbn}`) : null, sources ? h('div', { class: 'muted' }, `from ${sources}`) : null),
  );
}

/** The job's items a page at a time, optionally of one status. */
export function resultsSection(jobId: string, token: string): { el: HTMLElement; reload: (statuses: readonly string[]) => void } {
  const filter = h('select', { attrs: { 'aria-label': 'status filter' } }, h('option', { attrs: { value: '' } }, 'all'));
  const body = h('tbody');
  const more = h('button', { attrs: { type: 'button', hidden: true } }, 'More');
  const total = h('span', { class: 'muted', attrs: { 'data-testid': 'results-total' } });
  const problem = h('p', { class: 'problem', attrs: { role: 'alert' } });
  let cursor: string | undefined;
  const load = async (append: boolean): Promise<void> => {
    const status = filter.value === '' ? undefined : (filter.value as TItemStatus);
    const page = await client.trpc.jobs.results.query({ jobId, limit: PAGE, ...(status ? { status } : {}), ...(append && cursor ? { cursor } : {}) }, { context: { token } });
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
  more.addEventListener('click', () => show(true));
  const el = h(
    'section',
    { attrs: { 'aria-label': 'results' } },
    h('div', { class: 'row' }, h('h3', {}, 'Results'), filter, total),
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
