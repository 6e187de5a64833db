import type { ShownRecord } from '../book-text.js';
import { h } from '../dom.js';

/** A found book: cover, title, authors, year, ISBN, and which provider gave what. */
export function recordBlock(r: ShownRecord): HTMLElement {
  return h(
    'div',
    { class: 'found' },
    r.cover ? h('img', { attrs: { src: r.cover, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' } }) : h('span', { class: 'nocover', attrs: { 'aria-hidden': 'true' } }),
    h(
      'div',
      {},
      h('strong', {}, r.title),
      r.authors ? h('div', {}, r.authors) : null,
      r.year || r.isbn ? h('div', { class: 'muted' }, [r.year, r.isbn ? `ISBN ${r.isbn}` : undefined].filter(Boolean).join(' · ')) : null,
      r.providers ? h('div', { class: 'muted' }, `from ${r.providers}`) : null,
      r.provenance ? h('details', { class: 'muted' }, h('summary', {}, 'which gave what'), r.provenance) : null,
    ),
  );
}
