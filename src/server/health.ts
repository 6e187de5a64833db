import type { ServerResponse } from 'node:http';
import { checkDatabase, type Db } from '../db/client.js';

export interface HealthDeps {
  db: Db;
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
export function serveReadyz(res: ServerResponse, deps: HealthDeps): void {
  const db = checkDatabase(deps.db);
  const checks = {
    database: db.ok ? 'ok' : `failing: ${db.reason}`,
    runner: deps.runnerRunning() ? 'ok' : 'stopped',
    intake: deps.acceptingWork() ? 'ok' : 'shutting down',
  };
  const ready = Object.values(checks).every((v) => v === 'ok');
  json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
}
