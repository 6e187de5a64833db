import type { IncomingMessage } from 'node:http';
import { Busboy } from '@fastify/busboy';
import { AppError } from '../errors.js';

export interface MultipartFile {
  field: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

export interface MultipartBody {
  files: MultipartFile[];
  fields: Record<string, string>;
}

export interface MultipartLimits {
  /** The one field that carries files; a file in any other field is refused. */
  fileField: string;
  maxFiles: number;
  /** Per file; one byte more and the upload is refused with 413 (the rest is not buffered). */
  maxFileBytes: number;
}

const MAX_TEXT_FIELDS = 20;
const MAX_TEXT_FIELD_BYTES = 4096;

/**
 * Reads a `multipart/form-data` body with busboy, enforcing the limits while streaming: a file
 * over the limit, too many files or a malformed body end the read with a 4xx `AppError` naming the
 * field (and the file's position, `photos.3`).
 */
export function readMultipart(req: IncomingMessage, limits: MultipartLimits): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      // Keep reading (and discarding) so the client gets the answer instead of a reset.
      req.resume();
      reject(error);
    };
    let busboy: ReturnType<typeof Busboy>;
    try {
      busboy = Busboy({
        headers: { ...req.headers, 'content-type': req.headers['content-type'] ?? '' },
        limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: MAX_TEXT_FIELDS, fieldSize: MAX_TEXT_FIELD_BYTES },
        // Every part of the file field is a file, with or without a filename (clients such as
        // swift-openapi-runtime send `Content-Type` and no filename); other parts by the default rule.
        isPartAFile: (field, contentType, filename) => field === limits.fileField || filename !== undefined || contentType === 'application/octet-stream',
      });
    } catch (cause: unknown) {
      reject(new AppError('INVALID_INPUT', 'the multipart body has no boundary', { field: limits.fileField, cause }));
      return;
    }
    const files: MultipartFile[] = [];
    const fields: Record<string, string> = {};
    const pending: Promise<void>[] = [];
    busboy.on('file', (field, stream, filename, _encoding, mimeType) => {
      const position = files.length;
      const name = limits.maxFiles > 1 ? `${limits.fileField}.${position}` : limits.fileField;
      if (field !== limits.fileField) {
        stream.resume();
        fail(new AppError('INVALID_INPUT', `unexpected file field "${field}"; send the file as "${limits.fileField}"`, { field }));
        return;
      }
      const file: MultipartFile = { field, filename, mimeType, bytes: Buffer.alloc(0) };
      files.push(file);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // Said as the user knows the file: counted from 1 and by its name, the field as the API's.
      const which = `${limits.maxFiles > 1 ? `${limits.fileField} ${position + 1}` : limits.fileField}${filename ? ` (${filename})` : ''}`;
      stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `${which} is over the limit of ${limits.maxFileBytes} bytes`, { field: name })));
      // A body that ends inside this file ("Part terminated early") errors the file stream too:
      // unheard, that error would be uncaught and take the process down.
      stream.on('error', (cause: unknown) => fail(new AppError('INVALID_INPUT', `${name} ends before its part does: the multipart body is cut short`, { field: name, cause })));
      pending.push(
        new Promise((done) =>
          stream.on('end', () => {
            file.bytes = Buffer.concat(chunks);
            done();
          }),
        ),
      );
    });
    busboy.on('field', (field, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) fail(new AppError('INVALID_INPUT', `field "${field}" is too long`, { field }));
      else fields[field] = value;
    });
    busboy.on('filesLimit', () => fail(new AppError('INVALID_INPUT', `at most ${limits.maxFiles} file(s) in "${limits.fileField}"`, { field: limits.fileField })));
    busboy.on('fieldsLimit', () => fail(new AppError('INVALID_INPUT', 'too many form fields', { field: limits.fileField })));
    busboy.on('error', (cause: unknown) => fail(new AppError('INVALID_INPUT', 'the multipart body is malformed', { field: limits.fileField, cause })));
    busboy.on('finish', () => {
      Promise.all(pending).then(
        () => {
          if (settled) return;
          settled = true;
          resolve({ files, fields });
        },
        (cause: unknown) => fail(new AppError('INVALID_INPUT', 'the upload could not be read', { field: limits.fileField, cause })),
      );
    });
    req.on('error', (cause: unknown) => fail(new AppError('INVALID_INPUT', 'the upload was interrupted', { field: limits.fileField, cause })));
    req.pipe(busboy);
  });
}
