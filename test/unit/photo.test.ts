import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Color } from 'sharp';
import { describe, expect, it } from 'vitest';
import type { TErrorCode } from '../../src/contract/errors.js';
import { AppError } from '../../src/errors.js';
import { DEFAULT_PHOTO_LIMITS, checkPhoto, cropPhoto, preparePhoto, sniffPhotoType } from '../../src/jobs/shelf-scan/photo.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));
const MiB = 1024 * 1024;
const RED = { r: 255, g: 0, b: 0 };

function solid(width: number, height: number, background: Color = { r: 90, g: 140, b: 60 }) {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** A PNG signature and IHDR (with a valid CRC) claiming any size, plus a token IDAT. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

/** Awaits a rejection and checks it is the AppError a client would see for this photo. */
async function expectPhotoError(promise: Promise<unknown>, code: TErrorCode, field = 'photos.2'): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const app = error as AppError;
  expect({ code: app.code, field: app.field }).toEqual({ code, field });
  // The message names the photo as progress does, counted from 1 ("photo 3" for photos.2).
  expect(app.message).toMatch(new RegExp(`^photo ${Number(field.split('.')[1]) + 1}[: ]`));
  return app;
}

describe('sniffPhotoType', () => {
  it('knows the four types by their magic bytes', async () => {
    expect(sniffPhotoType(await solid(40, 40).jpeg().toBuffer())).toBe('image/jpeg');
    expect(sniffPhotoType(await solid(40, 40).png().toBuffer())).toBe('image/png');
    expect(sniffPhotoType(await solid(40, 40).gif().toBuffer())).toBe('image/gif');
    expect(sniffPhotoType(await solid(40, 40).webp().toBuffer())).toBe('image/webp');
    expect(sniffPhotoType(Buffer.from('GIF87a……'))).toBe('image/gif');
  });

  it('ignores the file name: a PNG saved as .jpg is a PNG', () => {
    expect(sniffPhotoType(fixture('tiny-test.jpg'))).toBe('image/png');
  });

  it('refuses everything else, and prefixes too short to tell', () => {
    expect(sniffPhotoType(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj'))).toBeNull();
    expect(sniffPhotoType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(sniffPhotoType(Buffer.from('RIFF'))).toBeNull();
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffPhotoType(new Uint8Array())).toBeNull();
  });
});

describe('checkPhoto', () => {
  const limits = DEFAULT_PHOTO_LIMITS;

  it('accepts each type and reports its type and size', async () => {
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      const bytes = await solid(120, 90)[format]().toBuffer();
      await expect(checkPhoto(bytes, 'photos.0', limits)).resolves.toEqual({ mimeType: `image/${format}`, width: 120, height: 90 });
    }
  });

  it('accepts a real 24-MP iPhone photo', async () => {
    await expect(checkPhoto(fixture('IMG_0014.jpeg'), 'photos.0', limits)).resolves.toEqual({ mimeType: 'image/jpeg', width: 5712, height: 4284 });
  });

  it('reports the oriented size: EXIF orientation 6 swaps width and height', async () => {
    const bytes = await solid(40, 80).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(bytes).metadata()).orientation).toBe(6);
    await expect(checkPhoto(bytes, 'photos.0', limits)).resolves.toEqual({ mimeType: 'image/jpeg', width: 80, height: 40 });
  });

  it('refuses more bytes than maxBytes before looking at them', async () => {
    // JPEG magic then zeros: decoding would say "unreadable"; the size check comes first.
    const bytes = Buffer.alloc(11 * MiB);
    bytes.set([0xff, 0xd8, 0xff]);
    const error = await expectPhotoError(checkPhoto(bytes, 'photos.2', limits), 'PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/11\.0 MiB.*10\.0 MiB/);
  });

  it('refuses an empty photo, naming its file when the upload gave one', async () => {
    await expectPhotoError(checkPhoto(new Uint8Array(), 'photos.2', limits), 'INVALID_INPUT');
    await expect(checkPhoto(new Uint8Array(), 'photos.0', limits, 'IMG_1.heic')).rejects.toThrow(/^photo 1 \(IMG_1\.heic\): the file is empty$/);
  });

  it('refuses a PDF sent as a photo', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await expectPhotoError(checkPhoto(pdf, 'photos.2', limits), 'PHOTO_NOT_IMAGE');
  });

  it('refuses photos with a side under minSide', async () => {
    await expectPhotoError(checkPhoto(await solid(16, 16).png().toBuffer(), 'photos.2', limits), 'PHOTO_TOO_SMALL');
    await expectPhotoError(checkPhoto(await solid(400, 31).png().toBuffer(), 'photos.2', limits), 'PHOTO_TOO_SMALL');
    // The fixture is a 1×1 PNG named .jpg.
    const error = await expectPhotoError(checkPhoto(fixture('tiny-test.jpg'), 'photos.4', limits), 'PHOTO_TOO_SMALL', 'photos.4');
    expect(error.message).toContain('1×1');
  });

  it('refuses too many pixels from the header alone, before decoding', async () => {
    const error = await expectPhotoError(checkPhoto(pngClaiming(30_000, 30_000), 'photos.2', limits), 'PHOTO_TOO_LARGE_PIXELS');
    expect(error.message).toContain('30000×30000');
    await expectPhotoError(checkPhoto(await solid(100, 100).png().toBuffer(), 'photos.2', { ...limits, maxPixels: 9_999 }), 'PHOTO_TOO_LARGE_PIXELS');
    await expect(checkPhoto(await solid(100, 100).png().toBuffer(), 'photos.2', { ...limits, maxPixels: 10_000 })).resolves.toMatchObject({ width: 100 });
  });

  it('refuses a JPEG header with no image data, though its EXIF claims 400×300', async () => {
    const bytes = fixture('test-bookshelf.jpg');
    expect(bytes.length).toBe(156);
    await expectPhotoError(checkPhoto(bytes, 'photos.2', limits), 'PHOTO_UNREADABLE');
  });

  it('refuses truncated photos whose header is intact', async () => {
    const real = fixture('IMG_0014.jpeg');
    await expectPhotoError(checkPhoto(real.subarray(0, real.length >> 1), 'photos.2', limits), 'PHOTO_UNREADABLE');
    // Noise, so that half of each file is really missing pixel data.
    const noise = Buffer.alloc(200 * 150 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2_654_435_761) >>> 24;
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      const whole = await sharp(noise, { raw: { width: 200, height: 150, channels: 3 } })[format]().toBuffer();
      await expect(checkPhoto(whole, 'photos.2', limits)).resolves.toMatchObject({ width: 200, height: 150 });
      const half = whole.subarray(0, whole.length >> 1);
      expect(sniffPhotoType(half)).toBe(`image/${format}`);
      await expectPhotoError(checkPhoto(half, 'photos.2', limits), 'PHOTO_UNREADABLE');
    }
  });
});

