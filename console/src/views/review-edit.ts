import type { TReviewItem } from '../../../src/client/index.js';
import { authorsOf, text } from '../book-text.js';
import { h } from '../dom.js';

export interface EditedFields {
  title?: string;
  author?: string;
  isbn?: string;
}

/**
 * The user's own record instead of any candidate: title, author and ISBN, filled in from what the
 * item has. Enter saves, Escape goes back to the candidates. Empty fields are left out.
 */
export function editForm(item: TReviewItem, save: (fields: EditedFields) => void, back: () => void): HTMLFormElement {
  const i = item.input;
  const d = item.detection;
  const field = (label: string, value: string | undefined) =>
    h('input', { attrs: { type: 'text', value: value ?? '', 'aria-label': label, placeholder: label, maxlength: label === 'title' ? 500 : 300 } });
  const title = field('title', d?.title ?? text(i.title) ?? item.title ?? undefined);
  const author = field('author', authorsOf(i));
  const isbn = field('ISBN', d?.isbn ?? text(i.isbn13) ?? text(i.isbn));
  const form = h(
    'form',
    { class: 'edit' },
    h('h3', {}, 'Your own record'),
    title,
    author,
    isbn,
    h('div', { class: 'row' }, h('button', { attrs: { type: 'submit' } }, 'Save (Enter)'), h('button', { attrs: { type: 'button' }, on: { click: back } }, 'Back (Esc)')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const fields: EditedFields = {};
    if (title.value.trim()) fields.title = title.value.trim();
    if (author.value.trim()) fields.author = author.value.trim();
    if (isbn.value.trim()) fields.isbn = isbn.value.trim();
    save(fields);
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') back();
  });
  queueMicrotask(() => title.focus());
  return form;
}
