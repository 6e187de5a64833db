import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('REST: a known path with the wrong method', () => {
  it('answers 405 METHOD_NOT_ALLOWED with Allow, not 404; unknown paths stay 404', async () => {
    server = await startTestServer();
    const job = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, string][] = [
      ['DELETE', `/api/v1/jobs/${job}`, 'GET'],
      ['GET', '/api/v1/enrichment', 'POST'],
      ['PUT', '/api/v1/imports/csv', 'POST'],
      ['GET', `/api/v1/jobs/${job}/review/3`, 'POST'],
      ['POST', `/api/v1/jobs/${job}/stream`, 'GET'],
      ['PATCH', `/api/v1/jobs/${job}/photos/0`, 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await fetch(`${server.url}${path}`, { method });
      expect({ method, path, status: res.status, allow: res.headers.get('allow') }).toEqual({ method, path, status: 405, allow });
      expect(((await res.json()) as { data: { appCode: string } }).data.appCode).toBe('METHOD_NOT_ALLOWED');
    }
    const unknown = await fetch(`${server.url}/api/v1/no-such-thing`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    // HEAD is allowed wherever GET is.
    expect((await fetch(`${server.url}/api/v1/jobs/${job}`, { method: 'HEAD' })).status).not.toBe(405);
  });
});
