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
      MAX_CSV_ROWS: 10_000,
      GEMINI_MODEL: 'gemini-2.5-flash',
      GEMINI_BASE_URL: 'https://generativelanguage.googleapis.com',
      GEMINI_TIMEOUT_MS: 60_000,
      JOB_STALL_TIMEOUT_MS: 300_000,
      PROGRESS_HEARTBEAT_MS: 2_000,
      BOOKSTRACK_ROLE: 'all',
      EVENT_POLL_MS: 500,
    });
    expect(c.GEMINI_API_KEY).toBeUndefined();
    // Room for five base64 photos of MAX_PHOTO_BYTES each.
    expect(c.maxBodyBytes).toBeGreaterThan((5 * 10 * 1024 * 1024 * 4) / 3);
  });

  it('refuses a stall timeout a single slow upstream call could reach', () => {
    expect(() => parseConfig({ JOB_STALL_TIMEOUT_MS: '30000' })).toThrow(/JOB_STALL_TIMEOUT_MS: must be longer than PROVIDER_TIMEOUT_MS and GEMINI_TIMEOUT_MS \(got "30000"\)/);
    expect(parseConfig({ JOB_STALL_TIMEOUT_MS: '30000', GEMINI_TIMEOUT_MS: '20000' }).JOB_STALL_TIMEOUT_MS).toBe(30_000);
  });

  it('takes a role, and refuses api or worker on an in-memory database (the processes meet in the file)', () => {
    expect(parseConfig({ BOOKSTRACK_ROLE: 'worker' }).BOOKSTRACK_ROLE).toBe('worker');
    expect(() => parseConfig({ BOOKSTRACK_ROLE: 'api', DATABASE_PATH: ':memory:' })).toThrow(/BOOKSTRACK_ROLE: api processes share a database file/);
    expect(() => parseConfig({ BOOKSTRACK_ROLE: 'scheduler' })).toThrow(ConfigError);
    expect(parseConfig({ BOOKSTRACK_ROLE: 'all', DATABASE_PATH: ':memory:' }).DATABASE_PATH).toBe(':memory:');
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
    const c = parseConfig({ BOOKSTRACK_ADMIN_TOKEN: 'super-secret-admin-token', BOOKSTRACK_API_KEYS: 'key-123', GOOGLE_BOOKS_API_KEY: 'g-key-456', ISBNDB_API_KEY: 'i-key-789', GEMINI_API_KEY: 'gem-key-000' });
    const described = describeConfig(c);
    const text = JSON.stringify(described);
    for (const secret of ['super-secret-admin-token', 'key-123', 'g-key-456', 'i-key-789', 'gem-key-000']) expect(text).not.toContain(secret);
    expect(described.GEMINI_API_KEY).toBe('set');
    expect(describeConfig(parseConfig({})).GEMINI_API_KEY).toBe('unset');
  });

  it('reads the Gemini settings and the CSV row limit', () => {
    const c = parseConfig({ GEMINI_API_KEY: '  gem-key  ', GEMINI_MODEL: 'gemini-2.5-flash-lite', GEMINI_BASE_URL: 'http://127.0.0.1:9/', GEMINI_TIMEOUT_MS: '5000', MAX_CSV_ROWS: '250' });
    expect(c).toMatchObject({ GEMINI_API_KEY: 'gem-key', GEMINI_MODEL: 'gemini-2.5-flash-lite', GEMINI_BASE_URL: 'http://127.0.0.1:9', GEMINI_TIMEOUT_MS: 5000, MAX_CSV_ROWS: 250 });
    expect(parseConfig({ GEMINI_API_KEY: ' ' }).GEMINI_API_KEY).toBeUndefined();
    expect(() => parseConfig({ MAX_CSV_ROWS: '0' })).toThrow(/MAX_CSV_ROWS/);
    expect(() => parseConfig({ MAX_CSV_ROWS: '1000001' })).toThrow(/MAX_CSV_ROWS/);
    expect(() => parseConfig({ GEMINI_MODEL: '../files' })).toThrow(/GEMINI_MODEL/);
    expect(() => parseConfig({ GEMINI_TIMEOUT_MS: 'soon' })).toThrow(/GEMINI_TIMEOUT_MS/);
    expect(() => parseConfig({ GEMINI_BASE_URL: 'ftp://example.org' })).toThrow(/GEMINI_BASE_URL/);
  });

  it('reads the provider order and refuses unknown or repeated providers', () => {
    expect(parseConfig({ ENRICH_PROVIDERS: ' google-books , openlibrary ' }).ENRICH_PROVIDERS).toEqual(['google-books', 'openlibrary']);
    expect(parseConfig({}).ENRICH_PROVIDERS).toEqual(['openlibrary', 'google-books', 'isbndb']);
    expect(() => parseConfig({ ENRICH_PROVIDERS: 'openlibrary,amazon' })).toThrow(/ENRICH_PROVIDERS/);
    expect(() => parseConfig({ ENRICH_PROVIDERS: 'openlibrary,openlibrary' })).toThrow(/listed twice/);
    expect(() => parseConfig({ OPENLIBRARY_BASE_URL: 'ftp://example.org' })).toThrow(/OPENLIBRARY_BASE_URL/);
    expect(parseConfig({ ISBNDB_BASE_URL: 'http://127.0.0.1:9/' }).ISBNDB_BASE_URL).toBe('http://127.0.0.1:9');
  });
});
