import type { TJobSnapshot } from '../../../src/client/index.js';
import { adminToken, forgetAdminToken, keepAdminToken } from '../admin-token.js';
import { client, refusalOf } from '../client.js';
import { h, replace } from '../dom.js';

const STATUSES = ['', 'queued', 'running', 'completed', 'failed', 'canceled'] as const;
const KINDS = ['', 'csv-import', 'shelf-scan', 'enrichment'] as const;
/** Jobs read per step of "Show older jobs", and at most (a page of `jobs.list`). */
const PAGE = 100;
const MAX_SHOWN = 500;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function tokenForm(root: HTMLElement, signal: AbortSignal): void {
  const input = h('input', { attrs: { type: 'password', autocomplete: 'off', 'aria-label': 'admin token' } });
  const form = h('form', { class: 'card' }, h('h2', {}, 'Every job'), h('p', {}, 'This view needs the server’s admin token (BOOKSTRACK_ADMIN_TOKEN). It is kept in this browser until you forget it.'), input, h('button', { attrs: { type: 'submit' } }, 'Open'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim() === '') return;
    keepAdminToken(input.value.trim());
    jobsView(root, signal);
  });
  replace(root, form);
}

function row(job: TJobSnapshot): HTMLElement {
  const counts = Object.entries(job.counts).map(([k, n]) => `${k.replaceAll('_', ' ')} ${String(n)}`).join(', ');
  return h(
    'tr',
    { attrs: { 'data-job': job.jobId } },
    h('td', {}, h('a', { attrs: { href: `#/jobs/${job.jobId}` } }, job.jobId.slice(0, 8))),
    h('td', {}, job.kind),
    h('td', {}, job.stalled ? `${job.status} (stalled)` : job.status),
    h('td', {}, job.progress ? `${job.progress.phase} ${String(job.progress.done)}/${String(job.progress.total)}` : (job.phase ?? '')),
    h('td', {}, counts),
    h('td', {}, new Date(job.createdAt).toLocaleString()),
  );
}

/** Every job (admin): filtered by kind and status, the page searchable, refreshed every few seconds. */
export function jobsView(root: HTMLElement, signal: AbortSignal): void {
  const token = adminToken();
  if (!token) {
    tokenForm(root, signal);
    return;
  }
  const status = h('select', { attrs: { 'aria-label': 'status' } }, ...STATUSES.map((s) => h('option', { attrs: { value: s } }, s || 'any status')));
  const kind = h('select', { attrs: { 'aria-label': 'kind' } }, ...KINDS.map((k) => h('option', { attrs: { value: k } }, k || 'any kind')));
  const search = h('input', { attrs: { type: 'search', placeholder: 'search id, kind, status', 'aria-label': 'search' } });
  const forget = h('button', { attrs: { type: 'button' } }, 'Forget the admin token');
  const notice = h('p', { class: 'banner', attrs: { role: 'status', 'data-testid': 'workers' } });
  const problem = h('p', { class: 'problem', attrs: { role: 'alert' } });
  const body = h('tbody');
  const older = h('button', { attrs: { type: 'button', hidden: true } }, 'Show older jobs');
  const extent = h('p', { class: 'muted', attrs: { 'data-testid': 'extent' } });
  let jobs: TJobSnapshot[] = [];
  let limit = PAGE;
  let more = false;
  const show = (): void => {
    const q = search.value.trim().toLowerCase();
    const shown = jobs.filter((j) => q === '' || `${j.jobId} ${j.kind} ${j.status}`.toLowerCase().includes(q));
    replace(body, ...shown.map(row));
    // A whole job id (from a user's message, a log line) opens that job even when it is not listed here.
    if (shown.length === 0 && JOB_ID.test(q)) body.append(h('tr', {}, h('td', { attrs: { colspan: 6 } }, h('a', { attrs: { href: `#/jobs/${q}` } }, `Open job ${q}`))));
    older.hidden = !more || limit >= MAX_SHOWN;
    replace(extent, `${jobs.length} newest job(s) shown${more ? (limit >= MAX_SHOWN ? '; filter by status or kind to reach older ones' : '; there are older ones') : ''}. The search looks at these.`);
    // The server says when jobs wait with no worker taking them (STALL_AFTER_MS).
    const noWorker = jobs.find((j) => j.stalled?.reason === 'no_worker');
    const stuck = jobs.filter((j) => j.stalled?.reason === 'no_progress').length;
    replace(notice, [noWorker ? `No worker is taking jobs: ${noWorker.stalled?.message ?? ''}.` : '', stuck > 0 ? `${stuck} running job(s) look stalled: no worker carries them on (cancel ends them).` : ''].filter(Boolean).join(' '));
  };
  const load = async (): Promise<void> => {
    const page = await client.trpc.jobs.list.query(
      { limit, ...(status.value ? { status: status.value as TJobSnapshot['status'] } : {}), ...(kind.value ? { kind: kind.value } : {}) },
      { context: { token } },
    );
    jobs = page.jobs;
    more = page.nextCursor !== null;
    replace(problem);
    show();
  };
  const reload = (): void => {
    load().catch((error: unknown) => replace(problem, refusalOf(error).message));
  };
  older.addEventListener('click', () => {
    limit = Math.min(MAX_SHOWN, limit + PAGE);
    reload();
  });
  status.addEventListener('change', reload);
  kind.addEventListener('change', reload);
  search.addEventListener('input', show);
  forget.addEventListener('click', () => {
    forgetAdminToken();
    jobsView(root, signal);
  });
  replace(
    root,
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'row' }, h('h2', {}, 'Every job'), forget),
      h('div', { class: 'row' }, status, kind, search),
      notice,
      problem,
      h('div', { class: 'table' }, h('table', {}, h('thead', {}, h('tr', {}, ...['job', 'kind', 'status', 'progress', 'items', 'created'].map((t) => h('th', {}, t)))), body)),
      extent,
      older,
    ),
  );
  reload();
  const timer = setInterval(reload, 3_000);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
