import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseConfig } from '../../src/server/config.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CSV = JSON.stringify({ csv: 'Title,Author\nDune,Frank Herbert\n' });
const startImport = (url: string, origin?: string) =>
  fetch(`${url}/api/v1/imports/csv`, { method: 'POST', headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) }, body: CSV });

/** Opens a WebSocket to /trpc with `origin`; resolves with the upgrade's HTTP status (101 when it opened). */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc`, { origin });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (error) => reject(error));
  });
}

describe('Origin: a browser page may call the API only from this server or CONSOLE_ORIGINS', () => {
  it('refuses a page of another origin with 403 naming Origin, on HTTP and on the WebSocket; same origin and no Origin pass', async () => {
    server = await startTestServer();
    const refused = await startImport(server.url, 'https://evil.example');
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { message: string; data: { appCode: string; field: string } };
    expect(body.data).toMatchObject({ appCode: 'FORBIDDEN', field: 'Origin' });
    expect(body.message).toContain('https://evil.example');
    // Nothing was started by the refused request.
    const admin = (await server.app.jobs.queries.list({ limit: 10 })).jobs;
    expect(admin).toHaveLength(0);

    expect((await startImport(server.url, server.url)).status).toBe(200);
    expect((await startImport(server.url)).status).toBe(200);
    // Tokens change nothing: a read from a foreign page is refused too.
    const read = await fetch(`${server.url}/api/v1/jobs`, { headers: { origin: 'http://127.0.0.1:1', authorization: 'Bearer whatever' } });
    expect(read.status).toBe(403);

    expect(await upgradeStatus(server.url, 'https://evil.example')).toBe(403);
    expect(await upgradeStatus(server.url, server.url)).toBe(101);
  });

  it('lets an origin in CONSOLE_ORIGINS call it with CORS headers and answered preflights', async () => {
    server = await startTestServer({ CONSOLE_ORIGINS: 'https://console.example.com, http://localhost:5173' });
    const allowed = await startImport(server.url, 'https://console.example.com');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(allowed.headers.get('vary')).toContain('Origin');

    const preflight = await fetch(`${server.url}/trpc/jobs.get`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

    expect(await upgradeStatus(server.url, 'http://localhost:5173')).toBe(101);
    // Same origin needs no CORS headers; an unlisted one is still refused.
    expect((await startImport(server.url, server.url)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await startImport(server.url, 'https://console.example.com.evil.example')).status).toBe(403);
  });

  it('refuses a CONSOLE_ORIGINS entry that is not an origin, naming it', () => {
    expect(() => parseConfig({ CONSOLE_ORIGINS: 'https://console.example.com/app' })).toThrow(/CONSOLE_ORIGINS/);
    expect(() => parseConfig({ CONSOLE_ORIGINS: 'ftp://x.example' })).toThrow(/CONSOLE_ORIGINS/);
    expect(parseConfig({ CONSOLE_ORIGINS: ' https://a.example ,http://b.example:8080 ' }).CONSOLE_ORIGINS).toEqual(['https://a.example', 'http://b.example:8080']);
  });
});
