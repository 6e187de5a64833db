import type { TJobEvent, TJobSnapshot } from '../../../src/client/index.js';
import { client, refusalOf } from '../client.js';
import { append, h, replace } from '../dom.js';
import { jobToken } from '../job-token.js';
import { describeEvent, eta } from './job-events.js';
import { resultsSection } from './results.js';

/** A running job that sends nothing for this long looks stalled (it speaks every couple of seconds). */
const STALLED_AFTER_MS = 20_000;

const TERMINAL = new Set(['completed', 'failed', 'canceled']);

/**
 * A job's page: status, phase, a progress bar per phase with an estimate, counts by item status,
 * the live event log (replayed from the start on every load, so a reload continues it without a
 * gap or a repeat), a banner once it has ended, cancel and retry.
 */
export function jobView(root: HTMLElement, jobId: string, signal: AbortSignal): void {
  const token = jobToken(jobId);
  if (!token) {
    replace(root, h('section', { class: 'card' }, h('h2', {}, 'No token for this job'), h('p', {}, 'This browser did not start this job. Open the link with its token (…?token=) to see it.')));
    return;
  }
  const title = h('h2', {}, `Job ${jobId}`);
  const banner = h('p', { class: 'banner', attrs: { role: 'status', 'data-testid': 'banner' } });
  const status = h('p', { attrs: { 'data-testid': 'status' } });
  const bars = h('div', { class: 'bars' });
  const counts = h('dl', { class: 'counts', attrs: { 'data-testid': 'counts' } });
  const log = h('ol', { class: 'log', attrs: { 'data-testid': 'log', 'aria-label': 'event log' } });
  const problem = h('p', { class: 'problem', attrs: { role: 'alert' } });
  const cancel = h('button', { attrs: { type: 'button' } }, 'Cancel');
  const retry = h('button', { attrs: { type: 'button', hidden: true } }, 'Retry failed items');
  const review = h('a', { class: 'button', attrs: { href: `#/jobs/${jobId}/review`, hidden: true } });
  const results = resultsSection(jobId, token);
  replace(root, h('section', { class: 'card job' }, title, banner, status, bars, h('h3', {}, 'Items'), counts, h('div', { class: 'row' }, cancel, retry, review), problem, results.el, h('h3', {}, 'Events'), log));

  const phaseBars = new Map<string, { bar: HTMLProgressElement; text: HTMLElement }>();
  let lastEventAt = Date.now();
  let snapshot: TJobSnapshot | undefined;
  const ctx = { context: { token } };

  const showSnapshot = (s: TJobSnapshot): void => {
    snapshot = s;
    replace(title, `${s.kind === 'csv-import' ? 'Import' : s.kind === 'shelf-scan' ? 'Shelf scan' : s.kind} ${s.jobId}`);
    // Once the job has ended its last phase is history: the banner says how it ended.
    replace(status, TERMINAL.has(s.status) ? s.status : `${s.status}${s.phase ? `, ${s.phase}` : ''}${s.progress?.message ? `: ${s.progress.message}` : ''}`);
    replace(counts, ...Object.entries(s.counts).flatMap(([k, n]) => [h('dt', {}, k.replaceAll('_', ' ')), h('dd', { attrs: { 'data-status': k } }, n)]));
    cancel.hidden = TERMINAL.has(s.status);
    const retryable = (s.counts.provider_unavailable ?? 0) > 0 || (s.status === 'failed' && s.error?.retryable === true);
    retry.hidden = !(TERMINAL.has(s.status) && s.status !== 'canceled' && retryable);
    const waiting = s.counts.needs_review ?? 0;
    review.hidden = !(TERMINAL.has(s.status) && waiting > 0);
    replace(review, `Review ${waiting} item(s)`);
    if (s.status === 'completed') replace(banner, `Completed: ${s.itemCount} item(s).`);
    else if (s.status === 'failed') replace(banner, `Failed: ${s.error?.code ?? ''} ${s.error?.message ?? ''}`);
    else if (s.status === 'canceled') replace(banner, 'Canceled.');
    // The server's view of a stuck job (no worker carries it on, or none takes jobs), in its words.
    else if (s.stalled) replace(banner, `Looks stalled: ${s.stalled.message}`);
    else replace(banner);
    banner.dataset.state = s.status;
  };

  const showProgress = (e: Extract<TJobEvent, { type: 'progress' }>): void => {
    let bar = phaseBars.get(e.phase);
    if (!bar) {
      bar = { bar: h('progress', { attrs: { max: 1, value: 0, 'aria-label': e.phase } }), text: h('span') };
      phaseBars.set(e.phase, bar);
      append(bars, h('div', { class: 'bar' }, h('span', { class: 'phase' }, e.phase), bar.bar, bar.text));
    }
    bar.bar.max = Math.max(1, e.total);
    bar.bar.value = e.done;
    replace(bar.text, `${e.done}/${e.total}${e.done < e.total ? ` ${eta(e.etaSeconds)}` : ''}`);
  };

  let shownStatuses = '';
  const refresh = async (): Promise<void> => {
    const s = await client.trpc.jobs.get.query({ jobId }, ctx);
    showSnapshot(s);
    // The table follows the job: read again when the set of statuses or the job's state changes.
    const key = `${s.status}:${Object.entries(s.counts).map(([k, n]) => `${k}=${String(n)}`).join(',')}`;
    if (key !== shownStatuses && (TERMINAL.has(s.status) || shownStatuses === '')) results.reload(Object.keys(s.counts));
    shownStatuses = key;
  };
  let refreshQueued = false;
  const refreshSoon = (): void => {
    if (refreshQueued) return;
    refreshQueued = true;
    setTimeout(() => {
      refreshQueued = false;
      refresh().catch((error: unknown) => replace(problem, refusalOf(error).message));
    }, 300);
  };

  const follow = async (after: number): Promise<void> => {
    for await (const e of client.watchJob(jobId, token, { after, signal })) {
      lastEventAt = Date.now();
      append(log, h('li', { attrs: { 'data-seq': e.seq } }, h('span', { class: 'seq' }, `#${e.seq}`), describeEvent(e, snapshot?.kind)));
      if (e.type === 'progress') showProgress(e);
      if (e.type !== 'progress' || e.done === e.total) refreshSoon();
    }
    await refresh();
  };

  // Stalled: running, and nothing heard for a while (the engine's heartbeat speaks every few seconds).
  const stallTimer = setInterval(() => {
    if (snapshot?.status === 'running' && Date.now() - lastEventAt > STALLED_AFTER_MS) replace(banner, `No news for ${Math.round((Date.now() - lastEventAt) / 1000)} s: the job looks stalled.`);
  }, 1_000);
  signal.addEventListener('abort', () => clearInterval(stallTimer), { once: true });

  cancel.addEventListener('click', () => {
    client.trpc.jobs.cancel.mutate({ jobId }, ctx).then(showSnapshot, (error: unknown) => replace(problem, refusalOf(error).message));
  });
  retry.addEventListener('click', () => {
    client.trpc.jobs.retryFailed.mutate({ jobId }, ctx).then(
      () => follow(snapshot?.lastSeq ?? 0),
      (error: unknown) => replace(problem, refusalOf(error).message),
    ).catch((error: unknown) => replace(problem, refusalOf(error).message));
  });

  refresh()
    .then(() => follow(0))
    .catch((error: unknown) => {
      if (!signal.aborted) replace(problem, refusalOf(error).message);
    });
}
