import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('logger', () => {
  it('redacts tokens, API keys and authorization headers wherever they sit', () => {
    const { lines, logger } = capture();
    const job = logger.child({ jobId: 'j1' });
    job.info({ token: 'tok-SECRET-1', input: { token: 'tok-SECRET-2' } }, 'start');
    logger.info({ req: { headers: { authorization: 'Bearer tok-SECRET-3', 'x-api-key': 'key-SECRET-4' } } }, 'request');
    logger.info({ connectionParams: { token: 'tok-SECRET-5' }, config: { BOOKSTRACK_ADMIN_TOKEN: 'adm-SECRET-6' } }, 'ws');
    const text = lines.join('');
    expect(text).not.toMatch(/SECRET/);
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(6);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ jobId: 'j1', msg: 'start' });
  });
});
