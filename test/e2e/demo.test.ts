import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, within } from '../helpers/child-process.js';

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (child) await exited(child);
  child = undefined;
});

describe('npm run demo', () => {
  it('imports the sample export and scans the sample photo offline, both jobs complete, and Ctrl-C stops it cleanly', { timeout: 90_000 }, async () => {
    const demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: new URL('../..', import.meta.url).pathname,
      // No keys and no real provider: the demo brings its own fakes on loopback.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = demo;
    let out = '';
    let err = '';
    demo.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await within(
      new Promise<void>((resolve) => {
        demo.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ctrl-C stops the demo.')) resolve();
        });
      }),
      80_000,
      () => `the demo did not get ready; stdout:\n${out}\nstderr:\n${err}`,
    );
    const jobs = [...out.matchAll(/^ {2}(import|scan)\s+(\S+)\s+(http:\/\/\S+\/api\/v1\/jobs\/\S+)\s+\(token (\S+)\)$/gm)].map((m) => ({ label: m[1], printed: m[2], url: m[3] ?? '', token: m[4] ?? '' }));
    expect(jobs.map((j) => [j.label, j.printed])).toEqual([
      ['import', 'completed'],
      ['scan', 'completed'],
    ]);
    for (const job of jobs) {
      const snapshot = (await (await fetch(job.url, { headers: { authorization: `Bearer ${job.token}` } })).json()) as { status: string; itemCount: number };
      expect(snapshot.status).toBe('completed');
      expect(snapshot.itemCount).toBeGreaterThan(0);
    }
    expect(out).toMatch(/│ matched\s+│ 152\s+│/);
    expect(out).toContain('photo 1: done (6 books)');
    expect(out).toMatch(/API docs\s+http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
    // The console the demo points a newcomer at is there.
    const consoleUrl = /Web console (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? '';
    const page = await fetch(consoleUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>BooksTrack console</title>');
    // And the scan's doubtful reading has a review link, with the scan's token.
    const scanLink = /scan\s+in the console: \S+#\/jobs\/([\w-]+)\?token=(\S+)/.exec(out);
    expect(out).toContain(`${consoleUrl}#/jobs/${scanLink?.[1] ?? '?'}/review?token=${scanLink?.[2] ?? '?'}`);
    demo.kill('SIGINT');
    await exited(demo);
    expect({ code: demo.exitCode, stopped: out.trimEnd().endsWith('demo stopped') }).toEqual({ code: 0, stopped: true });
  });
});
