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
