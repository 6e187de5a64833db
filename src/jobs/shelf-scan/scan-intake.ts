import type { TScanJobInput, TScanPhoto } from '../../contract/scans.js';
import type { BlobStore } from '../../db/store.js';
import { AppError } from '../../errors.js';
import { checkPhoto, type PhotoLimits } from './photo.js';

export interface ScanIntakeOptions {
  limits: PhotoLimits;
  /** False without a shelf scanner (no GEMINI_API_KEY): starts are refused rather than accepted to fail. */
  enabled: boolean;
  reviewThreshold: number;
  maxSide: number;
}

/**
 * What shelf photos go through before a job exists: scanning must be configured, then each photo
 * is checked by its bytes (type, size, pixels, decodable) and stored. Errors name the photo.
 */
export class ScanIntake {
  constructor(
    private readonly blobs: Pick<BlobStore, 'put'>,
    readonly options: ScanIntakeOptions,
  ) {}

  async accept(photos: readonly { bytes: Uint8Array; field: string; name?: string | undefined }[]): Promise<TScanJobInput> {
    if (!this.options.enabled) {
      throw new AppError('NOT_CONFIGURED', 'shelf scanning is not available on this server: it needs GEMINI_API_KEY', { retryable: false });
    }
    const checked: { bytes: Uint8Array; info: Omit<TScanPhoto, 'blob'> }[] = [];
    // Every photo is checked before any is stored: a bad fifth photo leaves nothing behind.
    for (const photo of photos) checked.push({ bytes: photo.bytes, info: await checkPhoto(photo.bytes, photo.field, this.options.limits, photo.name) });
    const stored: TScanPhoto[] = [];
    for (const { bytes, info } of checked) stored.push({ blob: await this.blobs.put(bytes, info.mimeType), ...info });
    return { photos: stored, reviewThreshold: this.options.reviewThreshold, maxSide: this.options.maxSide };
  }
}
