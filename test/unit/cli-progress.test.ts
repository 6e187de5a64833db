import { describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { Output } from '../../src/cli/output.js';
import { createJobView, etaText } from '../../src/cli/progress.js';

const progress = (done: number, extra: Partial<Extract<TJobEvent, { type: 'progress' }>> = {}): TJobEvent => ({
  jobId: 'j', seq: done + 1, at: '2026-12-03T00:00:00Z', type: 'progress', phase: 'enriching', done, total: 1_000, ...extra,
});

describe('CLI progress', () => {
  it('writes an estimate as people read it', () => {
    expect([undefined, 0, 42, 425, 7_325].map(etaText)).toEqual(['', '', '42s left', '7m 05s left', '2h 02m left']);
  });

  it('in plain output, says what the job waits on at each tenth and at least every 30 s in between', () => {
    let written = '';
    let clock = 0;
    const view = createJobView(new Output({ stdout: { write: (t: string) => (written += t) }, stderr: { write: () => undefined } }, false), () => clock);
    const waiting = 'waiting for Google Books: 60 requests a minute, about 412 calls to go';
    view.event(progress(0, { message: waiting, etaSeconds: 433 }));
    clock = 10_000;
    view.event(progress(5, { message: waiting, etaSeconds: 420 }));
    clock = 31_000;
    view.event(progress(9, { message: waiting, etaSeconds: 400 }));
    view.event(progress(100, { currentItem: 'Dune' }));
    expect(written.split('\n').filter(Boolean)).toEqual([
      `enriching: 0/1000 ${waiting} · 7m 13s left`,
      `enriching: 9/1000 ${waiting} · 6m 40s left`,
      'enriching: 100/1000 Dune',
    ]);
  });
});
