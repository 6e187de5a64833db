import { tracked } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zTrackedAsyncIterable } from '../../src/router/z-async-iterable.js';

async function* of<T>(...values: T[]) {
  for (const [i, v] of values.entries()) yield tracked(String(i + 1), v);
  await Promise.resolve();
}

async function drain(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('zTrackedAsyncIterable', () => {
  it('checks a shared value once and gives every subscriber the same parsed object', async () => {
    let checks = 0;
    const schema = z.object({ n: z.number() }).refine(() => ++checks > 0);
    const output = zTrackedAsyncIterable(schema);
    const event = { n: 1, extra: 'stripped' };
    const a = (await drain(await output.parseAsync(of(event)))) as [string, object][];
    const b = (await drain(await output.parseAsync(of(event)))) as [string, object][];
    expect(checks).toBe(1);
    expect(a[0]?.[1]).toEqual({ n: 1 });
    expect(b[0]?.[1]).toBe(a[0]?.[1]);
  });

  it('still refuses a value that does not match, every time', async () => {
    const output = zTrackedAsyncIterable(z.object({ n: z.number() }));
    const bad = { n: 'one' };
    await expect(drain(await output.parseAsync(of(bad)))).rejects.toThrow();
    await expect(drain(await output.parseAsync(of(bad)))).rejects.toThrow();
  });
});
