import type { TBookCandidate, TReviewItem } from '../../../src/client/index.js';
import { jobPhotoUrl } from '../../../src/contract/paths.js';
import { authorsOf, recordOf, text } from '../book-text.js';
import { h } from '../dom.js';
import { recordBlock } from './record.js';

/** What a person can do with the item on screen; each is also a key (see `KEYS`). */
export interface ReviewActions {
  accept: () => void;
  choose: (candidate: number) => void;
  edit: () => void;
  reject: () => void;
  skip: () => void;
}

/** The shortcuts, as shown on the page. */
export const KEYS = 'A or 1 accept · 2–9 choose that candidate · E edit · R reject · S or → skip';

const percent = (x: number) => `${Math.round(x * 100)} %`;

/**
 * The spine's crop from the photo route, fetched with the token in a header (not in the URL, where
 * logs keep it) and shown from a blob URL, which the page's policy allows; the URL is revoked with `signal`.
 */
export function spineImage(jobId: string, token: string, item: TReviewItem, into: HTMLElement, signal: AbortSignal): void {
  if (item.photoIndex === null || item.box === null) return;
  fetch(jobPhotoUrl(jobId, item.photoIndex, item.index), { headers: { authorization: `Bearer ${token}` }, signal })
    .then(async (res) => {
      if (!res.ok) throw new Error(`the spine's picture could not be loaded (HTTP ${res.status})`);
      const url = URL.createObjectURL(await res.blob());
      signal.addEventListener('abort', () => URL.revokeObjectURL(url), { once: true });
      into.replaceChildren(h('img', { class: 'spine', attrs: { src: url, alt: `the spine read as ${item.detection?.title ?? 'this book'}` } }));
    })
    .catch((error: unknown) => {
      if (!signal.aborted) into.replaceChildren(h('p', { class: 'muted' }, error instanceof Error ? error.message : String(error)));
    });
}

/** What the user has: for a scan what was read off the spine, for a CSV row the row as written. */
function yours(item: TReviewItem, spine: HTMLElement): HTMLElement {
  if (item.detection) {
    const d = item.detection;
    return h(
      'div',
      { class: 'yours' },
      h('h3', {}, `Read off the spine (photo ${(item.photoIndex ?? 0) + 1})`),
      spine,
      h('p', {}, h('strong', {}, d.title), d.author ? ` by ${d.author}` : null),
      h('p', { class: 'muted' }, `read with ${percent(d.confidence)} confidence${d.isbn ? ` · ISBN ${d.isbn}` : ''}`),
    );
  }
  const i = item.input;
  const line = typeof i.line === 'number' ? `Your row (line ${i.line})` : 'What you gave';
  const fields: [string, string | undefined][] = [
    ['title', text(i.title) ?? item.title ?? undefined],
    ['authors', authorsOf(i)],
    ['ISBN', text(i.isbn13) ?? text(i.isbn) ?? text(i.isbn10)],
    ['publisher', text(i.publisher)],
    ['year', text(i.year)],
    ['shelf', text(i.shelf)],
  ];
  return h(
    'div',
    { class: 'yours' },
    h('h3', {}, line),
    h('dl', { class: 'fields' }, ...fields.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
  );
}

function candidate(c: TBookCandidate, key: number, label: string, onPick: () => void): HTMLElement {
  const shown = recordOf(c);
  return h(
    'li',
    { class: 'candidate', attrs: { 'data-key': key } },
    h('div', { class: 'muted' }, `${key} · ${label} · score ${c.score.toFixed(2)} (by ${c.matchedBy})`),
    shown ? recordBlock(shown) : null,
    h('button', { attrs: { type: 'button' }, on: { click: onPick } }, key === 1 ? 'Accept (A)' : `This one (${key})`),
  );
}

/** One item waiting for a decision: what the user has beside the candidates, and the actions. */
export function reviewItemCard(item: TReviewItem, spine: HTMLElement, actions: ReviewActions): HTMLElement {
  const list = h('ol', { class: 'candidates', attrs: { 'aria-label': 'candidates' } });
  if (item.match) list.append(candidate(item.match, 1, 'best match', actions.accept));
  item.candidates.slice(0, 8).forEach((c, i) => list.append(candidate(c, i + 2, 'alternative', () => actions.choose(i))));
  const none = !item.match && item.candidates.length === 0 ? h('p', { class: 'muted' }, 'No candidate was found: edit it or reject it.') : null;
  return h(
    'article',
    { class: 'review-item', attrs: { 'data-index': item.index } },
    h('div', { class: 'split' }, yours(item, spine), h('div', {}, h('h3', {}, 'Found'), none, list)),
    h(
      'div',
      { class: 'row' },
      h('button', { attrs: { type: 'button' }, on: { click: actions.edit } }, 'Edit (E)'),
      h('button', { attrs: { type: 'button' }, on: { click: actions.reject } }, 'Reject (R)'),
      h('button', { attrs: { type: 'button' }, on: { click: actions.skip } }, 'Skip (S)'),
    ),
  );
}
