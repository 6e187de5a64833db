import { describe, expect, it, vi } from 'vitest';
import type { TJobProgress } from '../../src/contract/jobs.js';
import { backoffDelay } from '../../src/jobs/backoff.js';
import { decodeCursor, encodeCursor } from '../../src/jobs/cursor.js';
import { CLOSED, Inbox, OVERFLOW } from '../../src/jobs/inbox.js';
import { ProgressCoalescer } from '../../src/jobs/progress-coalescer.js';
import { hashToken, newJobToken, secretEquals, tokenMatches } from '../../src/jobs/tokens.js';

describe('backoff', () => {
  it('grows exponentially with jitter between half and all of the step, and is capped', () => {
    const opts = { baseMs: 1_000, maxMs: 8_000 };
    expect(backoffDelay(1, { ...opts, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { ...opts, random: () => 0.999999 })).toBe(1_000);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(2_000);
    expect(backoffDelay(30, { ...opts, random: () => 1 })).toBe(8_000);
  });
});

describe('progress coalescer', () => {
  const progress = (done: number, total = 100, phase: TJobProgress['phase'] = 'enriching'): TJobProgress => ({ phase, done, total });

  it('writes at most one event per interval, the newest, and always the last of a phase', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const written: TJobProgress[] = [];
      const c = new ProgressCoalescer(250, async (p) => void written.push(p), (e) => { throw e; }, () => now);
      for (let i = 1; i <= 50; i++) c.report(progress(i));
      await c.settled();
      expect(written.map((p) => p.done)).toEqual([1]);
      now = 250;
      vi.advanceTimersByTime(250);
      await c.settled();
      expect(written.map((p) => p.done)).toEqual([1, 50]);
      c.report(progress(60));
      c.report(progress(3, 3, 'finalizing'));
      await c.settled();
      // The phase change flushes the old phase's newest report first; done === total goes out at once.
      expect(written.map((p) => `${p.phase}:${p.done}`)).toEqual(['enriching:1', 'enriching:50', 'enriching:60', 'finalizing:3']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('inbox', () => {
  it('hands items over in order, signals overflow once, and closes on abort', async () => {
    const ac = new AbortController();
    const inbox = new Inbox<number>(ac.signal, 2);
    inbox.push(1);
    inbox.push(2);
    expect(await inbox.take()).toBe(1);
    inbox.push(3);
    inbox.push(4); // backlog was 2: dropped
    expect(await inbox.take()).toBe(OVERFLOW);
    const waiting = inbox.take();
    inbox.push(5);
    expect(await waiting).toBe(5);
    const pending = inbox.take();
    ac.abort();
    expect(await pending).toBe(CLOSED);
  });
});

describe('tokens', () => {
  it('are long, random, stored only as hashes and compared in constant time', () => {
    const a = newJobToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newJobToken()).not.toBe(a);
    expect(hashToken(a)).not.toContain(a);
    expect(tokenMatches(a, [hashToken('other'), hashToken(a)])).toBe(true);
    expect(tokenMatches(a, [hashToken('other')])).toBe(false);
    expect(tokenMatches('', [])).toBe(false);
    expect(secretEquals('abc', 'abc')).toBe(true);
    expect(secretEquals('abc', 'abcd')).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trip and reject anything the server did not issue, naming the field', () => {
    expect(decodeCursor(encodeCursor({ index: 41 }), 'cursor').index).toBe(41);
    expect(() => decodeCursor('%%%', 'cursor')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'cursor' }));
    expect(() => decodeCursor(Buffer.from('{"index":"x"}').toString('base64url'), 'cursor')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
