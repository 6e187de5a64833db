import { adminToken } from './admin-token.js';
import { keepJob, tokenOf } from './jobs-store.js';

/**
 * A job's token: from a shared link (`…?token=`), kept by this browser, or the admin token. A
 * link's token is kept too, so the job's other pages (and a later visit) open without the link.
 */
export function jobToken(jobId: string): string | undefined {
  const linked = new URLSearchParams(location.hash.split('?')[1] ?? '').get('token');
  if (linked && tokenOf(jobId) !== linked) keepJob({ jobId, token: linked, kind: 'job', label: 'opened from a link', startedAt: Date.now() });
  return linked ?? tokenOf(jobId) ?? adminToken();
}
