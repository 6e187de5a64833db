import type { TEditionFormat } from '../../contract/books.js';
import { toIsbn13 } from '../../contract/isbn.js';
import type { TBox, TDetection } from '../../contract/scans.js';
import type { ProviderCall, ShelfPhoto, ShelfScanner } from '../types.js';
import type { GeminiClient } from './gemini-client.js';
import { SHELF_SCAN_PROMPT_VERSION, SHELF_SCAN_SYSTEM_INSTRUCTION, SHELF_SCAN_USER_PROMPT, ZShelfScanAnswer, type TShelfScanAnswer } from './shelf-scan-prompt.js';

const FORMATS: Record<TShelfScanAnswer['books'][number]['format'], TEditionFormat | null> = {
  hardcover: 'Hardcover',
  paperback: 'Paperback',
  mass_market: 'Mass Market',
  unknown: null,
};

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/** A box inside the photo: clamped to 0–1, and no wider than what is left right of and below its corner. */
function boxOf(box: TShelfScanAnswer['books'][number]['box']): TBox | null {
  if (box === null) return null;
  const x = clamp01(box.x);
  const y = clamp01(box.y);
  return { x, y, width: Math.min(clamp01(box.width), 1 - x), height: Math.min(clamp01(box.height), 1 - y) };
}

/** Gemini's answer as detections: titles trimmed (empty ones dropped), ISBNs checked, values clamped. */
export function detectionsOf(answer: TShelfScanAnswer): TDetection[] {
  return answer.books.flatMap((book): TDetection[] => {
    const title = book.title.trim();
    if (title === '') return [];
    const author = book.author?.trim() || null;
    return [{ title, author, isbn: book.isbn === null ? null : toIsbn13(book.isbn), format: FORMATS[book.format], confidence: clamp01(book.confidence), box: boxOf(book.box) }];
  });
}

/** Reads the books on one shelf photo with Gemini vision: a versioned prompt, a JSON schema, a validated answer. */
export class GeminiShelfScanner implements ShelfScanner {
  readonly name = 'gemini';
  readonly version = SHELF_SCAN_PROMPT_VERSION;

  constructor(private readonly client: GeminiClient) {}

  async scan(photo: ShelfPhoto, call: ProviderCall): Promise<TDetection[]> {
    const answer = await this.client.generateJson(
      {
        parts: [{ inlineData: { mimeType: photo.mimeType, data: Buffer.from(photo.bytes).toString('base64') } }, { text: SHELF_SCAN_USER_PROMPT }],
        schema: ZShelfScanAnswer,
        systemInstruction: SHELF_SCAN_SYSTEM_INSTRUCTION,
        temperature: 0,
      },
      call,
    );
    return detectionsOf(answer);
  }
}
