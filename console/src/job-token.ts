import { adminToken } from './admin-token.js';
import { tokenOf } from './jobs-store.js';

/** A job's token: from a shared link (`…?token=`), kept by this browser, or the admin token. */
export function jobToken(jobId: string): string | undefined {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get('token') ?? tokenOf(jobId) ?? adminToken();
}
