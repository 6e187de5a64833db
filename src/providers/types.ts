import type { TMetadataProvider } from '../contract/books.js';
import type { TColumnMapping } from '../contract/imports.js';
import type { TDetection } from '../contract/scans.js';

/**
 * One provider's record of one edition, already validated and flattened from its wire format.
 * The enrichment engine scores, caches and merges these; it never sees upstream JSON.
 */
export interface ProviderRecord {
  provider: TMetadataProvider;
  /** The provider's own id of this record: OpenLibrary edition key, Google volume id, ISBNdb ISBN-13. */
  id: string;
  title: string;
  subtitle?: string;
  /** Display names, "First Last" as the provider gives them. */
  authors: string[];
  /** Valid ISBN-13s of this edition (ISBN-10s converted). */
  isbn13s: string[];
  publisher?: string;
  /** As precise as the provider knows it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  publishedDate?: string;
  pageCount?: number;
  description?: string;
  /** https URL of a real cover (never a provider's placeholder image). */
  coverUrl?: string;
  /** Raw subjects / categories; normalised to genres when merged. */
  subjects: string[];
  language?: string;
  /** Raw binding / print type ("Mass Market Paperback", "ebook", …); mapped to a canonical format when merged. */
  binding?: string;
  ids: {
    openLibraryEdition?: string;
    openLibraryWork?: string;
    googleBooksVolume?: string;
    isbndb?: string;
    goodreads?: string[];
    librarything?: string[];
    amazon?: string[];
  };
}

/** A title/author search. At least one field is set. */
export interface SearchQuery {
  title?: string;
  author?: string;
  /** Free text, when the caller has no separate title and author. */
  q?: string;
  limit: number;
}

/** A non-fatal thing worth telling the job's watchers (a rate-limit wait, a retry). */
export interface ProviderWarning {
  provider: TMetadataProvider | 'gemini';
  code: 'PROVIDER_RATE_LIMITED' | 'PROVIDER_RETRY' | 'PROVIDER_UNAVAILABLE';
  message: string;
  retryInMs?: number;
}

/** Per-call options: the caller's abort signal and where to report warnings and requests. */
export interface ProviderCall {
  signal: AbortSignal;
  onWarning?: (warning: ProviderWarning) => void;
  /** Called for every HTTP request sent upstream, retries included (cache hits send none). */
  onRequestSent?: (provider: TMetadataProvider | 'gemini') => void;
}

/** How fast a provider may be called: what a caller plans its queue and its estimates with. */
export interface ProviderPace {
  requestsPerMinute: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/**
 * A metadata provider. Implementations throw `ProviderUnavailableError` for anything that says
 * "the provider could not answer" (quota, 5xx, timeout, open breaker, malformed body), so an
 * outage is never mistaken for "not found".
 */
export interface BookProvider {
  readonly name: TMetadataProvider;
  /** How many ISBNs one upstream call can look up (1 when the provider has no bulk lookup). */
  readonly isbnBatchSize: number;
  /** Its configured rate; unknown (a test double) is taken as unpaced. */
  readonly pace?: ProviderPace;
  /** Looks up ISBN-13s; the map has an entry for each one found (keyed by the ISBN asked for). */
  lookupIsbns(isbn13s: readonly string[], call: ProviderCall): Promise<Map<string, ProviderRecord>>;
  search(query: SearchQuery, call: ProviderCall): Promise<ProviderRecord[]>;
}

/** A header and a few rows of a spreadsheet: all a column mapper is ever shown (never the whole file). */
export interface CsvSample {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/**
 * Says which column of an unfamiliar spreadsheet holds which field (a language model, today
 * Gemini). The answer is validated: only fields of the vocabulary, only headers that exist, each
 * field at most once. Throws `ProviderUnavailableError` when the model cannot be reached.
 */
export interface CsvColumnMapper {
  readonly name: string;
  /** Bump when the prompt or schema changes, so cached mappings of the old one are not reused. */
  readonly version: string;
  mapColumns(sample: CsvSample, call: ProviderCall): Promise<TColumnMapping>;
}

/** A photo as a scanner is given it (already oriented and scaled down). */
export interface ShelfPhoto {
  bytes: Uint8Array;
  mimeType: string;
}

/**
 * Reads the books on a shelf photo (Gemini vision today). Throws `ProviderUnavailableError` when
 * the model cannot be reached, and a non-retryable `AppError` (`GEMINI_BLOCKED`,
 * `GEMINI_OUTPUT_INVALID`) when this photo cannot be read; no books is an empty list.
 */
export interface ShelfScanner {
  readonly name: string;
  /** The prompt and schema version, kept with each photo's detections. */
  readonly version: string;
  scan(photo: ShelfPhoto, call: ProviderCall): Promise<TDetection[]>;
}
