import { z } from 'zod';
import { AppError } from '../errors.js';

const ZCursorPayload = z.object({
  index: z.number().int().min(-1).optional(),
  before: z.object({ createdAt: z.number().int(), id: z.string() }).optional(),
});
type CursorPayload = z.infer<typeof ZCursorPayload>;

/** Cursors are opaque to clients: base64url JSON, so their shape can change without breaking them. */
export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: string): { index: number; before?: { createdAt: number; id: string } | undefined } {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error: unknown) {
    throw new AppError('INVALID_INPUT', 'cursor is not one this server issued', { field, cause: error });
  }
  const parsed = ZCursorPayload.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', 'cursor is not one this server issued', { field, cause: parsed.error });
  return { index: parsed.data.index ?? -1, before: parsed.data.before };
}
