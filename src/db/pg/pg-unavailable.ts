import { causes } from '../causes.js';

/** SQLSTATEs of a server that went away or is not taking connections yet. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '58000']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What `pg` throws itself when its connection is gone or cannot be made in time. */
const CLIENT_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * Whether `error`, or one of its causes, says PostgreSQL could not be used for a while: a
 * connection-class SQLSTATE (08…), an administrator shutdown or a server starting up (57P01–03),
 * too many connections, a refused or reset socket, or `pg`'s own "connection terminated".
 */
export function pgUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code))) return true;
    return e instanceof Error && CLIENT_MESSAGES.test(e.message);
  });
}
