import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { range } from '../helpers/events.js';
import { exited, killChildren, startChild as spawnChild, within } from '../helpers/child-process.js';
import { followSse } from '../helpers/sse.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];

const runs: { close(): void }[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) run.close();
  await killChildren(children);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const startChild = (env: Record<string, string>) => spawnChild(env, children);

describe('crash recovery', () => {
  it('resumes a job after SIGKILL on the same database, without re-running finished steps', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bookstrack-crash-'));
    dirs.push(dir);
    const execLog = join(dir, 'executions.log');
    const env = { DATA_DIR: dir, DATABASE_PATH: join(dir, 'bookstrack.db'), JOB_LEASE_MS: '500', EXEC_LOG: execLog };
    const readLog = () => readFileSync(execLog, 'utf8').split('\n').filter(Boolean);

    const first = await startChild(env);
    const res = await fetch(`${first.url}/api/v1/test/steps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { steps: 8, delayMs: 150 } }) });
    expect(res.status).toBe(200);
    const { jobId, token } = (await res.json()) as { jobId: string; token: string };

    // Kill the process as soon as three steps have finished: progress `done: n` is emitted only
    // after step s(n-1) stored its result, so steps s0..s(n-1) are certainly finished.
    let doneBeforeKill = 0;
    await within(
      new Promise<void>((resolve) => {
        const run = followSse(`${first.url}/api/v1/jobs/${jobId}/stream`, token, (e) => {
          if (e.type === 'progress' && e.done >= 3) {
            doneBeforeKill = e.done;
            run.close();
            resolve();
          }
        });
        runs.push(run);
      }),
      15_000,
      () => 'the first process did not report 3 finished steps',
    );
    first.child.kill('SIGKILL');
    await exited(first.child);
    const beforeKill = readLog();
    expect(beforeKill.length).toBeGreaterThanOrEqual(3);

    // A new process on the same database resumes the job once the dead lease expires.
    const second = await startChild(env);
    const run = followSse(`${second.url}/api/v1/jobs/${jobId}/stream`, token);
    runs.push(run);
    await within(run.ended, 20_000, () => `the job did not finish after the restart; events: ${run.events.map((e) => `${e.seq}:${e.type}`).join(' ')}`);
    const snapshot = (await (await fetch(`${second.url}/api/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string };
    expect(snapshot.status).toBe('completed');

    const log = (await (await fetch(`${second.url}/api/v1/jobs/${jobId}/events?limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as { events: TJobEvent[] };
    expect(log.events.map((e) => e.seq)).toEqual(range(1, log.events.length));
    expect(log.events.filter((e) => ['completed', 'failed', 'canceled'].includes(e.type))).toHaveLength(1);
    expect(log.events.some((e) => e.type === 'warning' && e.code === 'resumed')).toBe(true);

    const executions = readLog().map((line) => line.split(':')[1]);
    const counts = new Map<string, number>();
    for (const step of executions) counts.set(step ?? '', (counts.get(step ?? '') ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(range(0, 7).map((i) => `s${i}`).sort());
    // A step is logged inside its function, before its result is stored. Steps logged before the
    // kill ran to completion, except possibly the last, which may have been cut off before its
    // result was stored: only that one may run again, unless its progress was seen (then it was stored).
    const finished = new Set(beforeKill.slice(0, -1).map((line) => line.split(':')[1] ?? ''));
    for (let i = 0; i < doneBeforeKill; i++) finished.add(`s${i}`);
    for (const step of finished) expect({ step, runs: counts.get(step) }).toEqual({ step, runs: 1 });
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(executions.length).toBeLessThanOrEqual(9);

    second.child.kill('SIGTERM');
    await exited(second.child);
  });
});
