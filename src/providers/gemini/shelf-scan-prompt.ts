import { z } from 'zod';

/** Bump with any change to the prompt or the answer schema: it is stored with each photo's detections. */
export const SHELF_SCAN_PROMPT_VERSION = 'shelf-scan-v1';

export const SHELF_SCAN_SYSTEM_INSTRUCTION = [
  'You read the books on a bookshelf photo: spines standing, spines lying in stacks, and covers facing out.',
  'Report only real books whose title you can actually read; skip other objects and books you cannot read.',
  'For each book give: the title as printed; the author if printed (null otherwise); the ISBN only if one is printed and legible (null otherwise);',
  'the physical format if you can tell (hardcover, paperback, mass_market) or unknown;',
  'your confidence from 0 to 1 that title and author are read correctly (low for glare, blur, partial or sideways text);',
  'and the bounding box of the spine or cover as fractions of the image: x and y of the top-left corner, width and height, each between 0 and 1.',
  'No books readable is a valid answer: return an empty list.',
].join('\n');

export const SHELF_SCAN_USER_PROMPT =
  'List every readable book in this photo. Work across the shelf from left to right and top to bottom; read sideways text; a book that is cut off at an edge counts only if its title is readable.';

/** The answer Gemini must give (sent as `responseJsonSchema`). Lenient bounds: values are clamped after. */
export const ZShelfScanAnswer = z.object({
  books: z.array(
    z.object({
      title: z.string(),
      author: z.string().nullable(),
      isbn: z.string().nullable(),
      format: z.enum(['hardcover', 'paperback', 'mass_market', 'unknown']),
      confidence: z.number(),
      box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
    }),
  ),
});
export type TShelfScanAnswer = z.infer<typeof ZShelfScanAnswer>;
