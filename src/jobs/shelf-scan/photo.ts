import sharp, { type Sharp } from 'sharp';
import type { TErrorCode } from '../../contract/errors.js';
import type { TBox, TPhotoMimeType } from '../../contract/scans.js';
import { AppError } from '../../errors.js';

// libvips' operation cache keys on input buffers; every upload is new, so it would only hold
// memory (up to 50 MB by default) for hits that never come. Process-wide, set once here.
sharp.cache(false);

/** What a shelf photo may be: bytes, shortest side, pixels (decoding cost grows with pixels). */
export interface PhotoLimits {
  maxBytes: number;
  minSide: number;
  maxPixels: number;
}

/** 10 MiB, 32 px, 50 MP (a 48-MP phone photo passes; the server's `MAX_PHOTO_PIXELS` default). */
export const DEFAULT_PHOTO_LIMITS: PhotoLimits = { maxBytes: 10 * 1024 * 1024, minSide: 32, maxPixels: 50_000_000 };

const MiB = 1024 * 1024;
const SHARP_FORMAT: Record<TPhotoMimeType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

const JPEG = Uint8Array.of(0xff, 0xd8, 0xff);
const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const GIF87A = Buffer.from('GIF87a', 'latin1');
const GIF89A = Buffer.from('GIF89a', 'latin1');
const RIFF = Buffer.from('RIFF', 'latin1');
const WEBP = Buffer.from('WEBP', 'latin1');

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

/** The photo type by magic bytes alone (the client's name and MIME type are not trusted); null when none of the four. */
export function sniffPhotoType(bytes: Uint8Array): TPhotoMimeType | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, GIF87A) || startsWith(bytes, GIF89A)) return 'image/gif';
  // RIFF, a 4-byte chunk size, then the form type.
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  return null;
}

/**
 * A decoding pipeline with bounded work: a pixel cap a little above the limit (a backstop: sizes
 * are checked first), streaming reads, first frame only (GIF, MPO), and it fails on corrupt or
 * truncated data but not on mere warnings (phone JPEGs often carry some). `autoOrient` applies
 * EXIF orientation before any later extract or resize.
 */
function pipeline(bytes: Uint8Array, maxPixels: number, autoOrient: boolean): Sharp {
  return sharp(bytes, { limitInputPixels: Math.ceil(maxPixels * 1.05), sequentialRead: true, failOn: 'error', pages: 1, autoOrient });
}

/** libvips' own words stay in `cause` (for logs): clients get a plain sentence. */
/**
 * How a message names a photo: counted from 1 as progress counts them ("photo 2", for the field
 * `photos.1`), with the file's name when the upload had one. The field stays the API's.
 */
function photoLabel(field: string, name: string | undefined): string {
  const index = /^photos\.(\d+)$/.exec(field)?.[1];
  const which = index === undefined ? `photo ${field}` : `photo ${Number(index) + 1}`;
  return name ? `${which} (${name})` : which;
}

function unreadable(what: string, cause: unknown, field?: string): AppError {
  return new AppError('PHOTO_UNREADABLE', `${what} could not be decoded: the file is damaged or incomplete`, { cause, field });
}

/**
 * Checks one uploaded photo and returns its type and oriented size (EXIF orientations 5–8 swap
 * width and height). Throws `AppError` with `field` set and named in the message:
 * `PAYLOAD_TOO_LARGE`, `INVALID_INPUT` (empty), `PHOTO_NOT_IMAGE`, `PHOTO_TOO_SMALL`,
 * `PHOTO_TOO_LARGE_PIXELS` or `PHOTO_UNREADABLE`.
 */
