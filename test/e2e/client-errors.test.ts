import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends raw bytes and reads the whole answer (the server closes after it). */
function raw(url: string, bytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe("requests Node's HTTP parser refuses", () => {
  it('get a JSON error with a code like every other error, and the server keeps serving', async () => {
    server = await startTestServer();
    const badPath = await raw(server.url, Buffer.concat([Buffer.from('GET /api/v1/jobs/'), Buffer.from([0xe9]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    expect(badPath).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(badPath.slice(badPath.indexOf('\r\n\r\n') + 4))).toMatchObject({ data: { appCode: 'INVALID_INPUT', httpStatus: 400 } });
    const hugeHeader = await raw(server.url, Buffer.from(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(hugeHeader).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(hugeHeader.slice(hugeHeader.indexOf('\r\n\r\n') + 4))).toMatchObject({ data: { appCode: 'PAYLOAD_TOO_LARGE', httpStatus: 431 } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
