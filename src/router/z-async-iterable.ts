import { isTrackedEnvelope, tracked, type TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

const parsersBySchema = new WeakMap<z.ZodType, (data: unknown) => unknown>();

/**
 * `schema.parse`, run once per value object. A published event is one object shared by every
 * subscriber of its job, so the check runs once per event, not once per subscriber: the parsed
 * value is kept for that object (weakly, so it goes when the event does) and every later
 * subscriber gets the same parsed object. That shared identity is also what lets the transports
 * serialise an event once (`src/server/event-json.ts`). One cache per schema, whichever transport
 * asks. Values must not be mutated once sent (events never are: the log is append-only).
 */
export function parseOnce<TOut, TIn>(schema: z.ZodType<TOut, TIn>): (data: unknown) => TOut {
  const known = parsersBySchema.get(schema);
  if (known) return known as (data: unknown) => TOut;
  const parsed = new WeakMap<object, TOut>();
  const parse = (data: unknown): TOut => {
    if (typeof data !== 'object' || data === null) return schema.parse(data);
    let out = parsed.get(data);
    if (out === undefined) {
      out = schema.parse(data);
      parsed.set(data, out);
    }
    return out;
  };
  parsersBySchema.set(schema, parse);
  return parse;
}

/**
 * Output validator for a subscription that yields `tracked(id, value)` envelopes: each value is
 * checked against `schema` on its way out (the pattern from tRPC's subscription docs, for zod 4),
 * once per value object (`parseOnce`).
 */
export function zTrackedAsyncIterable<TOut, TIn>(schema: z.ZodType<TOut, TIn>) {
  const parse = parseOnce(schema);
  return z
    .custom<AsyncIterable<TrackedEnvelope<TIn>>>(isAsyncIterable)
    .transform(async function* (iterable) {
      const iterator = iterable[Symbol.asyncIterator]();
      try {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
          if (!isTrackedEnvelope(next.value)) throw new Error('subscription yielded an untracked value');
          const [id, data] = next.value;
          yield tracked(id, parse(data));
        }
      } finally {
        await iterator.return?.();
      }
    }) as unknown as z.ZodType<AsyncIterable<TrackedEnvelope<TOut>>, AsyncIterable<TrackedEnvelope<TIn>>>;
}
