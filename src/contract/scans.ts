import { z } from 'zod';
import { ZEditionFormat } from './books.js';
import { ZIdempotencyKey, zBase64 } from './common.js';
import { ZJobStarted } from './jobs.js';

export const MAX_SCAN_PHOTOS = 5;
export const PHOTO_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export const ZPhotoMimeType = z.enum(PHOTO_MIME_TYPES);
export type TPhotoMimeType = z.infer<typeof ZPhotoMimeType>;

/** `scans.start`: 1–5 shelf photos, each as base64 (REST also takes multipart field `photos`). */
export const ZScanStartInput = z.object({
  photos: z
    .array(
      z.object({
        data: zBase64().min(1, 'the photo is empty').describe('the image bytes in base64'),
        mimeType: z.string().max(100).optional().describe('informative only: the type is read from the bytes'),
      }),
    )
    .min(1, 'send at least one photo')
    .max(MAX_SCAN_PHOTOS, `at most ${MAX_SCAN_PHOTOS} photos per scan`),
  idempotencyKey: ZIdempotencyKey.optional(),
});
export type TScanStartInput = z.input<typeof ZScanStartInput>;

export const ZScanStarted = ZJobStarted.extend({ totalPhotos: z.number().int().min(1).max(MAX_SCAN_PHOTOS) }).meta({ id: 'ScanStarted' });
export type TScanStarted = z.infer<typeof ZScanStarted>;

/** A stored, checked photo of a scan job. */
export const ZScanPhoto = z.object({
  blob: z.string().regex(/^[0-9a-f]{64}$/),
  mimeType: ZPhotoMimeType,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type TScanPhoto = z.infer<typeof ZScanPhoto>;

/** What the shelf-scan job stores as its input. */
export const ZScanJobInput = z.object({
  photos: z.array(ZScanPhoto).min(1).max(MAX_SCAN_PHOTOS),
  /** `REVIEW_THRESHOLD` when the job was accepted: detections less confident than this need review. */
  reviewThreshold: z.number().min(0).max(1),
  /** `SCAN_PHOTO_MAX_SIDE` when the job was accepted: the longest side Gemini is sent. */
  maxSide: z.number().int().positive(),
});
export type TScanJobInput = z.infer<typeof ZScanJobInput>;

/** A spine's place in its photo, each value a fraction of the photo's width or height (0–1). */
export const ZBox = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  width: z.number().min(0).max(1),
  height: z.number().min(0).max(1),
});
export type TBox = z.infer<typeof ZBox>;

/** One book read off a photo. */
export const ZDetection = z.object({
  title: z.string().min(1),
  author: z.string().nullable(),
  isbn: z.string().nullable().describe('only when printed and readable; checked, as ISBN-13'),
  format: ZEditionFormat.nullable(),
  confidence: z.number().min(0).max(1),
  box: ZBox.nullable(),
});
export type TDetection = z.infer<typeof ZDetection>;

/** Where a book was seen: each photo and box it was detected in. */
export const ZSighting = z.object({
  photoIndex: z.number().int().nonnegative(),
  box: ZBox.nullable(),
  confidence: z.number().min(0).max(1),
});

/**
 * The `input` of a shelf-scan result item: the best detection of one book (the most confident
 * sighting) and every sighting of it across the photos.
 */
export const ZScanItemInput = z.object({
  detection: ZDetection,
  photoIndex: z.number().int().nonnegative().describe('photo of the best sighting'),
  sightings: z.array(ZSighting).min(1),
});
export type TScanItemInput = z.infer<typeof ZScanItemInput>;
