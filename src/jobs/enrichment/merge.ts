import type { TBookRecord, TDataProvider, TEdition, TMetadataProvider, TWork } from '../../contract/books.js';
import { isbn13To10 } from '../../contract/isbn.js';
import { yearOf } from '../../providers/dates.js';
import type { ProviderRecord } from '../../providers/types.js';
import { toEditionFormat } from './format.js';
import { normalizeGenres } from './genres.js';
import { authorSimilarity, titleSimilarity } from './similarity.js';

/** Whose cover to prefer: Google's are often low quality (Calibre deprioritises them too). */
const COVER_PRIORITY: readonly TMetadataProvider[] = ['openlibrary', 'isbndb', 'google-books'];

const stripHtml = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** ISBNdb's completeness score, as the original computed it (original-system §5.3). */
function isbndbQuality(r: ProviderRecord | undefined): number {
  if (!r) return 0;
  const q = 50 + (r.coverUrl ? 20 : 0) + ((r.description?.length ?? 0) > 50 ? 10 : 0) + (r.pageCount ? 5 : 0) + (r.publisher ? 5 : 0) + (r.subjects.length ? 5 : 0) + (r.authors.length ? 5 : 0);
  return Math.min(100, q);
}

/**
 * Several providers' records of one book → one canonical record, field by field, noting which
 * provider each kept value came from. `records` are in provider priority order; the record that
 * carries the ISBN that was looked up wins the title and the edition's own facts.
 */
