import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors.js';
import type { ScanPhotos } from '../jobs/shelf-scan/scan-photos.js';
import { clientKeyOf, requireJobAccess } from '../router/auth.js';
import type { Context } from '../router/context.js';
import { sendErrorJson, toHttpError } from './rest-error.js';

export interface PhotoRouteDeps {
  createContext(req: IncomingMessage, res: ServerResponse): Context;
  photos: ScanPhotos;
}

const INDEX = /^\d{1,3}$/;

/**
 * `GET /api/v1/jobs/{jobId}/photos/{photoIndex}[?item=N]`: a scan's photo as JPEG, or the crop of
 * item N's box on it, behind the same job token (`Authorization`, or `?token=` for an `<img>`) and
 * read limit as every per-job route.
 */
export async function servePhoto(req: IncomingMessage, res: ServerResponse, jobId: string, photoIndex: string, deps: PhotoRouteDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let ctx: Context | undefined;
  try {
    ctx = deps.createContext(req, res);
    await ctx.deps.rateLimits.reads.check(clientKeyOf(ctx), ctx.req);
    await requireJobAccess(ctx, jobId, url.searchParams.get('token') ?? undefined);
    const item = url.searchParams.get('item');
    if (!INDEX.test(photoIndex)) throw new AppError('INVALID_INPUT', 'photoIndex must be a whole number', { field: 'photoIndex' });
    if (item !== null && !INDEX.test(item)) throw new AppError('INVALID_INPUT', 'item must be a whole number', { field: 'item' });
    const jpeg = await deps.photos.jpeg(jobId, Number(photoIndex), item === null ? undefined : Number(item));
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.byteLength, 'Cache-Control': 'private, max-age=3600' }).end(jpeg);
  } catch (cause: unknown) {
    sendErrorJson(res, toHttpError(cause), ctx, 'jobs.photo', 'query');
  }
}
