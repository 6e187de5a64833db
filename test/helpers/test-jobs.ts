import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AppError, RetryAfterError } from '../../src/errors.js';
import type { AppJobCatalog } from '../../src/jobs/catalog.js';
import { defineJob, defineRegistry } from '../../src/jobs/define.js';
import { appJobRegistry } from '../../src/jobs/registry.js';

/**
 * What the test jobs report back to the test: executions per step key, and switches that tests
 * flip while a job runs. The child-process harness records executions in a file instead.
 */
export interface TestProbe {
  executed(key: string): void;
  /** When true, `test.items` marks odd items `provider_unavailable`. */
  providerDown: boolean;
  /** How many times a flaky or retry-after job failed before succeeding. */
  failures: number;
}

export function createProbe(): TestProbe & { executions: string[] } {
  const executions: string[] = [];
  return { executions, executed: (key) => executions.push(key), providerDown: false, failures: 0 };
}

export const ZStepsInput = z.object({
  steps: z.number().int().min(1).max(100_000),
  delayMs: z.number().int().min(0).default(0),
  /** Throw a plain Error when reaching this step. */
  throwAt: z.number().int().optional(),
});

export const ZSleepInput = z.object({ ms: z.number().int().min(0), ignoreSignal: z.boolean().default(false) });
export const ZFlakyInput = z.object({ failTimes: z.number().int().min(0), mode: z.enum(['retryable', 'retry-after']) });
export const ZItemsInput = z.object({ count: z.number().int().min(1).max(10_000) });
export const ZProgressInput = z.object({
  events: z.number().int().min(1),
  every: z.number().int().min(1).default(1),
  /** Characters of filler in each event's message, to make a large stream from fewer events. */
  padding: z.number().int().min(0).max(10_000).default(0),
});

/** The production kinds plus the engine's test kinds. */
export type TestJobCatalog = AppJobCatalog & {
  'test.steps': typeof ZStepsInput;
  'test.sleep': typeof ZSleepInput;
  'test.timeout': typeof ZSleepInput;
  'test.quiet': typeof ZSleepInput;
  'test.flaky': typeof ZFlakyInput;
  'test.items': typeof ZItemsInput;
  'test.progress': typeof ZProgressInput;
};

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, signal ? { signal } : {});
}

/** The engine's test kinds, registered only by the test harness. */
export function createTestRegistry(probe: TestProbe) {
  return defineRegistry<TestJobCatalog>()({
    ...appJobRegistry,
    'test.steps': defineJob({
      kind: 'test.steps',
      input: ZStepsInput,
      limits: { concurrency: 4, maxAttempts: 3 },
      async run(ctx, input) {
        await ctx.phase('enriching', `running ${input.steps} steps`);
        for (let i = 0; i < input.steps; i++) {
          await ctx.step(`s${i}`, async () => {
            if (input.throwAt === i) throw new Error(`boom at step ${i}`);
            await pause(input.delayMs, ctx.signal);
            probe.executed(`${ctx.jobId}:s${i}`);
            return i;
          });
          ctx.progress({ phase: 'enriching', done: i + 1, total: input.steps, currentItem: `step ${i}` });
        }
        return { details: { steps: input.steps } };
      },
    }),
    'test.sleep': defineJob({
      kind: 'test.sleep',
      input: ZSleepInput,
      async run(ctx, input) {
        await pause(input.ms, input.ignoreSignal ? undefined : ctx.signal);
        return undefined;
      },
    }),
    /** Sleeps without a word: the engine ends it as stalled once `stallTimeoutMs` passes. */
    'test.timeout': defineJob({
      kind: 'test.timeout',
      input: ZSleepInput,
      async run(ctx, input) {
        await pause(input.ms, input.ignoreSignal ? undefined : ctx.signal);
        return undefined;
      },
    }),
    /** Waits without progress, saying what it waits for: the engine's heartbeat repeats it. */
    'test.quiet': defineJob({
      kind: 'test.quiet',
      input: ZSleepInput,
      async run(ctx, input) {
        ctx.describeProgress(() => ({ phase: 'enriching', done: 0, total: 1, message: 'waiting for the fake provider' }));
        await pause(input.ms, ctx.signal);
        return undefined;
      },
    }),
    'test.flaky': defineJob({
      kind: 'test.flaky',
      input: ZFlakyInput,
      limits: { maxAttempts: 2 },
      async run(_ctx, input) {
        if (probe.failures < input.failTimes) {
          probe.failures++;
          if (input.mode === 'retry-after') throw new RetryAfterError(50, 'upstream said 429; waiting 50 ms');
          throw new AppError('PROVIDER_UNAVAILABLE', 'fake provider is down');
        }
        return Promise.resolve({ details: { failuresBeforeSuccess: probe.failures } });
      },
    }),
    'test.items': defineJob({
      kind: 'test.items',
      input: ZItemsInput,
      async run(ctx, input) {
        await ctx.items.create(Array.from({ length: input.count }, (_, index) => ({ index, title: `Book ${index}`, input: { row: index } })));
        const total = input.count;
        for (let batch = await ctx.items.pending(100); batch.length > 0; batch = await ctx.items.pending(100, batch.at(-1)?.idx)) {
          for (const item of batch) {
            const down = probe.providerDown && item.idx % 2 === 1;
            await ctx.items.complete(item.idx, down
              ? { status: 'provider_unavailable', error: { code: 'PROVIDER_UNAVAILABLE', message: 'fake provider down' } }
              : { status: 'matched', result: { workId: `w${item.idx}` } });
          }
          const { pending } = await ctx.items.counts();
          ctx.progress({ phase: 'enriching', done: total - pending, total });
        }
        return undefined;
      },
    }),
    'test.progress': defineJob({
      kind: 'test.progress',
      input: ZProgressInput,
      async run(ctx, input) {
        const message = input.padding > 0 ? 'x'.repeat(input.padding) : undefined;
        for (let i = 1; i <= input.events; i++) {
          ctx.progress({ phase: 'enriching', done: i, total: input.events, ...(message === undefined ? {} : { message }) });
          if (i % input.every === 0) await new Promise((r) => setImmediate(r));
        }
        return undefined;
      },
    }),
  });
}

export type TestJobRegistry = ReturnType<typeof createTestRegistry>;