export async function checkPhoto(bytes: Uint8Array, field: string, limits: PhotoLimits, name?: string): Promise<{ mimeType: TPhotoMimeType; width: number; height: number }> {
  const label = photoLabel(field, name);
  const fail = (code: TErrorCode, message: string) => new AppError(code, `${label}: ${message}`, { field });
  if (bytes.length > limits.maxBytes) {
    throw fail('PAYLOAD_TOO_LARGE', `${(bytes.length / MiB).toFixed(1)} MiB is over the ${(limits.maxBytes / MiB).toFixed(1)} MiB limit`);
  }
  if (bytes.length === 0) throw fail('INVALID_INPUT', 'the file is empty');
  const mimeType = sniffPhotoType(bytes);
  if (mimeType === null) throw fail('PHOTO_NOT_IMAGE', 'not a JPEG, PNG, GIF or WebP image');

  let width: number, height: number;
  try {
    // Header only, so no pixel cap here: a too-big image gets its own error with its size.
    const meta = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
    if (meta.format !== SHARP_FORMAT[mimeType]) throw new Error(`looks like ${mimeType} but decodes as ${meta.format}`);
    ({ width, height } = meta.autoOrient);
  } catch (error) {
    throw unreadable(label, error, field);
  }
  if (Math.min(width, height) < limits.minSide) {
    throw fail('PHOTO_TOO_SMALL', `${width}×${height} px is too small; each side must be at least ${limits.minSide} px`);
  }
  if (width * height > limits.maxPixels) {
    throw fail('PHOTO_TOO_LARGE_PIXELS', `${width}×${height} px is ${((width * height) / 1e6).toFixed(1)} MP, over the ${(limits.maxPixels / 1e6).toFixed(1)} MP limit`);
  }
  try {
    // The header can lie (a JPEG header with no scan data): decode for real, but into 8×8, which
    // lets JPEG and WebP decode at reduced scale (shrink-on-load) while still reading every byte.
    await pipeline(bytes, limits.maxPixels, false).resize(8, 8, { fit: 'fill' }).raw().toBuffer();
  } catch (error) {
    throw unreadable(label, error, field);
  }
  return { mimeType, width, height };
}

/** Photos coming from users may be transparent PNG/WebP/GIF: JPEG has no alpha, so paint it white, not black. */
const toJpeg = (image: Sharp): Sharp => image.flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: false });

/**
 * The photo as sent to a model: EXIF orientation applied, longest side at most `maxSide` (never
 * enlarged), first frame only, re-encoded as JPEG without any metadata (no EXIF, no GPS).
 * `maxPixels` should be the limit the photo was checked with. Throws `AppError`
 * `PHOTO_UNREADABLE` when it cannot be decoded.
 */
export async function preparePhoto(
  bytes: Uint8Array,
  maxSide = 3072,
  maxPixels = DEFAULT_PHOTO_LIMITS.maxPixels,
): Promise<{ bytes: Buffer; mimeType: 'image/jpeg'; width: number; height: number }> {
  try {
    // No withMetadata()/keepMetadata(): sharp strips all metadata unless asked to keep it.
    const image = pipeline(bytes, maxPixels, true).resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
    const { data, info } = await toJpeg(image).toBuffer({ resolveWithObject: true });
    return { bytes: data, mimeType: 'image/jpeg', width: info.width, height: info.height };
  } catch (error) {
    throw unreadable('the photo', error);
  }
}

/**
 * A JPEG of one box of the oriented photo (box values are fractions of its width and height),
 * clamped to the photo, at least 1×1 px, scaled down so its longest side is at most `maxSide`
 * (default 1024). `maxPixels` as for `preparePhoto`. Throws `AppError` `PHOTO_UNREADABLE` when
 * the photo cannot be decoded.
 */
export async function cropPhoto(bytes: Uint8Array, box: TBox, opts: { maxSide?: number; maxPixels?: number } = {}): Promise<Buffer> {
  const { maxSide = 1024, maxPixels = DEFAULT_PHOTO_LIMITS.maxPixels } = opts;
  try {
    const { width: w, height: h } = (await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata()).autoOrient;
    const span = (start: number, size: number, full: number) => {
      const from = Math.min(Math.max(Math.floor(start * full), 0), full - 1);
      const to = Math.min(Math.max(Math.ceil((start + size) * full), from + 1), full);
      return { from, size: to - from };
    };
    const x = span(box.x, box.width, w);
    const y = span(box.y, box.height, h);
    // The pipeline auto-orients first, so the extract is taken from the photo as a person sees it.
    const image = pipeline(bytes, maxPixels, true)
      .extract({ left: x.from, top: y.from, width: x.size, height: y.size })
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
    return await toJpeg(image).toBuffer();
  } catch (error) {
    throw unreadable('the photo', error);
  }
}
