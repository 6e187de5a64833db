import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new job token: 256 random bits, URL-safe. */
export function newJobToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token against stored hashes. */
export function tokenMatches(token: string, hashes: readonly string[]): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  let match = false;
  for (const h of hashes) {
    const stored = Buffer.from(h, 'hex');
    // Same length by construction (sha256); check every hash so timing does not reveal which.
    if (stored.length === presented.length && timingSafeEqual(stored, presented)) match = true;
  }
  return match;
}

/** Constant-time equality of two secrets of any length (admin token, API keys). */
export function secretEquals(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
