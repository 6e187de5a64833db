/**
 * The production job catalog: kind → input type. Each job kind is added here with its definition
 * in `registry.ts`; `defineRegistry` then refuses to compile a kind without a handler.
 * (The enrichment, CSV-import and shelf-scan kinds arrive with their features.)
 */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- empty until the first feature adds its kind
export type AppJobCatalog = Record<never, never>;
