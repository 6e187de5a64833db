/**
 * Articles a library catalogue moves to the end of a title to sort it ("Hobbit, The"): English,
 * French, German, Spanish, Italian, Dutch and Portuguese. "I" (Italian) is left out: "Part I" and
 * "Henry IV, I" end with a numeral far more often than with an article.
 */
const ARTICLES = ['the', 'a', 'an', 'le', 'la', 'les', 'un', 'une', 'der', 'die', 'das', 'ein', 'eine', 'el', 'los', 'las', 'una', 'il', 'lo', 'gli', 'het', 'de', 'een', 'o', 'os', 'as'];

/** The article after the last comma, before the end or before a subtitle or a parenthesis. */
const SORT_FORM = new RegExp(`^(.+?),\\s+(${ARTICLES.join('|')})(\\s*(?:[:(\\[]|[-–—] ).*)?$`, 'iu');
/** "Étranger, L'": the elided article joins the word it belongs to. */
const ELIDED_SORT_FORM = /^(.+?),\s+(l['’])(\s*(?:[:([]|[-–—] ).*)?$/iu;

/**
 * A title as it is read, from the sort form library catalogues export: "Book of Grief and Praise,
 * The" → "The Book of Grief and Praise", "Hobbit, The (Middle-earth)" → "The Hobbit (Middle-earth)",
 * "Étranger, L'" → "L'Étranger". Any other title is returned as it is. For looking a book up; the
 * user's title is stored as written.
 */
export function naturalTitle(title: string): string {
  const elided = ELIDED_SORT_FORM.exec(title);
  if (elided?.[1] && elided[2]) return `${elided[2]}${elided[1].trim()}${elided[3] ?? ''}`;
  const sorted = SORT_FORM.exec(title);
  if (!sorted?.[1] || !sorted[2]) return title;
  return `${sorted[2]} ${sorted[1].trim()}${sorted[3] ?? ''}`;
}
