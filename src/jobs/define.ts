import type { z } from 'zod';
import type { TJsonObject } from '../contract/common.js';
import type { JobContext } from './context.js';

/** Per-kind execution limits. */
export interface JobLimits {
  /** Jobs of this kind running at once in one process. */
  concurrency: number;
  /** Attempts before a retryable failure becomes final (a Retry-After wait does not count). */
  maxAttempts: number;
}

/**
 * No wall-clock budget: a big import at the providers' real pace may rightly take hours. A run is
 * ended for lack of progress instead (the runner's `stallTimeoutMs`, `JOB_STALL_TIMEOUT_MS`).
 */
export const DEFAULT_JOB_LIMITS: JobLimits = { concurrency: 2, maxAttempts: 3 };

/** What a handler may return: kind-specific figures for the job's summary. */
export interface JobRunResult {
  details?: TJsonObject;
  /** Parts of the work outside the items that failed for a transient reason: `jobs.retryFailed` may run the job again for them. */
  retryableParts?: number;
}

/**
 * A job kind: its input schema (validated when enqueued and again when run, so it must accept
 * its own output: JSON in, JSON out), its limits, and its handler. `run` receives the engine's
 * `JobContext` and must honour `ctx.signal`.
 */
export interface JobDefinition<TKind extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly kind: TKind;
  readonly input: TSchema;
  readonly limits: JobLimits;
  run(ctx: JobContext, input: z.output<TSchema>): Promise<JobRunResult | undefined>;
}

export function defineJob<const TKind extends string, TSchema extends z.ZodType>(def: {
  kind: TKind;
  input: TSchema;
  limits?: Partial<JobLimits>;
  run: (ctx: JobContext, input: z.output<TSchema>) => Promise<JobRunResult | undefined>;
}): JobDefinition<TKind, TSchema> {
  return { kind: def.kind, input: def.input, limits: { ...DEFAULT_JOB_LIMITS, ...def.limits }, run: def.run };
}

/** A catalog maps each job kind to the zod schema of its input. */
export type JobCatalog = Record<string, z.ZodType>;

/** One definition per kind of the catalog, keyed by kind: a kind without a handler does not compile. */
export type JobRegistry<TCatalog extends JobCatalog> = {
  readonly [K in keyof TCatalog & string]: JobDefinition<K, TCatalog[K]>;
};

/**
 * Builds a registry for a catalog: `defineRegistry<Catalog>()({ kind: definition, ... })`.
 * Curried so the catalog is stated once and every entry is checked against it; extra kinds are refused too.
 */
export function defineRegistry<TCatalog extends JobCatalog>() {
  return <TRegistry extends JobRegistry<TCatalog>>(registry: TRegistry & Record<Exclude<keyof TRegistry, keyof TCatalog>, never>): TRegistry =>
    registry;
}

/** Any registry, for code that runs jobs without knowing their kinds statically. */
export type AnyJobRegistry = Readonly<Record<string, JobDefinition>>;
