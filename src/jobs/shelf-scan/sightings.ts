import type { TDetection, TScanItemInput } from '../../contract/scans.js';
import { bookKey } from '../enrichment/normalize.js';

/** The detections of one photo. */
export interface PhotoDetections {
  photoIndex: number;
  detections: readonly TDetection[];
}

/** "The Luminaries" and "luminaries" on two photos are one book. */
const titleKey = (d: TDetection) => `title:${bookKey(d.title, d.author)}`;

/**
 * One entry per book across all photos, in order of first sighting: books with the same ISBN, or
 * else the same title and author after normalising, are one; the most confident sighting is its
 * detection (the first on a tie), and every sighting (photo, box, confidence) is kept.
 */
export function mergeSightings(photos: readonly PhotoDetections[]): TScanItemInput[] {
  const books: TScanItemInput[] = [];
  const byKey = new Map<string, TScanItemInput>();
  for (const { photoIndex, detections } of photos) {
    for (const detection of detections) {
      // A spine read with its ISBN on one photo and without it on another is still one book.
      const isbnKey = detection.isbn === null ? undefined : `isbn:${detection.isbn}`;
      const book = (isbnKey === undefined ? undefined : byKey.get(isbnKey)) ?? byKey.get(titleKey(detection));
      const sighting = { photoIndex, box: detection.box, confidence: detection.confidence };
      if (!book) {
        const created: TScanItemInput = { detection, photoIndex, sightings: [sighting] };
        books.push(created);
        byKey.set(titleKey(detection), created);
        if (isbnKey !== undefined) byKey.set(isbnKey, created);
        continue;
      }
      book.sightings.push(sighting);
      if (isbnKey !== undefined && !byKey.has(isbnKey)) byKey.set(isbnKey, book);
      if (detection.confidence > book.detection.confidence) {
        book.detection = { ...detection, isbn: detection.isbn ?? book.detection.isbn };
        book.photoIndex = photoIndex;
      }
    }
  }
  return books;
}
