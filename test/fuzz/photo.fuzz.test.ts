import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TErrorCode } from '../../src/contract/errors.js';
import { AppError } from '../../src/errors.js';
import { checkPhoto, sniffPhotoType, type PhotoLimits } from '../../src/jobs/shelf-scan/photo.js';
import { runs } from './fuzz-config.js';

const LIMITS: PhotoLimits = { maxBytes: 64 * 1024, minSide: 32, maxPixels: 4_000_000 };
const FIELD = 'photos.1';
const PHOTO_CODES: readonly TErrorCode[] = ['PAYLOAD_TOO_LARGE', 'INVALID_INPUT', 'PHOTO_NOT_IMAGE', 'PHOTO_TOO_SMALL', 'PHOTO_TOO_LARGE_PIXELS', 'PHOTO_UNREADABLE'];
const FORMATS = ['jpeg', 'png', 'gif', 'webp'] as const;

/** The contract of `checkPhoto`: a size it vouches for, or one of its codes naming the photo; nothing else. */
async function expectCheckedOrRefused(bytes: Uint8Array): Promise<void> {
  let outcome: Awaited<ReturnType<typeof checkPhoto>>;
  try {
    outcome = await checkPhoto(bytes, FIELD, LIMITS);
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(AppError);
    const app = error as AppError;
    expect(PHOTO_CODES).toContain(app.code);
    expect(app.field).toBe(FIELD);
    return;
  }
  expect(Number.isInteger(outcome.width) && Number.isInteger(outcome.height)).toBe(true);
  expect(Math.min(outcome.width, outcome.height)).toBeGreaterThanOrEqual(LIMITS.minSide);
  expect(outcome.width * outcome.height).toBeLessThanOrEqual(LIMITS.maxPixels);
  expect(outcome.mimeType).toBe(sniffPhotoType(bytes));
}

describe('checkPhoto on damaged and arbitrary bytes', () => {
  /** Real images of each format, small and noisy enough that damage lands in compressed data. */
  const images: Buffer[] = [];
  beforeAll(async () => {
    const noise = Buffer.alloc(48 * 40 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const raw = { raw: { width: 48, height: 40, channels: 3 as const } };
    for (const format of FORMATS) {
      images.push(await sharp(noise, raw).toFormat(format).toBuffer());
      // With EXIF orientation 6 (width and height swap) and a too-small one.
      images.push(await sharp(noise, raw).withMetadata({ orientation: 6 }).toFormat(format).toBuffer());
      images.push(await sharp(noise, raw).resize(20, 60).toFormat(format).toBuffer());
    }
  });

  /**
   * An image, then damage: truncation, byte flips, or bytes appended. Positions are unbiased
   * (fast-check favours small numbers, which would only ever hit the signature) and mostly past
   * the first 12 bytes, so the damage reaches the decoder rather than stopping at the sniffing.
   */
  const position = fc.noBias(fc.integer({ min: 0, max: 1 << 20 }));
  const damaged = fc.record({
    which: fc.nat(),
    cut: fc.option(position),
    flips: fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 }), fc.boolean()), { maxLength: 6 }),
    tail: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 64 })),
  });
  const SIGNATURE = 12;
  const past = (at: number, length: number) => SIGNATURE + (at % Math.max(1, length - SIGNATURE));

  it('real images, truncated or with bytes flipped, are checked or refused with a photo code', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, async ({ which, cut, flips, tail }) => {
        const original = images[which % images.length] ?? Buffer.alloc(0);
        const bytes = Buffer.from(original);
        for (const [at, value, anywhere] of flips) bytes[anywhere ? at % bytes.length : past(at, bytes.length)] = value;
        const truncated = cut === null ? bytes : bytes.subarray(0, past(cut, bytes.length));
        await expectCheckedOrRefused(Buffer.concat([truncated, tail]));
      }),
      { numRuns: runs(80) },
    );
  });

  it('arbitrary bytes, with or without an image signature, never get anything else', async () => {
    const signature = fc.constantFrom(
      [],
      [0xff, 0xd8, 0xff],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [...Buffer.from('GIF89a')],
      [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')],
    );
    await fc.assert(
      fc.asyncProperty(signature, fc.uint8Array({ maxLength: 200 }), async (head, rest) => {
        await expectCheckedOrRefused(Buffer.concat([Buffer.from(head), rest]));
      }),
      { numRuns: runs(60) },
    );
  });

  it('too many bytes and no bytes have their own codes', async () => {
    await expect(checkPhoto(Buffer.alloc(LIMITS.maxBytes + 1, 0xff), FIELD, LIMITS)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: FIELD });
    await expect(checkPhoto(new Uint8Array(0), FIELD, LIMITS)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: FIELD });
  });
});
