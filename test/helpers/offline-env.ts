/**
 * Provider base URLs for tests that do not start fakes: a closed loopback port, so a provider call
 * fails at once as "unavailable" instead of reaching the internet. Tests that need answers start
 * `test/fakes` and pass its `env`, which overrides these.
 */
const CLOSED = 'http://127.0.0.1:9';

export const OFFLINE_PROVIDER_ENV: Record<string, string> = {
  OPENLIBRARY_BASE_URL: CLOSED,
  OPENLIBRARY_COVERS_BASE_URL: CLOSED,
  GOOGLE_BOOKS_BASE_URL: `${CLOSED}/books/v1`,
  ISBNDB_BASE_URL: CLOSED,
  GEMINI_BASE_URL: CLOSED,
};
