import { defineConfig } from 'drizzle-kit';

/** PostgreSQL mode's migrations (`DATABASE_URL=postgres://…`); SQLite's are in `drizzle.config.ts`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema/index.ts',
  out: './drizzle/pg',
});
