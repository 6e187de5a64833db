import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the typed client’s HTTP requests', () => {
  it('sends each mutation on its own (a start carries its file) and still batches queries', async () => {
    const ADMIN = 'admin-token-for-client-links';
    server = await startTestServer({ BOOKSTRACK_ADMIN_TOKEN: ADMIN });
    const paths: string[] = [];
    server.app.server.on('request', (req: IncomingMessage) => {
      if (req.url?.startsWith('/trpc/')) paths.push(req.url);
    });
    const { trpc } = server.client({ token: ADMIN });
    const csv = `Title,Author\n${'A Book,An Author\n'.repeat(200)}`;
    const started = await Promise.all([trpc.imports.startCsv.mutate({ csv, enrich: false }), trpc.imports.startCsv.mutate({ csv, enrich: false }), trpc.imports.startCsv.mutate({ csv, enrich: false })]);
    expect(paths.filter((p) => p.startsWith('/trpc/imports.startCsv'))).toHaveLength(3);
    expect(paths.some((p) => p.includes('batch=1') && p.includes('imports.startCsv'))).toBe(false);

    paths.length = 0;
    const snapshots = await Promise.all(started.map(({ jobId }) => trpc.jobs.get.query({ jobId })));
    expect(snapshots.map((s) => s.jobId)).toEqual(started.map((s) => s.jobId));
    expect(paths).toHaveLength(1);
    expect(paths[0]).toContain('batch=1');
  });
});
