import { jobView } from './views/job.js';
import { jobsView } from './views/jobs.js';
import { startView } from './views/start.js';

const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app');
const app: HTMLElement = root;

let current = new AbortController();

/**
 * Hash routes: `#/` starts, `#/jobs/<id>` shows a job (its token from this browser, `?token=`, or
 * the admin token), `#/jobs` lists every job (admin).
 */
function route(): void {
  current.abort();
  current = new AbortController();
  const job = /^#\/jobs\/([^/?]+)/.exec(location.hash);
  if (job?.[1]) jobView(app, decodeURIComponent(job[1]), current.signal);
  else if (/^#\/jobs\/?$/.test(location.hash)) jobsView(app, current.signal);
  else startView(app);
}

window.addEventListener('hashchange', route);
route();
