import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TJobEvent } from '../../src/contract/job-events.js';
import { range } from '../helpers/events.js';
import { followSse } from '../helpers/sse.js';

const root = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts the server in a child process; resolves with its URL once it listens. */
function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/child-server.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${err}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /LISTENING (\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited (${String(code)}) before listening: ${err}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

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

    // Kill the process as soon as three steps have finished (their progress is persisted).
    await new Promise<void>((resolve) => {
      const run = followSse(`${first.url}/api/v1/jobs/${jobId}/stream`, token, (e) => {
        if (e.type === 'progress' && e.done >= 3) {
          run.close();
          resolve();
        }
      });
    });
    first.child.kill('SIGKILL');
    await exited(first.child);
    const beforeKill = readLog();
    expect(beforeKill.length).toBeGreaterThanOrEqual(3);

    // A new process on the same database resumes the job once the dead lease expires.
    const second = await startChild(env);
    const run = followSse(`${second.url}/api/v1/jobs/${jobId}/stream`, token);
    await run.ended;
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
    // Steps logged before the kill ran to completion, except possibly the last, which may have been
    // cut off before its result was stored: only that one may run again.
    const finished = beforeKill.slice(0, -1).map((line) => line.split(':')[1]);
    for (const step of finished) expect({ step, runs: counts.get(step ?? '') }).toEqual({ step, runs: 1 });
    expect(executions.length).toBeLessThanOrEqual(9);

    second.child.kill('SIGTERM');
    await exited(second.child);
  });
});
