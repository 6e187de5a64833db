import { scansRoutes } from '../contract/routes.js';
import { ZScanStartInput, ZScanStarted } from '../contract/scans.js';
import { startShelfScan } from './job-starts.js';
import { restRoute } from './openapi-meta.js';
import { router, startProcedure } from './trpc.js';

export const scansRouter = router({
  /**
   * Starts a shelf scan of 1–5 photos: each is checked and stored, the job is queued, and the
   * answer comes at once with `totalPhotos`; Gemini reads the photos in the runner.
   */
  start: startProcedure
    .meta(restRoute(scansRoutes.start, false))
    .input(ZScanStartInput)
    .output(ZScanStarted)
    .mutation(({ ctx, input }) => {
      const photos = input.photos.map((photo, index) => ({ bytes: Buffer.from(photo.data, 'base64'), field: `photos.${index}` }));
      return startShelfScan(ctx, ctx.clientKey, photos, input.idempotencyKey);
    }),
});
