import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths pino blanks out wherever they appear in a log line: tokens, keys, credentials. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'connectionParams',
  '*.connectionParams',
  'BOOKSTRACK_ADMIN_TOKEN',
  'BOOKSTRACK_API_KEYS',
  '*.BOOKSTRACK_ADMIN_TOKEN',
  '*.BOOKSTRACK_API_KEYS',
  // The providers' keys too, should a raw configuration (not `describeConfig`) ever be logged.
  'GOOGLE_BOOKS_API_KEY',
  'ISBNDB_API_KEY',
  'GEMINI_API_KEY',
  '*.GOOGLE_BOOKS_API_KEY',
  '*.ISBNDB_API_KEY',
  '*.GEMINI_API_KEY',
  // Gemini's and ISBNdb's key headers, should an upstream request's headers ever be logged.
  'headers["x-goog-api-key"]',
  '*.headers["x-goog-api-key"]',
  'headers.Authorization',
  '*.headers.Authorization',
];

export function createLogger(opts: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: 'bookstrack' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    opts.destination,
  );
}
