import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import type { TCsvImportStartInput } from '../contract/imports.js';
import { AppError } from '../errors.js';
import { appRouter } from '../router/app.js';
import type { Context } from '../router/context.js';
import { toTRPCError } from '../router/error-map.js';
import { createCallerFactory } from '../router/trpc.js';
import { readMultipart } from './multipart.js';
import { sendErrorJson } from './rest-error.js';

const createCaller = createCallerFactory(appRouter);

export interface CsvUploadDeps {
  createContext(req: IncomingMessage, res: ServerResponse): Context;
  maxCsvBytes: number;
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
 * `POST /api/v1/imports/csv` with `multipart/form-data` (field `file`, plus optional `format`,
 * `enrich`, `filename`, `idempotencyKey`): the bridge takes JSON only, so the form is read here and
 * handed to the same procedure, with the same key check, rate limit, validation and answer.
 */
export async function serveCsvUpload(req: IncomingMessage, res: ServerResponse, deps: CsvUploadDeps): Promise<void> {
  let ctx: Context | undefined;
  try {
    ctx = deps.createContext(req, res);
    const form = await readMultipart(req, { fileField: 'file', maxFiles: 1, maxFileBytes: deps.maxCsvBytes });
    const file = form.files[0];
    if (!file) throw new AppError('INVALID_INPUT', 'send the CSV as the multipart file field "file"', { field: 'file' });
    const started = await createCaller(ctx).imports.startCsv(inputOf(form.fields, file));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(started));
  } catch (cause: unknown) {
    const error = cause instanceof AppError ? toTRPCError(cause) : getTRPCErrorFromUnknown(cause);
    if (error.cause instanceof AppError && error.cause.code === 'PAYLOAD_TOO_LARGE') res.setHeader('Connection', 'close');
    sendErrorJson(res, error, ctx, 'imports.startCsv', 'mutation');
  }
}
