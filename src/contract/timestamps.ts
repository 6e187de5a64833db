/**
 * A timestamp as every answer and event carries it: ISO-8601 in UTC to the whole second
 * (`2026-12-02T23:14:50Z`). That is the form the stock ISO-8601 decoders read, among them the
 * Swift OpenAPI runtime's default date transcoder and Foundation's `.iso8601` strategy, which
 * both refuse fractional seconds.
 */
export function isoTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
