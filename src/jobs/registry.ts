import type { AppJobCatalog } from './catalog.js';
import { csvImportJob } from './csv-import/csv-import.job.js';
import { defineRegistry } from './define.js';
import { enrichmentJob } from './enrichment/enrichment.job.js';
import { shelfScanJob } from './shelf-scan/shelf-scan.job.js';

/** Every production job kind and its handler. */
export const appJobRegistry = defineRegistry<AppJobCatalog>()({
  enrichment: enrichmentJob,
  'csv-import': csvImportJob,
  'shelf-scan': shelfScanJob,
});
