import { z } from 'zod';

export const ZJobId = z.uuid().describe('Job id (UUID), returned by every start mutation');
export const ZIsoDateTime = z.iso.datetime().describe('ISO-8601 timestamp in UTC, to the whole second: `2026-12-02T23:14:50Z`');

/** Page size for every paginated read; one bound so clients can rely on it. */
export const ZPageLimit = z.number().int().min(1).max(500).default(100);

/** Opaque pagination cursor (returned as `nextCursor`, passed back as `cursor`). */
export const ZCursor = z.string().min(1).max(200);

export const ZIdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .describe('Same key (per client and job kind) returns the same job instead of starting another');

export const ZJsonObject = z.record(z.string(), z.unknown());
export type TJsonObject = z.infer<typeof ZJsonObject>;