export function mergeRecords(records: readonly ProviderRecord[], opts: { matchedByIsbn?: string } = {}): TBookRecord {
  const first = records[0];
  if (!first) throw new Error('mergeRecords needs at least one record');
  const provenance: Record<string, TDataProvider> = {};
  const byIsbn = opts.matchedByIsbn === undefined ? undefined : records.find((r) => r.isbn13s.includes(opts.matchedByIsbn ?? ''));
  /** The edition's facts: the ISBN-matched record first, then priority order. */
  const carriesIsbn = (r: ProviderRecord) => opts.matchedByIsbn !== undefined && r.isbn13s.includes(opts.matchedByIsbn);
  const editionOrder = [...records.filter(carriesIsbn), ...records.filter((r) => !carriesIsbn(r))];
  const pick = <K extends keyof ProviderRecord>(field: K, label: string, order: readonly ProviderRecord[] = editionOrder) => {
    const r = order.find((x) => x[field] !== undefined);
    if (r) provenance[label] = r.provider;
    return r?.[field];
  };

  const titleSource = byIsbn ?? [...records].sort((a, b) => a.title.length - b.title.length)[0] ?? first;
  provenance['work.title'] = titleSource.provider;
  const authorSource = [...records].sort((a, b) => b.authors.length - a.authors.length)[0] ?? first;
  if (authorSource.authors.length > 0) provenance.authors = authorSource.provider;
  const describer = [...records].filter((r) => r.description).sort((a, b) => (b.description?.length ?? 0) - (a.description?.length ?? 0))[0];
  if (describer) provenance['work.description'] = describer.provider;
  const dated = records.filter((r) => r.publishedDate !== undefined).sort((a, b) => (a.publishedDate ?? '').localeCompare(b.publishedDate ?? ''));
  const earliest = dated[0];
  if (earliest) provenance['work.firstPublicationYear'] = earliest.provider;
  const publicationDate = byIsbn?.publishedDate === undefined ? earliest?.publishedDate : byIsbn.publishedDate;
  if (publicationDate !== undefined) provenance['edition.publicationDate'] = (byIsbn?.publishedDate ? byIsbn : earliest)?.provider ?? first.provider;
  const coverSource = COVER_PRIORITY.map((p) => records.find((r) => r.provider === p && r.coverUrl)).find(Boolean);
  if (coverSource) provenance['edition.coverImageURL'] = coverSource.provider;
  const pageCount = pick('pageCount', 'edition.pageCount');
  const publisher = pick('publisher', 'edition.publisher');
  const binding = pick('binding', 'edition.format');
  const language = pick('language', 'edition.language');

  const isbn13s = unique([...(byIsbn?.isbn13s ?? []), ...records.flatMap((r) => r.isbn13s)]);
  const isbns = unique([...isbn13s, ...isbn13s.map(isbn13To10).filter((i): i is string => i !== null)]);
  const ids = (get: (r: ProviderRecord) => readonly string[] | string | undefined) => unique(records.flatMap((r) => get(r) ?? []));
  const google = ids((r) => r.ids.googleBooksVolume);
  const isbndb = records.find((r) => r.provider === 'isbndb');
  const providers = unique(records.map((r) => r.provider));
  const olWork = records.find((r) => r.ids.openLibraryWork)?.ids.openLibraryWork;
  const olEdition = (byIsbn?.ids.openLibraryEdition ? byIsbn : records.find((r) => r.ids.openLibraryEdition))?.ids.openLibraryEdition;
  const cover = coverSource?.coverUrl;
  const description = describer?.description === undefined ? undefined : stripHtml(describer.description);
  const year = yearOf(earliest?.publishedDate);

  const work: TWork = {
    title: titleSource.title,
    ...(titleSource.subtitle ? { subtitle: titleSource.subtitle } : {}),
    subjectTags: normalizeGenres(records.flatMap((r) => r.subjects)),
    goodreadsWorkIDs: ids((r) => r.ids.goodreads),
    amazonASINs: ids((r) => r.ids.amazon),
    librarythingIDs: ids((r) => r.ids.librarything),
    googleBooksVolumeIDs: google,
    isbndbQuality: isbndbQuality(isbndb),
    reviewStatus: 'verified',
    ...(language ? { originalLanguage: language } : {}),
    ...(year !== undefined ? { firstPublicationYear: year } : {}),
    ...(description ? { description } : {}),
    ...(cover ? { coverImageURL: cover } : {}),
    synthetic: false,
    primaryProvider: first.provider,
    contributors: providers,
    ...(olWork ? { openLibraryWorkID: olWork } : {}),
    ...(google[0] ? { googleBooksVolumeID: google[0] } : {}),
    ...(isbndb ? { isbndbID: isbndb.id } : {}),
  };
  const primaryIsbn = opts.matchedByIsbn ?? isbn13s[0];
  const edition: TEdition = {
    ...(primaryIsbn ? { isbn: primaryIsbn } : {}),
    isbns,
    format: toEditionFormat(binding),
    amazonASINs: work.amazonASINs,
    googleBooksVolumeIDs: google,
    librarythingIDs: work.librarythingIDs,
    isbndbQuality: work.isbndbQuality,
    title: (byIsbn ?? first).title,
    ...(publisher ? { publisher } : {}),
    ...(publicationDate ? { publicationDate } : {}),
    ...(pageCount ? { pageCount } : {}),
    ...(cover ? { coverImageURL: cover } : {}),
    ...(description ? { editionDescription: description } : {}),
    ...(language ? { language } : {}),
    primaryProvider: (byIsbn ?? first).provider,
    contributors: providers,
    ...(olEdition ? { openLibraryEditionID: olEdition } : {}),
    ...(google[0] ? { googleBooksVolumeID: google[0] } : {}),
    ...(isbndb ? { isbndbID: isbndb.id } : {}),
  };
  const authors = authorSource.authors.map((name) => ({ name, gender: 'Unknown' as const }));
  return { work, edition, authors, provenance, providers };
}

/**
 * Pools search results from several providers into groups that are one book: records sharing an
 * ISBN, or with (nearly) the same title and author. Groups keep first-appearance order.
 */
export function groupRecords(records: readonly ProviderRecord[]): ProviderRecord[][] {
  const groups: ProviderRecord[][] = [];
  for (const record of records) {
    const home = groups.find((group) =>
      group.some(
        (other) =>
          other.provider !== record.provider &&
          (other.isbn13s.some((i) => record.isbn13s.includes(i)) ||
            (titleSimilarity(other.title, record.title, record.subtitle) >= 0.92 && authorSimilarity(other.authors.join(' & '), record.authors) >= 0.9)),
      ) && !group.some((other) => other.provider === record.provider),
    );
    if (home) home.push(record);
    else groups.push([record]);
  }
  return groups;
}
