import { jobView } from './views/job.js';
import { jobsView } from './views/jobs.js';
import { reviewView } from './views/review.js';
import { startView } from './views/start.js';

const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app');
const app: HTMLElement = root;

let current = new AbortController();

/**
 * Hash routes: `#/` starts, `#/jobs/<id>` shows a job (its token from this browser, `?token=`, or
 * the admin token), `#/jobs/<id>/review` its items that need a decision, `#/jobs` every job (admin).
 */
function route(): void {
  current.abort();
  current = new AbortController();
  const job = /^#\/jobs\/([^/?]+)(\/review)?/.exec(location.hash);
  if (job?.[1] && job[2]) reviewView(app, decodeURIComponent(job[1]), current.signal);
  else if (job?.[1]) jobView(app, decodeURIComponent(job[1]), current.signal);
  else if (/^#\/jobs\/?$/.test(location.hash)) jobsView(app, current.signal);
  else startView(app);
}

window.addEventListener('hashchange', route);
route();
