import { FinishReason, type GenerateContentResponse } from '@google/genai';
import { z } from 'zod';
import { AppError } from '../../errors.js';

/** Finish reasons that mean "the answer was withheld", not "the answer is bad". */
const BLOCKING_FINISH_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

const snippet = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/**
 * The JSON answer of a `generateContent` response, validated by `schema`. Safety blocks come as
 * HTTP 200 with no text, so they are checked first and reported as such (not as "empty output").
 */
export function readJsonAnswer<T>(response: GenerateContentResponse, schema: z.ZodType<T>): T {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason !== undefined) throw new AppError('GEMINI_BLOCKED', `Gemini blocked the prompt (${blockReason})`, { retryable: false });
  const finishReason = response.candidates?.[0]?.finishReason;
  if (finishReason !== undefined && BLOCKING_FINISH_REASONS.has(finishReason)) {
    throw new AppError('GEMINI_BLOCKED', `Gemini withheld its answer (finishReason ${finishReason})`, { retryable: false });
  }
  const because = finishReason !== undefined && finishReason !== FinishReason.STOP ? ` (finishReason ${finishReason})` : '';
  const text = response.text;
  if (text === undefined || text.trim() === '') throw new AppError('GEMINI_OUTPUT_INVALID', `Gemini returned no text${because}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    throw new AppError('GEMINI_OUTPUT_INVALID', `Gemini's answer is not JSON${because}: ${snippet(text)}`, { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Path first and each message cut short: an enum's message lists every option.
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message.length > 60 ? `${i.message.slice(0, 60)}…` : i.message}`)
      .join('; ');
    throw new AppError('GEMINI_OUTPUT_INVALID', `Gemini's JSON does not match the expected schema: ${problems}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The JSON Schema Gemini is given for `schema` (`responseJsonSchema`), without `$schema`: not in the subset Gemini documents. */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema);
  return rest;
}
