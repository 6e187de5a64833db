import { scansRoutes } from '../contract/routes.js';
import { ZScanStartInput, ZScanStarted } from '../contract/scans.js';
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
    .mutation(async ({ ctx, input }) => {
      const photos = input.photos.map((photo, index) => ({ bytes: Buffer.from(photo.data, 'base64'), field: `photos.${index}` }));
      const job = await ctx.deps.scanIntake.accept(photos);
      const started = ctx.deps.engine.enqueue('shelf-scan', job, {
        clientKey: ctx.clientKey,
        idempotencyKey: input.idempotencyKey,
        blobs: job.photos.map((p) => ({ sha256: p.blob, role: 'photo' })),
      });
      return { ...started, totalPhotos: job.photos.length };
    }),
});
