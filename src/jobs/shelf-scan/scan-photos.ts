import { ZScanItemInput, ZScanJobInput } from '../../contract/scans.js';
import type { BlobStore, JobItemsStore, JobsStore } from '../../db/store.js';
import { AppError } from '../../errors.js';
import { cropPhoto, preparePhoto } from './photo.js';

/** Photos are served scaled down: enough to show a shelf on a phone, far less than the upload. */
const SERVED_MAX_SIDE = 2048;

/**
 * A scan job's stored photos, for clients showing a spine under review: the whole photo (oriented,
 * scaled down, JPEG) or the crop of one item's box on it. Access is checked by the caller.
 */
export class ScanPhotos {
  constructor(
    private readonly jobs: Pick<JobsStore, 'get'>,
    private readonly items: Pick<JobItemsStore, 'get'>,
    private readonly blobs: Pick<BlobStore, 'read'>,
  ) {}

  async jpeg(jobId: string, photoIndex: number, itemIndex?: number): Promise<Buffer> {
    const job = await this.jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', `job ${jobId} not found`, { field: 'jobId' });
    const input = job.kind === 'shelf-scan' ? ZScanJobInput.safeParse(job.input) : undefined;
    if (!input?.success) throw new AppError('NOT_FOUND', `job ${jobId} is not a shelf scan: it has no photos`, { field: 'jobId' });
    const photo = input.data.photos[photoIndex];
    if (!photo) throw new AppError('NOT_FOUND', `the scan has ${input.data.photos.length} photo(s); there is no photo ${photoIndex}`, { field: 'photoIndex' });
    const bytes = await this.blobs.read(photo.blob);
    const pixels = photo.width * photo.height;
    if (itemIndex === undefined) return (await preparePhoto(bytes, SERVED_MAX_SIDE, pixels)).bytes;
    const item = await this.items.get(jobId, itemIndex);
    const parsed = item ? ZScanItemInput.safeParse(item.input) : undefined;
    if (!parsed?.success) throw new AppError('NOT_FOUND', `the scan has no item ${itemIndex}`, { field: 'item' });
    const box = parsed.data.sightings.find((s) => s.photoIndex === photoIndex)?.box;
    if (!box) throw new AppError('NOT_FOUND', `item ${itemIndex} has no box on photo ${photoIndex}`, { field: 'item' });
    return cropPhoto(bytes, box, { maxPixels: pixels });
  }
}
