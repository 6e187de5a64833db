/** REST paths a browser builds by hand (the console's spine crops), apart from the route table. */

/** Every REST path is under this prefix. */
export const REST_BASE_PATH = '/api/v1';

/** `GET` a scan's photo, or with `?item=N` the crop of item N's box on it. */
export const JOB_PHOTO_PATH = '/jobs/{jobId}/photos/{photoIndex}';

/** The full path of a photo (or, with `item`, of one item's crop on it). */
export function jobPhotoUrl(jobId: string, photoIndex: number, item?: number): string {
  const path = JOB_PHOTO_PATH.replace('{jobId}', encodeURIComponent(jobId)).replace('{photoIndex}', String(photoIndex));
  return `${REST_BASE_PATH}${path}${item === undefined ? '' : `?item=${item}`}`;
}
