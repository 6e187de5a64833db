/**
 * Reading untrusted JSON (a CSV row as stored, a provider's record) into display strings. Values
 * of the wrong type are left out rather than shown as `[object Object]`.
 */

/** A string or number field as text, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Names from `[{ name }]` (the user's authors, a match's authors), comma-separated. */
export function names(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.map((a) => text((a as { name?: unknown } | null)?.name)).filter((n): n is string => n !== undefined);
  return list.length > 0 ? list.join(', ') : undefined;
}

/** The authors of an item's input: a CSV row's `authors`, an enrichment query's `author`, or what a spine said. */
export function authorsOf(input: Record<string, unknown>): string | undefined {
  return names(input.authors) ?? text(input.author) ?? text((input.detection as { author?: unknown } | null | undefined)?.author);
}

/** A book record as providers give it (`BookCandidate`): its work, its edition, authors, sources. */
export interface ShownRecord {
  title: string;
  authors: string | undefined;
  year: string | undefined;
  isbn: string | undefined;
  /** Only over https: the page's policy allows no other image source. */
  cover: string | undefined;
  providers: string | undefined;
  /** Which provider gave which field: "edition.pageCount: isbndb, work.title: openlibrary". */
  provenance: string | undefined;
  score: number | undefined;
}

export function recordOf(value: unknown): ShownRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as { work?: Record<string, unknown>; edition?: Record<string, unknown>; authors?: unknown; providers?: unknown; provenance?: unknown; score?: unknown };
  const provenance = typeof r.provenance === 'object' && r.provenance !== null ? Object.entries(r.provenance).filter(([, p]) => typeof p === 'string') : [];
  const cover = text(r.edition?.coverImageURL) ?? text(r.work?.coverImageURL);
  return {
    title: text(r.work?.title) ?? '(untitled)',
    authors: names(r.authors),
    year: text(r.edition?.publicationDate)?.slice(0, 4) ?? text(r.work?.firstPublicationYear),
    isbn: text(r.edition?.isbn),
    cover: cover?.startsWith('https:') ? cover : undefined,
    providers: Array.isArray(r.providers) ? r.providers.map((p) => text(p)).filter(Boolean).join(', ') : undefined,
    provenance: provenance.length > 0 ? provenance.map(([field, p]) => `${field}: ${String(p)}`).join(', ') : undefined,
    score: typeof r.score === 'number' ? r.score : undefined,
  };
}
