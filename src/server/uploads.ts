import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { ZCsvImportOptions, type TCsvImportOptions } from '../contract/imports.js';
import { ZJobStarted } from '../contract/jobs.js';
import { MAX_SCAN_PHOTOS, ZScanStarted, ZScanStartInput } from '../contract/scans.js';
import { AppError } from '../errors.js';
import type { Context } from '../router/context.js';
import { invalidInputError } from '../router/error-map.js';
import { startCsvImport, startShelfScan } from '../router/job-starts.js';
import { checkStart } from '../router/trpc.js';
import { readMultipart } from './multipart.js';
import { sendErrorJson, toHttpError } from './rest-error.js';

export interface UploadDeps {
  createContext(req: IncomingMessage, res: ServerResponse): Context;
  maxCsvBytes: number;
  maxPhotoBytes: number;
}

const BOOLEAN: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/** Form fields checked by the contract's schema, as the procedure checks its JSON input. */
function parseFields<T>(schema: z.ZodType<T>, fields: unknown): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw invalidInputError(parsed.error);
  return parsed.data;
}

/** The CSV form's fields → the import's options; an unreadable `enrich` is refused here, the rest by the schema. */
function csvOptionsOf(fields: Record<string, string>, filename: string): TCsvImportOptions {
  const enrich = fields.enrich === undefined ? undefined : BOOLEAN[fields.enrich.trim().toLowerCase()];
  if (fields.enrich !== undefined && enrich === undefined) throw new AppError('INVALID_INPUT', 'enrich must be true or false', { field: 'enrich' });
  const name = fields.filename ?? (filename || undefined);
  return parseFields(ZCsvImportOptions, {
    ...(name !== undefined ? { filename: name } : {}),
    ...(fields.format !== undefined ? { format: fields.format } : {}),
    ...(enrich !== undefined ? { enrich } : {}),
    ...(fields.idempotencyKey !== undefined ? { idempotencyKey: fields.idempotencyKey } : {}),
  });
}

/**
 * Runs a multipart route: the start checks (intake open, API key, start limit) run first, before a
 * byte of the body is read, so a refused client is not made to upload (nor the server to buffer)
 * megabytes for nothing; then the form is read and the job started from the bytes as they came
 * (`job-starts.ts`, what the procedure runs after decoding its base64), and the answer or error
 * written as the bridge would.
 */
async function serveForm(req: IncomingMessage, res: ServerResponse, deps: UploadDeps, path: string, handle: (ctx: Context, clientKey: string) => Promise<unknown>): Promise<void> {
  let ctx: Context | undefined;
  let checked = false;
  try {
    ctx = deps.createContext(req, res);
    const clientKey = await checkStart(ctx);
    checked = true;
    const answer = await handle(ctx, clientKey);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
  } catch (cause: unknown) {
    const error = toHttpError(cause);
    // A body left unread (refused before reading, or cut off at the limit) is not drained: the connection ends.
    if (!checked || (error.cause instanceof AppError && error.cause.code === 'PAYLOAD_TOO_LARGE')) res.setHeader('Connection', 'close');
    sendErrorJson(res, error, ctx, path, 'mutation');
  }
}

/**
 * `POST /api/v1/imports/csv` with `multipart/form-data` (field `file`, plus optional `format`,
 * `enrich`, `filename`, `idempotencyKey`): the bridge takes JSON only, so the form is read here and
 * handed to the same procedure, with the same key check, rate limit (checked before the body is read),
 * validation and answer.
 */
export function serveCsvUpload(req: IncomingMessage, res: ServerResponse, deps: UploadDeps): Promise<void> {
  return serveForm(req, res, deps, 'imports.startCsv', async (ctx, clientKey) => {
    const form = await readMultipart(req, { fileField: 'file', maxFiles: 1, maxFileBytes: deps.maxCsvBytes });
    const file = form.files[0];
    if (!file) throw new AppError('INVALID_INPUT', 'send the CSV as the multipart file field "file"', { field: 'file' });
    const options = csvOptionsOf(form.fields, file.filename);
    return ZJobStarted.parse(await startCsvImport(ctx, clientKey, { bytes: file.bytes, field: 'file' }, options));
  });
}

/** `POST /api/v1/scans` with `multipart/form-data`: 1–5 files in the field `photos` (plus `idempotencyKey`). */
export function serveScanUpload(req: IncomingMessage, res: ServerResponse, deps: UploadDeps): Promise<void> {
  return serveForm(req, res, deps, 'scans.start', async (ctx, clientKey) => {
    const form = await readMultipart(req, { fileField: 'photos', maxFiles: MAX_SCAN_PHOTOS, maxFileBytes: deps.maxPhotoBytes });
    if (form.files.length === 0) throw new AppError('INVALID_INPUT', `send 1–${MAX_SCAN_PHOTOS} photos as the multipart file field "photos"`, { field: 'photos' });
    const { idempotencyKey } = parseFields(ZScanStartInput.pick({ idempotencyKey: true }), form.fields);
    const photos = form.files.map((f, index) => ({ bytes: f.bytes, field: `photos.${index}`, ...(f.filename ? { name: f.filename } : {}) }));
    return ZScanStarted.parse(await startShelfScan(ctx, clientKey, photos, idempotencyKey));
  });
}
