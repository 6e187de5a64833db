import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contract/errors.js';
import { AppError } from '../../src/errors.js';
import { ERROR_MAP, appCodeOf, toTRPCError } from '../../src/router/error-map.js';

describe('error mapping table', () => {
  it('covers every code, and its HTTP column agrees with what tRPC sends', () => {
    for (const code of ERROR_CODES) {
      const error = toTRPCError(new AppError(code, 'x'));
      expect({ code, status: getHTTPStatusCodeFromError(error) }).toEqual({ code, status: ERROR_MAP[code].http });
      expect(appCodeOf(error)).toBe(code);
    }
  });

  it('gives errors raised by tRPC itself an app code', () => {
    expect(appCodeOf(new TRPCError({ code: 'PARSE_ERROR' }))).toBe('INVALID_INPUT');
    expect(appCodeOf(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }))).toBe('PAYLOAD_TOO_LARGE');
    expect(appCodeOf(new TRPCError({ code: 'INTERNAL_SERVER_ERROR' }))).toBe('INTERNAL');
  });

  it('marks transient codes retryable by default', () => {
    expect(new AppError('PROVIDER_UNAVAILABLE', 'x').retryable).toBe(true);
    expect(new AppError('INVALID_INPUT', 'x').retryable).toBe(false);
    expect(new AppError('INVALID_INPUT', 'x', { retryable: true }).retryable).toBe(true);
  });
});
