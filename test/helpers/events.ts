import { isTerminalEvent, type TJobEvent } from '../../src/contract/job-events.js';

/** Drains an event stream into an array, failing the test if it does not end in time. */
export async function collect(stream: AsyncIterable<TJobEvent>, timeoutMs = 10_000): Promise<TJobEvent[]> {
  const events: TJobEvent[] = [];
  const timer = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`stream did not end within ${timeoutMs} ms; got ${events.map((e) => `${e.seq}:${e.type}`).join(' ')}`)), timeoutMs).unref();
  });
  const drain = (async () => {
    for await (const event of stream) events.push(event);
  })();
  await Promise.race([drain, timer]);
  return events;
}

export function seqs(events: readonly TJobEvent[]): number[] {
  return events.map((e) => e.seq);
}

/** 1..n, the sequence a complete stream must have. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function terminalOf(events: readonly TJobEvent[]): TJobEvent | undefined {
  return events.filter(isTerminalEvent).at(-1);
}
