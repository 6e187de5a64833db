import { UpstreamAttemptError } from '../errors.js';

/**
 * The common reading of HTTP statuses: 2xx and 404 go to the adapter (404 is "not found" for
 * most endpoints); 408, 429 and 5xx are worth another try; any other status means the provider
 * will not answer this client (bad key, forbidden), which retrying cannot fix.
 */
export function classifyStatus(status: number, what = 'upstream'): 'ok' | UpstreamAttemptError {
  if ((status >= 200 && status < 300) || status === 404) return 'ok';
  if (status === 429) return new UpstreamAttemptError(`${what} rate limit reached (429)`, true);
  if (status === 408 || status >= 500) return new UpstreamAttemptError(`${what} answered ${status}`, true);
  return new UpstreamAttemptError(`${what} refused the request (${status})`, false);
}
