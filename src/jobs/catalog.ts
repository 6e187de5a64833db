import type { ZEnrichmentJobInput } from '../contract/enrichment.js';
import type { ZCsvImportJobInput } from '../contract/imports.js';
import type { ZScanJobInput } from '../contract/scans.js';

/**
 * The production job catalog: kind → input schema. Each kind is added here with its definition
 * in `registry.ts`; `defineRegistry` then refuses to compile a kind without a handler.
 */
// A type alias, not an interface: catalogs must be assignable to `Record<string, ZodType>`.
export type AppJobCatalog = {
  enrichment: typeof ZEnrichmentJobInput;
  'csv-import': typeof ZCsvImportJobInput;
  'shelf-scan': typeof ZScanJobInput;
};
