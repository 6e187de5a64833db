import { client, refusalOf } from '../client.js';
import { h, replace } from '../dom.js';
import { base64Of } from '../files.js';
import { keepJob, keptJobs } from '../jobs-store.js';

const FORMATS = ['auto', 'goodreads', 'storygraph', 'librarything', 'generic'] as const;

/** Where a refusal is shown: next to the file it concerns, in the server's words. */
function problemLine(): HTMLParagraphElement {
  return h('p', { class: 'problem', attrs: { role: 'alert' } });
}

function csvCard(go: (jobId: string) => void): HTMLElement {
  const input = h('input', { attrs: { type: 'file', accept: '.csv,.tsv,text/csv,text/tab-separated-values', 'aria-label': 'CSV or TSV file' } });
  const format = h('select', { attrs: { 'aria-label': 'format' } }, ...FORMATS.map((f) => h('option', { attrs: { value: f } }, f === 'auto' ? 'format: detect' : f)));
  const enrich = h('input', { attrs: { type: 'checkbox', checked: true, 'aria-label': 'look books up' } });
  const chosen = h('p', { class: 'chosen' }, 'No file chosen');
  const problem = problemLine();
  const start = h('button', { attrs: { type: 'submit', disabled: true } }, 'Import');
  // One key per chosen file and options: a double click or a resend returns the same job.
  let key = crypto.randomUUID();
  const file = (): File | undefined => input.files?.[0];
  const changed = (): void => {
    key = crypto.randomUUID();
    const f = file();
    replace(chosen, f ? `${f.name} (${f.size.toLocaleString('en')} bytes)` : 'No file chosen');
    replace(problem);
    start.disabled = f === undefined;
  };
  input.addEventListener('change', changed);
  format.addEventListener('change', changed);
  enrich.addEventListener('change', changed);
  const drop = h('label', { class: 'drop' }, 'Drop a CSV or TSV export here, or pick one: ', input);
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const dropped = e.dataTransfer?.files;
    if (dropped && dropped.length > 0) {
      input.files = dropped;
      changed();
    }
  });
  const form = h('form', { class: 'card', attrs: { 'aria-label': 'import a CSV' } }, h('h2', {}, 'Import a library export'), drop, chosen, problem, h('div', { class: 'row' }, format, h('label', {}, enrich, ' look books up')), start);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file();
    if (!f) return;
    start.disabled = true;
    replace(problem);
    const submit = async (): Promise<void> => {
      const started = await client.trpc.imports.startCsv.mutate({
        csvBase64: await base64Of(f),
        filename: f.name,
        format: format.value as (typeof FORMATS)[number],
        enrich: enrich.checked,
        idempotencyKey: key,
      });
      keepJob({ jobId: started.jobId, token: started.token, kind: started.kind, label: f.name, startedAt: Date.now() });
      go(started.jobId);
    };
    submit().catch((error: unknown) => {
      const r = refusalOf(error);
      replace(problem, `${f.name}: ${r.message}${r.code ? ` (${r.code})` : ''}`);
      start.disabled = false;
    });
  });
  return form;
}

function scanCard(go: (jobId: string) => void): HTMLElement {
  const input = h('input', { attrs: { type: 'file', accept: 'image/*', multiple: true, 'aria-label': 'shelf photos' } });
  const previews = h('div', { class: 'previews' });
  const problem = problemLine();
  const start = h('button', { attrs: { type: 'submit', disabled: true } }, 'Scan');
  let key = crypto.randomUUID();
  let urls: string[] = [];
  const photos = (): File[] => [...(input.files ?? [])];
  input.addEventListener('change', () => {
    key = crypto.randomUUID();
    for (const url of urls) URL.revokeObjectURL(url);
    urls = photos().map((p) => URL.createObjectURL(p));
    replace(previews, ...photos().map((p, i) => h('figure', {}, h('img', { attrs: { src: urls[i], alt: p.name } }), h('figcaption', {}, `photo ${i + 1}: ${p.name}`))));
    replace(problem);
    start.disabled = photos().length === 0;
  });
  const form = h('form', { class: 'card', attrs: { 'aria-label': 'scan shelf photos' } }, h('h2', {}, 'Scan a bookshelf'), h('label', { class: 'drop' }, '1 to 5 photos of book spines: ', input), previews, problem, start);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = photos();
    if (chosen.length === 0) return;
    start.disabled = true;
    replace(problem);
    const submit = async (): Promise<void> => {
      const photosIn = await Promise.all(chosen.map(async (p) => ({ data: await base64Of(p), ...(p.type ? { mimeType: p.type } : {}) })));
      const started = await client.trpc.scans.start.mutate({ photos: photosIn, idempotencyKey: key });
      keepJob({ jobId: started.jobId, token: started.token, kind: started.kind, label: `${chosen.length} photo${chosen.length === 1 ? '' : 's'}`, startedAt: Date.now() });
      go(started.jobId);
    };
    submit().catch((error: unknown) => {
      const r = refusalOf(error);
      // The server names the photo by its place in the list (photos.0): say which file that is.
      const index = /photos\.(\d+)/.exec(r.field ?? '')?.[1];
      const which = index === undefined ? '' : `${chosen[Number(index)]?.name ?? `photo ${Number(index) + 1}`}: `;
      replace(problem, `${which}${r.message}${r.code ? ` (${r.code})` : ''}`);
      start.disabled = false;
    });
  });
  return form;
}

function yourJobs(): HTMLElement {
  const jobs = keptJobs();
  return h(
    'section',
    { class: 'card', attrs: { 'aria-label': 'your jobs' } },
    h('h2', {}, 'Your jobs'),
    jobs.length === 0
      ? h('p', {}, 'Jobs you start here are listed here, in this browser.')
      : h('ul', { class: 'jobs' }, ...jobs.map((j) => h('li', {}, h('a', { attrs: { href: `#/jobs/${j.jobId}` } }, `${j.kind}: ${j.label}`), ` started ${new Date(j.startedAt).toLocaleString()}`))),
  );
}

/** The start page: an import, a scan, and the jobs this browser started. */
export function startView(root: HTMLElement): void {
  const go = (jobId: string): void => {
    location.hash = `#/jobs/${jobId}`;
  };
  replace(root, h('div', { class: 'start' }, csvCard(go), scanCard(go), yourJobs()));
}
