import type { ServerResponse } from 'node:http';
import type { JobStore } from '../db/store.js';

export interface HealthDeps {
  store: Pick<JobStore, 'check'>;
  runnerRunning(): boolean;
  acceptingWork(): boolean;
  /** Why the queue looks stuck (no worker takes jobs), or null. */
  queueProblem(): Promise<string | null>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/** Liveness: the process answers. */
export function serveHealthz(res: ServerResponse): void {
  json(res, 200, { status: 'ok' });
}

/**
 * Readiness: the database answers, the runner runs, and shutdown has not begun (else 503). Jobs
 * waiting with no worker taking them make it `degraded`, still 200: this process can serve, and
 * taking it out of rotation would not bring a worker.
 */
export async function serveReadyz(res: ServerResponse, deps: HealthDeps): Promise<void> {
  const db = await deps.store.check();
  const checks = {
    database: db.ok ? 'ok' : `failing: ${db.reason}`,
    runner: deps.runnerRunning() ? 'ok' : 'stopped',
    intake: deps.acceptingWork() ? 'ok' : 'shutting down',
  };
  const ready = Object.values(checks).every((v) => v === 'ok');
  const queue = db.ok ? await deps.queueProblem().catch((error: unknown) => `unknown: ${error instanceof Error ? error.message : String(error)}`) : null;
  const status = !ready ? 'not ready' : queue ? 'degraded' : 'ready';
  json(res, ready ? 200 : 503, { status, checks: { ...checks, queue: queue ?? 'ok' } });
}
