import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, parseConfig } from '../../src/server/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      DATABASE_PATH: './data/bookstrack.db',
      RESULTS_TTL_HOURS: 24,
      RATE_LIMIT_STARTS_PER_MINUTE: 10,
      MAX_CSV_BYTES: 10 * 1024 * 1024,
      TRUST_PROXY: false,
      BOOKSTRACK_API_KEYS: [],
    });
    // Room for five base64 photos of MAX_PHOTO_BYTES each.
    expect(c.maxBodyBytes).toBeGreaterThan((5 * 10 * 1024 * 1024 * 4) / 3);
  });

  it('reads lists, flags and derived paths', () => {
    const c = parseConfig({ DATA_DIR: '/srv/bt', BOOKSTRACK_API_KEYS: ' a , b,, ', TRUST_PROXY: 'on', BOOKSTRACK_ADMIN_TOKEN: 'x'.repeat(16) });
    expect(c.DATABASE_PATH).toBe('/srv/bt/bookstrack.db');
    expect(c.BOOKSTRACK_API_KEYS).toEqual(['a', 'b']);
    expect(c.TRUST_PROXY).toBe(true);
  });

  it('names every bad variable, with what it got', () => {
    const attempt = () => parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', BOOKSTRACK_ADMIN_TOKEN: 'short', TRUST_PROXY: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (error: unknown) {
        return (error as Error).message;
      }
      return '';
    })();
    for (const name of ['PORT', 'LOG_LEVEL', 'BOOKSTRACK_ADMIN_TOKEN', 'TRUST_PROXY']) expect(message).toContain(`${name}:`);
    expect(message).toContain('"eighty"');
  });

  it('never shows secrets when described for the logs', () => {
    const c = parseConfig({ BOOKSTRACK_ADMIN_TOKEN: 'super-secret-admin-token', BOOKSTRACK_API_KEYS: 'key-123' });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('super-secret-admin-token');
    expect(text).not.toContain('key-123');
  });
});