describe('preparePhoto', () => {
  it('scales a real photo to 3072 px on its longest side, as JPEG without EXIF', async () => {
    const input = fixture('IMG_0014.jpeg');
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await preparePhoto(input);
    expect({ mimeType: out.mimeType, width: out.width, height: out.height }).toEqual({ mimeType: 'image/jpeg', width: 3072, height: 2304 });
    const meta = await sharp(out.bytes).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'jpeg', width: 3072, height: 2304 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('applies EXIF orientation 6: a 40×80 photo comes out 80 wide, 40 high', async () => {
    const out = await preparePhoto(await solid(40, 80).jpeg().withMetadata({ orientation: 6 }).toBuffer());
    expect([out.width, out.height]).toEqual([80, 40]);
    const meta = await sharp(out.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([80, 40, undefined, undefined]);
  });

  it('never enlarges, and honours maxSide', async () => {
    const png = await solid(300, 120).png().toBuffer();
    expect(await preparePhoto(png)).toMatchObject({ width: 300, height: 120 });
    expect(await preparePhoto(png, 100)).toMatchObject({ width: 100, height: 40 });
  });

  it('keeps only the first frame of an animated GIF, and paints transparency white', async () => {
    // Three 40×40 frames: transparent, then opaque red, then opaque blue.
    const raw = Buffer.alloc(40 * 120 * 4);
    for (let p = 40 * 40; p < 40 * 120; p++) raw.set(p < 40 * 80 ? [255, 0, 0, 255] : [0, 0, 255, 255], p * 4);
    const gif = await sharp(raw, { raw: { width: 40, height: 120, channels: 4, pageHeight: 40 } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    const out = await preparePhoto(gif);
    expect([out.width, out.height]).toEqual([40, 40]);
    const { channels } = await sharp(out.bytes).stats();
    expect(channels.map((c) => Math.round(c.mean))).toEqual([255, 255, 255]);
  });

  it('throws PHOTO_UNREADABLE for bytes it cannot decode', async () => {
    await expect(preparePhoto(fixture('test-bookshelf.jpg'))).rejects.toMatchObject({ code: 'PHOTO_UNREADABLE' });
  });
});

describe('cropPhoto', () => {
  /** 40×80 stored, top half red and bottom half blue, EXIF orientation 6: seen as 80×40, blue left, red right. */
  async function rotatedTwoTone(): Promise<Buffer> {
    const raw = Buffer.alloc(40 * 80 * 3);
    for (let p = 0; p < 40 * 80; p++) raw[p * 3 + (p < 40 * 40 ? 0 : 2)] = 255;
    return sharp(raw, { raw: { width: 40, height: 80, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  }
  const sizeOf = async (jpeg: Buffer) => {
    const meta = await sharp(jpeg).metadata();
    return [meta.format, meta.width, meta.height];
  };

  it('crops the box of the photo as seen (after orientation)', async () => {
    const crop = await cropPhoto(await rotatedTwoTone(), { x: 0.5, y: 0, width: 0.5, height: 1 });
    expect(await sizeOf(crop)).toEqual(['jpeg', 40, 40]);
    const [r, g, b] = (await sharp(crop).stats()).channels.map((c) => c.mean);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
    expect(b).toBeLessThan(60);
    expect(await sizeOf(await cropPhoto(await rotatedTwoTone(), { x: 0, y: 0, width: 1, height: 0.25 }))).toEqual(['jpeg', 80, 10]);
  });

  it('clamps boxes to the photo and makes a zero-size box at least 1 px', async () => {
    const png = await solid(200, 100).png().toBuffer();
    expect(await sizeOf(await cropPhoto(png, { x: 0.9, y: 0.5, width: 0.5, height: 1 }))).toEqual(['jpeg', 20, 50]);
    expect(await sizeOf(await cropPhoto(png, { x: 0.3, y: 0.3, width: 0, height: 0 }))).toEqual(['jpeg', 1, 1]);
    expect(await sizeOf(await cropPhoto(png, { x: 1, y: 1, width: 0, height: 0 }))).toEqual(['jpeg', 1, 1]);
  });

  it('scales the crop down to maxSide, never up', async () => {
    const png = await solid(2000, 1000, RED).png().toBuffer();
    expect(await sizeOf(await cropPhoto(png, { x: 0, y: 0, width: 1, height: 1 }))).toEqual(['jpeg', 1024, 512]);
    expect(await sizeOf(await cropPhoto(png, { x: 0, y: 0, width: 0.5, height: 1 }, { maxSide: 100 }))).toEqual(['jpeg', 100, 100]);
    expect(await sizeOf(await cropPhoto(png, { x: 0, y: 0, width: 0.01, height: 0.01 }))).toEqual(['jpeg', 20, 10]);
  });
});
