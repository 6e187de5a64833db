import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FILES } from '../fakes/demo.js';
import { exited, within } from '../helpers/child-process.js';
import { parsePrometheus } from '../helpers/prometheus.js';

const run = promisify(execFile);

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
    // The printed curl line runs in a POSIX shell (its URL quoted: zsh takes a bare `?` as a glob).
    const curlLine = /^ {2}(curl -H .*)$/m.exec(out)?.[1] ?? '';
    expect(curlLine).toMatch(/ '\S+\?limit=3'$/);
    const curled = await run('sh', ['-c', curlLine]);
    expect((JSON.parse(curled.stdout) as { items: unknown[] }).items).toHaveLength(3);
    // Its metrics count both jobs, run on the job worker thread.
    const metricsLine = /Metrics\s+(curl .*)$/m.exec(out)?.[1] ?? '';
    const metrics = parsePrometheus((await run('sh', ['-c', metricsLine])).stdout);
    expect(metrics.sum('bookstrack_jobs_finished_total', { kind: 'csv-import', outcome: 'completed' })).toBe(1);
    expect(metrics.sum('bookstrack_jobs_finished_total', { kind: 'shelf-scan', outcome: 'completed' })).toBe(1);
    expect(metrics.sum('bookstrack_items_decided_total', { kind: 'csv-import' })).toBe(152);
    // A photo other than the sample: the demo says its fake Gemini does not read it (its own scan of the sample said nothing).
    expect(out).not.toContain('note: a photo other');
    const other = (await sharp(readFileSync(DEMO_FILES.shelf)).flop().jpeg().toBuffer()).toString('base64');
    const started = await fetch(`${consoleUrl}api/v1/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ photos: [{ data: other }] }) });
    expect(started.status).toBe(200);
    await within(
      new Promise<void>((resolve) => {
        const check = () => (out.includes("note: a photo other than the demo's sample was scanned") ? resolve() : setTimeout(check, 50));
        check();
      }),
      20_000,
      () => `no note about the fake Gemini; stdout:\n${out}`,
    );
    demo.kill('SIGINT');
    await exited(demo);
    expect({ code: demo.exitCode, stopped: out.trimEnd().endsWith('demo stopped') }).toEqual({ code: 0, stopped: true });
  });
});
