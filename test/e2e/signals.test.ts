import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, killChildren, within } from '../helpers/child-process.js';
import { OFFLINE_PROVIDER_ENV } from '../helpers/offline-env.js';
import { testTempDir } from '../helpers/temp-dir.js';

const root = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];
afterEach(() => killChildren(children));

/** Starts `script` under tsx; resolves once its stdout has shown `ready`. */
async function start(script: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await within(
    new Promise<void>((resolve) => {
      const check = () => (ready.test(out) ? resolve() : setTimeout(check, 20));
      check();
    }),
    30_000,
    () => `${script} did not get ready:\n${out}`,
  );
  return { child, out: () => out };
}

const exitOf = async (child: ChildProcess, ms: number) => {
  await within(exited(child), ms, () => `still running ${ms} ms after the signal`);
  return { code: child.exitCode, signal: child.signalCode };
};

describe('stopping the server', () => {
  it('stops on Ctrl-C when the pipe its logs went to is gone (npm start | tee log)', { timeout: 60_000 }, async () => {
    const { child } = await start('src/server/main.ts', { ...OFFLINE_PROVIDER_ENV, PORT: '0', HOST: '127.0.0.1', DATA_DIR: testTempDir('signals-'), LOG_LEVEL: 'debug' }, /BooksTrack is listening/);
    // The reader goes away first, as tee does on Ctrl-C: every later log line meets a closed pipe.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.kill('SIGINT');
    expect(await exitOf(child, 20_000)).toEqual({ code: 0, signal: null });
  });

  it('stops at once on a second signal while the shutdown still waits', { timeout: 30_000 }, async () => {
    const { child, out } = await start('test/helpers/signal-child.ts', {}, /READY/);
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exitOf(child, 5_000)).toEqual({ code: 143, signal: null });
    expect(out()).toContain('second signal: stopping now');
  });

  it('gives up on a shutdown that outlasts the grace period, with exit code 1', { timeout: 30_000 }, async () => {
    const { child, out } = await start('test/helpers/signal-child.ts', { GRACE_MS: '100' }, /READY/);
    child.kill('SIGTERM');
    expect(await exitOf(child, 10_000)).toEqual({ code: 1, signal: null });
    expect(out()).toContain('shutdown did not finish in time');
  });
});
