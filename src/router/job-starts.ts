import type { TCsvImportOptions } from '../contract/imports.js';
import type { TJobStarted } from '../contract/jobs.js';
import type { TScanStarted } from '../contract/scans.js';
import type { Context } from './context.js';

/** A file in hand, and the input field to name when it is refused. */
export interface StartFile {
  bytes: Uint8Array;
  /** The request field it came in (`csv`, `file`, `photos.2`): refusals name it. */
  field: string;
  /** The file's own name, when the upload gave one (multipart): refusals say it too. */
  name?: string | undefined;
}

/**
 * What `imports.startCsv` does once it has the file's bytes: check and store them, queue the job.
 * Multipart uploads call it with the bytes they streamed in, instead of the procedure with the
 * file in base64: the round trip (encode, check, decode) cost ~100 ms of the serving thread for a
 * 10 MB file and five photos. `clientKey` comes from `checkStart`, which the caller has run.
 */
export async function startCsvImport(ctx: Context, clientKey: string, file: StartFile, options: TCsvImportOptions): Promise<TJobStarted> {
  const accepted = await ctx.deps.csvIntake.accept(file.bytes, file.field);
  return ctx.deps.engine.enqueue(
    'csv-import',
    { ...accepted, format: options.format, enrich: options.enrich, ...(options.filename !== undefined ? { filename: options.filename } : {}) },
    { clientKey, idempotencyKey: options.idempotencyKey, blobs: [{ sha256: accepted.blob, role: 'csv' }] },
  );
}

/** What `scans.start` does once it has the photos' bytes: check and store every one, queue the job. */
export async function startShelfScan(ctx: Context, clientKey: string, photos: StartFile[], idempotencyKey: string | undefined): Promise<TScanStarted> {
  const job = await ctx.deps.scanIntake.accept(photos);
  const started = await ctx.deps.engine.enqueue('shelf-scan', job, {
    clientKey,
    idempotencyKey,
    blobs: job.photos.map((p) => ({ sha256: p.blob, role: 'photo' })),
  });
  return { ...started, totalPhotos: job.photos.length };
}
