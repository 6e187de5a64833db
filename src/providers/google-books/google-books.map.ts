import { normalizeDate } from '../dates.js';
import { isbn13sOf } from '../isbns.js';
import { optional } from '../optional.js';
import type { ProviderRecord } from '../types.js';
import type { TGoogleVolume } from './google-books.schema.js';

/** Google answers `http://` cover links with a zoom level; clients need https. */
export function googleCoverUrl(links: Record<string, string> | undefined): string | undefined {
  const url = links?.thumbnail ?? links?.smallThumbnail;
  return url?.replace(/^http:\/\//, 'https://').replace(/&edge=curl/, '');
}

export function fromVolume(volume: TGoogleVolume): ProviderRecord | undefined {
  const info = volume.volumeInfo;
  // A volume without a title is of no use for matching (Google has a few).
  if (info.title === undefined) return undefined;
  const ids = info.industryIdentifiers ?? [];
  const of = (type: string) => ids.filter((i) => i.type === type).map((i) => i.identifier);
  return {
    provider: 'google-books',
    id: volume.id,
    title: info.title,
    ...optional('subtitle', info.subtitle),
    authors: info.authors ?? [],
    isbn13s: isbn13sOf(of('ISBN_13'), of('ISBN_10')),
    ...optional('publisher', info.publisher),
    ...optional('publishedDate', normalizeDate(info.publishedDate)),
    ...optional('pageCount', info.pageCount !== undefined && info.pageCount > 0 ? info.pageCount : undefined),
    ...optional('description', info.description),
    ...optional('coverUrl', googleCoverUrl(info.imageLinks)),
    subjects: info.categories ?? [],
    ...optional('language', info.language),
    ...optional('binding', volume.saleInfo?.isEbook === true ? 'ebook' : undefined),
    ids: { googleBooksVolume: volume.id },
  };
}
