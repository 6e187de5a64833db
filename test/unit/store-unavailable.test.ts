import { describe, expect, it } from 'vitest';
import { pgUnavailable } from '../../src/db/pg/pg-unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('pgUnavailable: which PostgreSQL errors are an outage to wait out', () => {
  it('knows a server going away, a refused or reset socket, and pg losing its connection, however deeply wrapped', () => {
    expect(pgUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(pgUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(pgUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(pgUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(pgUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // As the provider cache wraps a failed write, and drizzle wraps a failed query.
    const wrapped = new Error('writing the provider cache failed', { cause: new Error('Failed query: insert …', { cause: withCode('read ECONNRESET', 'ECONNRESET') }) });
    expect(pgUnavailable(wrapped)).toBe(true);
    expect(pgUnavailable(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all attempts failed'))).toBe(true);
  });

  it('leaves bugs and bad data alone: they are not waited out', () => {
    expect(pgUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(pgUnavailable(withCode('unsupported Unicode escape sequence', '22P05'))).toBe(false);
    expect(pgUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(pgUnavailable('ECONNREFUSED')).toBe(false);
    expect(pgUnavailable(undefined)).toBe(false);
  });
});
