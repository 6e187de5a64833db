import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TCsvImportStartInput } from '../contract/imports.js';
import { MAX_SCAN_PHOTOS } from '../contract/scans.js';
import { AppError } from '../errors.js';
import { appRouter } from '../router/app.js';
import type { Context } from '../router/context.js';
import { createCallerFactory, precheckStart } from '../router/trpc.js';
import { readMultipart } from './multipart.js';
import { sendErrorJson, toHttpError } from './rest-error.js';

const createCaller = createCallerFactory(appRouter);

export interface UploadDeps {
  createContext(req: IncomingMessage, res: ServerResponse): Context;
  maxCsvBytes: number;
  maxPhotoBytes: number;
}

const BOOLEAN: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };

/** Form fields → the procedure's input; an unreadable `enrich` is refused here, the rest by the schema. */
function inputOf(fields: Record<string, string>, file: { bytes: Buffer; filename: string }): TCsvImportStartInput {
  const enrich = fields.enrich === undefined ? undefined : BOOLEAN[fields.enrich.trim().toLowerCase()];
  if (fields.enrich !== undefined && enrich === undefined) throw new AppError('INVALID_INPUT', 'enrich must be true or false', { field: 'enrich' });
  const filename = fields.filename ?? (file.filename || undefined);
  return {
    csvBase64: file.bytes.toString('base64'),
    ...(filename !== undefined ? { filename } : {}),
    ...(fields.format !== undefined ? { format: fields.format as TCsvImportStartInput['format'] } : {}),
    ...(enrich !== undefined ? { enrich } : {}),
    ...(fields.idempotencyKey !== undefined ? { idempotencyKey: fields.idempotencyKey } : {}),
  };
}

/**
 * Runs a multipart route: the start checks (intake open, API key, start limit) run first, before a
 * byte of the body is read, so a refused client is not made to upload (nor the server to buffer)
 * megabytes for nothing; then the form is read, handed to the procedure (which does not count the
 * start again), and its answer or error written as the bridge would.
 */
async function serveForm(req: IncomingMessage, res: ServerResponse, deps: UploadDeps, path: string, handle: (ctx: Context) => Promise<unknown>): Promise<void> {
  let ctx: Context | undefined;
  let checked = false;
  try {
    ctx = deps.createContext(req, res);
    await precheckStart(ctx);
    checked = true;
    const answer = await handle(ctx);
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
  return serveForm(req, res, deps, 'imports.startCsv', async (ctx) => {
    const form = await readMultipart(req, { fileField: 'file', maxFiles: 1, maxFileBytes: deps.maxCsvBytes });
    const file = form.files[0];
    if (!file) throw new AppError('INVALID_INPUT', 'send the CSV as the multipart file field "file"', { field: 'file' });
    return createCaller(ctx).imports.startCsv(inputOf(form.fields, file));
  });
}

/** `POST /api/v1/scans` with `multipart/form-data`: 1–5 files in the field `photos` (plus `idempotencyKey`). */
export function serveScanUpload(req: IncomingMessage, res: ServerResponse, deps: UploadDeps): Promise<void> {
  return serveForm(req, res, deps, 'scans.start', async (ctx) => {
    const form = await readMultipart(req, { fileField: 'photos', maxFiles: MAX_SCAN_PHOTOS, maxFileBytes: deps.maxPhotoBytes });
    if (form.files.length === 0) throw new AppError('INVALID_INPUT', `send 1–${MAX_SCAN_PHOTOS} photos as the multipart file field "photos"`, { field: 'photos' });
    const photos = form.files.map((f) => ({ data: f.bytes.toString('base64'), ...(f.mimeType ? { mimeType: f.mimeType } : {}) }));
    return createCaller(ctx).scans.start({ photos, ...(form.fields.idempotencyKey !== undefined ? { idempotencyKey: form.fields.idempotencyKey } : {}) });
  });
}
