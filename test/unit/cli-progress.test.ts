import { describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { Output } from '../../src/cli/output.js';
import { createJobView, etaText } from '../../src/cli/progress.js';
import { VirtualTerminal } from '../helpers/virtual-terminal.js';

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

describe('CLI progress bars at a terminal', () => {
  it('draws each phase once however long its note and however many lines print above, even where the terminal wraps long lines', async () => {
    const terminal = new VirtualTerminal(72);
    const view = createJobView(new Output({ stdout: terminal, stderr: { write: () => undefined } }, false));
    const note = { message: 'waiting for Google Books: 60 requests a minute, about 412 calls to go', etaSeconds: 433 };
    const at = (phase: Extract<TJobEvent, { type: 'progress' }>['phase'], done: number, total: number, seq: number): TJobEvent => ({ jobId: 'j', seq, at: '2026-12-03T00:00:00Z', type: 'progress', phase, done, total, ...note });
    let seq = 0;
    view.event(at('parsing', 152, 152, ++seq));
    view.event(at('mapping', 152, 152, ++seq));
    for (let done = 0; done <= 30; done += 3) {
      view.event(at('enriching', done, 152, ++seq));
      view.event({ jobId: 'j', seq: ++seq, at: '2026-12-03T00:00:00Z', type: 'item', index: done, status: 'needs_review', title: 'The Goal 3th (third) edition Text Only', reason: 'best match scored 0.55; please confirm' });
      await new Promise((r) => setTimeout(r, 120)); // a redraw (cli-progress redraws ten times a second)
    }
    view.stop();
    const screen = terminal.screen();
    const barsOf = (phase: string) => screen.filter((l) => l.startsWith(` ${phase}`));
    expect(barsOf('parsing')).toHaveLength(1);
    expect(barsOf('mapping')).toHaveLength(1);
    expect(barsOf('enriching')).toHaveLength(1);
    expect(barsOf('enriching')[0]).toMatch(/ 30\/152 waiting for Google Books.*…$/);
    expect(screen.every((l) => l.length <= 72)).toBe(true);
    // No piece of an old bar is left beside a line printed over it.
    expect(screen.filter((l) => !/^ (parsing|mapping|enriching) /.test(l)).some((l) => /[█░]/.test(l))).toBe(false);
    expect(screen.filter((l) => l.startsWith('item ')).length).toBeGreaterThanOrEqual(10);
  });
});
