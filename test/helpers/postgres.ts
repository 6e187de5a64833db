import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server of this test run: `TEST_DATABASE_URL` when set (any reachable server,
 * e.g. CI's), else the embedded one the global setup started. Never skipped: without one, the
 * PostgreSQL tests fail.
 */
export function testPostgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('no PostgreSQL for the tests: TEST_DATABASE_URL is not set and the global setup did not start one');
  return url;
}

/** A new, empty database on the test server, and a function that drops it. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = testPostgresUrl();
  const name = `bt_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
