import { createHash } from 'node:crypto';
import type { TColumnMapping, TCsvFormat, TCsvImportJobInput } from '../../contract/imports.js';
import type { ProviderCacheStore } from '../../db/store.js';
import { AppError, isAppError } from '../../errors.js';
import type { CsvColumnMapper, CsvSample, ProviderCall } from '../../providers/types.js';
import { formatFit, formatMismatch, formatRefusal } from './format-fit.js';
import { detectFormat, knownMapping } from './formats.js';
import { isUnderstood, synonymMapping } from './synonyms.js';

/** How the columns of a file were understood. */
export interface ChosenMapping {
  format: TCsvFormat;
  mappedBy: 'format' | 'synonyms' | 'gemini';
  mapping: TColumnMapping;
  /** The format the user chose fits the header only in part: what is read differently, to warn about. */
  mismatch?: string;
}

/** A model's mapping of one header is good for as long as the header exists. */
const MAPPING_TTL_MS = 30 * 24 * 3_600_000;
const SAMPLE_ROWS = 5;

export interface ColumnMappingDeps {
  mapper: CsvColumnMapper | undefined;
  cache: Pick<ProviderCacheStore, 'get' | 'putMany'>;
  now: () => number;
}

/** Same header (names and order) → same fingerprint: the cache key of a model's mapping. */
export function headerFingerprint(header: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(header)).digest('hex');
}

async function askModel(deps: ColumnMappingDeps & { mapper: CsvColumnMapper }, sample: CsvSample, call: ProviderCall): Promise<TColumnMapping> {
  const key = `csv-mapping:${deps.mapper.name}:${deps.mapper.version}:${headerFingerprint(sample.header)}`;
  const cached = await deps.cache.get(key, deps.now());
  if (cached) return cached.value as TColumnMapping;
  const mapping = await deps.mapper.mapColumns({ header: sample.header, rows: sample.rows.slice(0, SAMPLE_ROWS) }, call);
  await deps.cache.putMany([{ key, provider: deps.mapper.name, value: mapping, ttlMs: MAPPING_TTL_MS }], deps.now());
  return mapping;
}

const quoted = (header: readonly string[]) => header.map((h) => JSON.stringify(h)).join(', ');

/**
 * The format the user named, checked against the header: without that format's title column the
 * file is refused (it is not that export, and reading it as another would not be what was asked);
 * with only some of its columns missing it is read as asked, with a `mismatch` to warn about.
 */
function requestedFormat(format: Exclude<TCsvFormat, 'generic'>, header: readonly string[]): ChosenMapping {
  const fit = formatFit(format, header);
  if (fit.titleMissing) throw new AppError('CSV_FORMAT_MISMATCH', formatRefusal(format, header, fit), { field: 'format', retryable: false });
  const mismatch = formatMismatch(format, header, fit);
  return { format, mappedBy: 'format', mapping: knownMapping(format, header), ...(mismatch === undefined ? {} : { mismatch }) };
}

/**
 * Chooses how to read the columns: the format the user named (see `requestedFormat`), else a known
 * export by its header, else synonyms of any spreadsheet, else, when a column mapper is configured,
 * the model's mapping of the header and a few rows (cached by header). Without a title column the
 * import cannot go on.
 */
export async function chooseMapping(
  header: readonly string[],
  sampleRows: readonly (readonly string[])[],
  requested: TCsvImportJobInput['format'],
  deps: ColumnMappingDeps,
  call: ProviderCall,
): Promise<ChosenMapping> {
  if (requested !== 'auto' && requested !== 'generic') return requestedFormat(requested, header);
  const known = requested === 'auto' ? detectFormat(header) : null;
  if (known !== null) {
    const mapping = knownMapping(known, header);
    if (mapping.title !== undefined) return { format: known, mappedBy: 'format', mapping };
  }
  const synonyms = synonymMapping(header);
  if (isUnderstood(synonyms)) return { format: 'generic', mappedBy: 'synonyms', mapping: synonyms };

  let modelProblem: string | undefined;
  if (deps.mapper) {
    try {
      const mapping = await askModel({ ...deps, mapper: deps.mapper }, { header, rows: sampleRows }, call);
      if (mapping.title !== undefined) return { format: 'generic', mappedBy: 'gemini', mapping: { ...synonyms, ...mapping } };
      modelProblem = `${deps.mapper.name} found no title column either`;
    } catch (error: unknown) {
      // An outage is worth a retry of the job; a refusal or a bad answer is not.
      if (!isAppError(error) || error.retryable) throw error;
      modelProblem = `${deps.mapper.name} could not map the columns (${error.message})`;
    }
  }
  if (synonyms.title !== undefined) return { format: 'generic', mappedBy: 'synonyms', mapping: synonyms };
  const hint = modelProblem ?? 'name the title column "Title" (GEMINI_API_KEY lets the server map unusual headers)';
  throw new AppError('CSV_NO_TITLE_COLUMN', `no column holds the book titles; the header has ${header.length} column(s): ${quoted(header)}. ${hint}`, {
    field: 'header',
  });
}
