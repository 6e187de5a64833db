import { isTrackedEnvelope, tracked, type TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Output validator for a subscription that yields `tracked(id, value)` envelopes: each value is
 * checked against `schema` on its way out (the pattern from tRPC's subscription docs, for zod 4).
 */
export function zTrackedAsyncIterable<TOut, TIn>(schema: z.ZodType<TOut, TIn>) {
  return z
    .custom<AsyncIterable<TrackedEnvelope<TIn>>>(isAsyncIterable)
    .transform(async function* (iterable) {
      const iterator = iterable[Symbol.asyncIterator]();
      try {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
          if (!isTrackedEnvelope(next.value)) throw new Error('subscription yielded an untracked value');
          const [id, data] = next.value;
          yield tracked(id, schema.parse(data));
        }
      } finally {
        await iterator.return?.();
      }
    }) as unknown as z.ZodType<AsyncIterable<TrackedEnvelope<TOut>>, AsyncIterable<TrackedEnvelope<TIn>>>;
}
