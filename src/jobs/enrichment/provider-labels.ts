import type { TMetadataProvider } from '../../contract/books.js';

/** Providers as people name them, for progress messages and reasons. */
export const PROVIDER_LABELS: Readonly<Record<TMetadataProvider, string>> = {
  openlibrary: 'OpenLibrary',
  'google-books': 'Google Books',
  isbndb: 'ISBNdb',
};
