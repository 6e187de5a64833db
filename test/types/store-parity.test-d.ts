import { describe, expectTypeOf, it } from 'vitest';
import type * as pgSchema from '../../src/db/pg/schema/index.js';
import type * as sqliteSchema from '../../src/db/schema/index.js';

/**
 * A row reads the same on both stores: one repository interface can hand out the same types
 * whichever database is behind it (times are epoch-ms numbers, JSON columns typed alike).
 */
describe('the PostgreSQL schema’s rows have the SQLite schema’s types', () => {
  it('table by table', () => {
    expectTypeOf<typeof pgSchema.jobs.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.jobs.$inferSelect>();
    expectTypeOf<typeof pgSchema.jobTokens.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.jobTokens.$inferSelect>();
    expectTypeOf<typeof pgSchema.jobEvents.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.jobEvents.$inferSelect>();
    expectTypeOf<typeof pgSchema.jobItems.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.jobItems.$inferSelect>();
    expectTypeOf<typeof pgSchema.jobSteps.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.jobSteps.$inferSelect>();
    expectTypeOf<typeof pgSchema.blobs.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.blobs.$inferSelect>();
    expectTypeOf<typeof pgSchema.jobBlobs.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.jobBlobs.$inferSelect>();
    expectTypeOf<typeof pgSchema.providerCache.$inferSelect>().toEqualTypeOf<typeof sqliteSchema.providerCache.$inferSelect>();
    expectTypeOf<typeof pgSchema.jobs.$inferInsert>().toEqualTypeOf<typeof sqliteSchema.jobs.$inferInsert>();
  });
});
