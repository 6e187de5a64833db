import type { ServerResponse } from 'node:http';
import type { JobStore } from '../db/store.js';

export interface HealthDeps {
  store: Pick<JobStore, 'check'>;
  runnerRunning(): boolean;
  acceptingWork(): boolean;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/** Liveness: the process answers. */
export function serveHealthz(res: ServerResponse): void {
  json(res, 200, { status: 'ok' });
}

/** Readiness: the database answers, the runner runs, and shutdown has not begun. */
export async function serveReadyz(res: ServerResponse, deps: HealthDeps): Promise<void> {
  const db = await deps.store.check();
  const checks = {
    database: db.ok ? 'ok' : `failing: ${db.reason}`,
    runner: deps.runnerRunning() ? 'ok' : 'stopped',
    intake: deps.acceptingWork() ? 'ok' : 'shutting down',
  };
  const ready = Object.values(checks).every((v) => v === 'ok');
  json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
}
