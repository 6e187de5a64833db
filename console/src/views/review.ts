import type { TItemCounts, TReviewDecision, TReviewItem } from '../../../src/client/index.js';
import { client, refusalOf } from '../client.js';
import { h, replace } from '../dom.js';
import { jobToken } from '../job-token.js';
import { editForm } from './review-edit.js';
import { KEYS, reviewItemCard, spineImage } from './review-item.js';

const PAGE = 50;
const TERMINAL = new Set(['completed', 'failed', 'canceled']);

/** Keys typed into a field are the field's, not shortcuts. */
const typing = (e: KeyboardEvent) => e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;

/**
 * The items of a finished job that need a decision, one at a time, as Calibre's review dialog
 * shows them: what the user has beside the candidates; accept, choose, edit, reject or skip, by
 * button or key; accept or reject all remaining. The job's counts follow each decision.
 */
export function reviewView(root: HTMLElement, jobId: string, signal: AbortSignal): void {
  const token = jobToken(jobId);
  if (!token) {
    replace(root, h('section', { class: 'card' }, h('h2', {}, 'No token for this job'), h('p', {}, 'This browser did not start this job. Open the link with its token (…?token=) to review it.')));
    return;
  }
  const ctx = { context: { token } };
  const counts = h('dl', { class: 'counts', attrs: { 'data-testid': 'counts' } });
  const remainingLine = h('p', { attrs: { 'data-testid': 'remaining', role: 'status' } });
  const problem = h('p', { class: 'problem', attrs: { role: 'alert' } });
  const note = h('p', { class: 'muted', attrs: { role: 'status', 'data-testid': 'note' } });
  const stage = h('div', { class: 'stage' });
  const bulk = h('div', { class: 'row' });
  replace(
    root,
    h('section', { class: 'card review' }, h('h2', {}, 'Review'), h('p', {}, h('a', { attrs: { href: `#/jobs/${jobId}` } }, `← job ${jobId}`)), counts, remainingLine, h('p', { class: 'muted' }, KEYS), bulk, note, problem, stage),
  );

  let queue: TReviewItem[] = [];
  let nextCursor: string | null = null;
  let pos = 0;
  let busy = false;
  let editing = false;
  let waiting = 0;
  let itemScope = new AbortController();
  signal.addEventListener('abort', () => itemScope.abort(), { once: true });

  const showCounts = (c: TItemCounts, remaining: number): void => {
    waiting = remaining;
    replace(counts, ...Object.entries(c).flatMap(([k, n]) => [h('dt', {}, k.replaceAll('_', ' ')), h('dd', { attrs: { 'data-status': k } }, n)]));
    replace(remainingLine, remaining === 0 ? 'Nothing is waiting for a decision.' : `${remaining} waiting for a decision`);
    remainingLine.dataset.remaining = String(remaining);
  };
  const fail = (error: unknown): void => {
    if (!signal.aborted) replace(problem, refusalOf(error).message);
  };

  const loadFirst = async (): Promise<void> => {
    const [job, page] = await Promise.all([client.trpc.jobs.get.query({ jobId }, ctx), client.trpc.review.list.query({ jobId, limit: PAGE }, ctx)]);
    showCounts(job.counts, page.total);
    queue = page.items;
    nextCursor = page.nextCursor;
    pos = 0;
    if (!TERMINAL.has(page.status)) {
      replace(stage, h('p', {}, `The job is still ${page.status}; its items can be reviewed once it has finished.`));
      return;
    }
    bulkButtons();
    show();
  };

  const show = (): void => {
    itemScope.abort();
    itemScope = new AbortController();
    editing = false;
    const item = queue[pos];
    if (!item) {
      replace(stage, h('p', {}, 'All done. ', h('a', { attrs: { href: `#/jobs/${jobId}` } }, 'Back to the job')));
      replace(bulk);
      return;
    }
    const spine = h('div', { class: 'spine-box' });
    spineImage(jobId, token, item, spine, itemScope.signal);
    replace(stage, reviewItemCard(item, spine, actions));
  };

  const decide = (decision: TReviewDecision): void => {
    const item = queue[pos];
    if (!item || busy) return;
    busy = true;
    replace(problem);
    client.trpc.review.resolve
      .mutate({ jobId, itemId: item.index, decision }, ctx)
      .then(async (out) => {
        showCounts(out.counts, out.remaining);
        await next(item);
      })
      .catch(async (error: unknown) => {
        fail(error);
        // Decided elsewhere meanwhile (another tab, a colleague): nothing to do here any more.
        if (refusalOf(error).code === 'CONFLICT') await next(item);
      })
      .finally(() => {
        busy = false;
      })
      .catch(fail);
  };

  /** Drops a decided item and shows the next, reading the next page when this one is used up. */
  const next = async (decided: TReviewItem): Promise<void> => {
    queue = queue.filter((i) => i.index !== decided.index);
    if (queue.length === 0 && nextCursor) {
      const page = await client.trpc.review.list.query({ jobId, limit: PAGE, cursor: nextCursor }, ctx);
      queue = page.items;
      nextCursor = page.nextCursor;
    }
    if (pos >= queue.length) pos = 0;
    show();
  };

  const actions = {
    accept: () => decide({ action: 'accept' }),
    choose: (candidate: number) => decide({ action: 'choose', candidate }),
    reject: () => decide({ action: 'reject' }),
    skip: () => {
      if (queue.length === 0) return;
      pos = (pos + 1) % queue.length;
      show();
    },
    edit: () => {
      const item = queue[pos];
      if (!item) return;
      editing = true;
      replace(stage, editForm(item, (fields) => decide({ action: 'edit', fields }), show));
    },
  };

  const bulkButtons = (): void => {
    if (waiting === 0) return replace(bulk);
    const ask = (action: 'accept' | 'reject') => () => {
      const yes = h('button', { attrs: { type: 'button' } }, `Yes, ${action} all ${waiting}`);
      const no = h('button', { attrs: { type: 'button' } }, 'No');
      yes.addEventListener('click', () => {
        replace(bulk, `${action === 'accept' ? 'Accepting' : 'Rejecting'}…`);
        decideAll(action).catch(fail);
      });
      no.addEventListener('click', bulkButtons);
      replace(bulk, action === 'accept' ? 'Accept the best match of every item left (items with none stay)? ' : 'Reject every item left? ', yes, no);
    };
    replace(
      bulk,
      h('button', { attrs: { type: 'button' }, on: { click: ask('accept') } }, 'Accept all remaining'),
      h('button', { attrs: { type: 'button' }, on: { click: ask('reject') } }, 'Reject all remaining'),
    );
  };

  /** Every item still waiting, one decision each, with the counts following along. */
  const decideAll = async (action: 'accept' | 'reject'): Promise<void> => {
    busy = true;
    let decided = 0;
    let cursor: string | undefined;
    try {
      do {
        const page = await client.trpc.review.list.query({ jobId, limit: PAGE, ...(cursor ? { cursor } : {}) }, ctx);
        for (const item of page.items) {
          if (signal.aborted) return;
          if (action === 'accept' && !item.match) continue;
          const out = await client.trpc.review.resolve.mutate({ jobId, itemId: item.index, decision: { action } }, ctx).catch((error: unknown) => {
            if (refusalOf(error).code !== 'CONFLICT') throw error;
          });
          if (!out) continue;
          decided++;
          showCounts(out.counts, out.remaining);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    } finally {
      busy = false;
    }
    await loadFirst();
    replace(note, `${action === 'accept' ? 'Accepted' : 'Rejected'} ${decided}.`);
  };

  const onKey = (e: KeyboardEvent): void => {
    if (editing || typing(e) || e.ctrlKey || e.metaKey || e.altKey || busy) return;
    const key = e.key.toLowerCase();
    if (key === 'a' || key === '1') actions.accept();
    else if (key === 'r') actions.reject();
    else if (key === 'e') actions.edit();
    else if (key === 's' || key === 'arrowright') actions.skip();
    else if (/^[2-9]$/.test(key)) actions.choose(Number(key) - 2);
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  signal.addEventListener('abort', () => document.removeEventListener('keydown', onKey), { once: true });

  loadFirst().catch(fail);
}
