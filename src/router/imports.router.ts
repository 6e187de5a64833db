import { ZCsvImportStartInput } from '../contract/imports.js';
import { ZJobStarted } from '../contract/jobs.js';
import { importsRoutes } from '../contract/routes.js';
import { CsvIntake } from '../jobs/csv-import/intake.js';
import { startCsvImport } from './job-starts.js';
import { restRoute } from './openapi-meta.js';
import { router, startProcedure } from './trpc.js';

export const importsRouter = router({
  /**
   * Starts a CSV import: the file is checked (size, empty, binary) and stored, the job is queued,
   * and the answer comes at once; parsing, mapping and lookups happen in the runner.
   */
  startCsv: startProcedure
    .meta(restRoute(importsRoutes.startCsv, false))
    .input(ZCsvImportStartInput)
    .output(ZJobStarted)
    .mutation(({ ctx, input }) => startCsvImport(ctx, ctx.clientKey, CsvIntake.bytesOf(input), input)),
});
