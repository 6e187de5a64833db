import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient } from '../../src/client/index.js';
import { DEMO_FILES, demoCatalogue } from '../fakes/demo.js';
import { startFakeUpstreams, type FakeUpstreams } from '../fakes/index.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { bannerText, logSeqs, pageCounts, shownJob } from '../helpers/console-page.js';
import { range } from '../helpers/events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await server?.close();
  await fakes?.close();
  browser = undefined;
  server = undefined;
  fakes = undefined;
});

const FAST = { OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GOOGLE_BOOKS_REQUESTS_PER_MINUTE: '60000', ISBNDB_REQUESTS_PER_MINUTE: '60000' };

/** The first result item as the API has it: the user's title and the found one. */
async function client2Items(url: string, jobId: string, token: string): Promise<{ yours: string; found: string }> {
  const client = createBooksTrackClient({ url });
  const page = await client.trpc.jobs.results.query({ jobId, limit: 1 }, { context: { token } });
  await client.close();
  const item = page.items[0];
  const match = (item?.result as { match?: { work?: { title?: string } } } | null)?.match;
  return { yours: String(item?.input.title), found: match?.work?.title ?? 'no match' };
}

describe('the web console in Chromium', () => {
  it('imports the 152-row sample from the start page and follows it live to the end: counts and events as the API has them, no CSP violation', { timeout: 120_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    server = await startTestServer({ ...fakes.env, ...FAST });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = await collectPageErrors(page);
    const response = await page.goto(`${server.url}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.setInputFiles('input[aria-label="CSV or TSV file"]', fileURLToPath(DEMO_FILES.goodreads));
    await saveScreenshot(page, 'console-start');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/#\/jobs\//);
    expect(await bannerText(page, /^Completed/)).toMatch(/^Completed: 152 item/);

    const { jobId, token } = await shownJob(page);
    const client = createBooksTrackClient({ url: server.url });
    const snapshot = await client.trpc.jobs.get.query({ jobId }, { context: { token } });
    await client.close();
    expect(snapshot.status).toBe('completed');
    expect(await pageCounts(page)).toEqual(snapshot.counts);
    // Every event of the log once, in order.
    expect(await logSeqs(page)).toEqual(range(1, snapshot.lastSeq));
    // The results: every item, a page at a time, the user's row beside what was found.
    await page.getByTestId('results-total').filter({ hasText: '152 item(s)' }).waitFor();
    const first = await client2Items(server.url, jobId, token);
    const row = page.locator('tr[data-index="0"]');
    expect(await row.textContent()).toContain(first.yours);
    expect(await row.textContent()).toContain(first.found);
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'More' }).click();
    await page.locator('tr[data-index="99"]').waitFor();
    await saveScreenshot(page, 'console-job', { fullPage: true });

    // A reload replays the log: the same events, once each.
    await page.reload();
    await bannerText(page, /^Completed/);
    await page.locator('[data-testid="log"] li').nth(snapshot.lastSeq - 1).waitFor();
    expect(await logSeqs(page)).toEqual(range(1, snapshot.lastSeq));
    expect(await errors.all()).toEqual([]);
  });

  it('reloaded in the middle of an import, the page continues the event log with no gap and no repeat', { timeout: 120_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    // Slow answers, one provider: the import takes several seconds, long enough to reload during it.
    fakes.openlibrary.faults.latencyMs = 400;
    server = await startTestServer({ ...fakes.env, ENRICH_PROVIDERS: 'openlibrary', OPENLIBRARY_REQUESTS_PER_MINUTE: '300' });
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors = await collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.setInputFiles('input[aria-label="CSV or TSV file"]', fileURLToPath(DEMO_FILES.goodreads));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/#\/jobs\//);
    await page.locator('[data-testid="log"] li', { hasText: 'enriching' }).first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('banner').textContent()).toBe('');
    await page.reload();
    expect(await bannerText(page, /^Completed/, 90_000)).toMatch(/^Completed: 152 item/);
    const seqs = await logSeqs(page);
    expect(seqs).toEqual(range(1, seqs.length));
    expect(seqs.length).toBeGreaterThan(8);
    expect(await errors.all()).toEqual([]);
  });

  it('lists every job with the admin token, entered once and forgotten with one click; the search narrows the page', { timeout: 90_000 }, async () => {
    const admin = 'admin-token-for-the-console-test';
    server = await startTestServer({ BOOKSTRACK_ADMIN_TOKEN: admin });
    const client = createBooksTrackClient({ url: server.url });
    const csv = 'Title,Author\nDune,Frank Herbert\n';
    const a = await client.trpc.imports.startCsv.mutate({ csv, enrich: false });
    const b = await client.trpc.imports.startCsv.mutate({ csv: `${csv}Emma,Jane Austen\n`, enrich: false });
    await client.close();
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors = await collectPageErrors(page);
    await page.goto(`${server.url}/#/jobs`);
    await page.getByLabel('admin token').fill(admin);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator(`tr[data-job="${a.jobId}"]`).waitFor();
    await page.locator(`tr[data-job="${b.jobId}"]`).waitFor();
    await saveScreenshot(page, 'console-jobs');
    await page.getByLabel('search').fill(b.jobId.slice(0, 8));
    expect(await page.locator('tbody tr').count()).toBe(1);
    // The admin token opens a job this browser did not start.
    await page.locator(`tr[data-job="${b.jobId}"] a`).click();
    expect(await bannerText(page, /^Completed/)).toMatch(/^Completed: 2 item/);
    // A whole job id opens that job even when the list does not show it (here: filtered out).
    await page.goto(`${server.url}/#/jobs`);
    await page.getByTestId('extent').filter({ hasText: /^2 newest job\(s\) shown\./ }).waitFor();
    await page.getByLabel('kind').selectOption('shelf-scan');
    await page.getByTestId('extent').filter({ hasText: /^0 newest/ }).waitFor();
    await page.getByLabel('search').fill(a.jobId);
    await page.getByRole('link', { name: `Open job ${a.jobId}` }).click();
    expect(await bannerText(page, /^Completed/)).toMatch(/^Completed: 1 item/);
    await page.goto(`${server.url}/#/jobs`);
    await page.getByRole('button', { name: 'Forget the admin token' }).click();
    await page.getByLabel('admin token').waitFor();
    expect(await page.evaluate<string | null>(`localStorage.getItem('bookstrack.adminToken')`)).toBeNull();
    expect(await errors.all()).toEqual([]);
  });

  it('shows a refusal next to the photo it concerns, in the server\'s words; cancels a running import from its page', { timeout: 120_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    fakes.openlibrary.faults.latencyMs = 500;
    // A Gemini key makes scans possible; nothing reaches Gemini: the PDF is refused at the start.
    server = await startTestServer({ ...fakes.env, ENRICH_PROVIDERS: 'openlibrary', OPENLIBRARY_REQUESTS_PER_MINUTE: '120', GEMINI_API_KEY: 'test-key-for-the-console' });
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors = await collectPageErrors(page);
    await page.goto(`${server.url}/`);
    const shelf = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 120, g: 90, b: 30 } } }).jpeg().toBuffer();
    await page.setInputFiles('input[aria-label="shelf photos"]', [
      { name: 'shelf.jpg', mimeType: 'image/jpeg', buffer: shelf },
      { name: 'invoice.pdf', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n') },
    ]);
    await page.getByRole('button', { name: 'Scan' }).click();
    const problem = page.locator('form[aria-label="scan shelf photos"] .problem');
    await problem.filter({ hasText: 'invoice.pdf' }).waitFor();
    expect(await problem.textContent()).toMatch(/^invoice\.pdf: .*not a JPEG, PNG, GIF or WebP image.*\(PHOTO_NOT_IMAGE\)$/);
    expect(page.url()).not.toMatch(/#\/jobs\//);

    // A slow import, canceled from its page while it runs.
    await page.setInputFiles('input[aria-label="CSV or TSV file"]', fileURLToPath(DEMO_FILES.goodreads));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/#\/jobs\//);
    await page.locator('[data-testid="log"] li', { hasText: 'enriching' }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await bannerText(page, /^Canceled/, 30_000)).toBe('Canceled.');
    expect((await logSeqs(page)).length).toBeGreaterThan(0);
    // Chromium logs the refused start's 400 itself: that one is expected, nothing else.
    expect((await errors.all()).filter((e) => !/status of 400 .*\/trpc\/scans\.start/.test(e))).toEqual([]);
  });

  it('renders a hostile file name and a hostile title as text and runs nothing; a 375 px wide job page does not scroll sideways', { timeout: 90_000 }, async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const errors = await collectPageErrors(page);
    await page.goto(`${server.url}/`);
    const hostile = '<img src=x onerror="window.__xss=1">.csv';
    const title = '<img src=x onerror="window.__xss=2">';
    const csv = `Title,Author\nDune,Frank Herbert\n"${title.replaceAll('"', '""')}",<b onmouseover=alert(1)>Nobody</b>\n`;
    await page.setInputFiles('input[aria-label="CSV or TSV file"]', { name: hostile, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('checkbox', { name: 'look books up' }).uncheck();
    expect(await page.locator('.chosen').textContent()).toContain(hostile);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/#\/jobs\//);
    await bannerText(page, /^Completed/);
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: /csv-import/ }).first().waitFor();
    expect(await page.locator('[aria-label="your jobs"]').textContent()).toContain(hostile);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();

    await page.getByRole('link', { name: /csv-import/ }).first().click();
    await bannerText(page, /^Completed/);
    // The hostile row's title and author, in the results, are those characters.
    const row = page.locator('tr[data-index="1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(title);
    expect(await row.textContent()).toContain('<b onmouseover=alert(1)>Nobody</b>');
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    const widths = await page.evaluate<{ scroll: number; client: number }>(`({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })`);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await saveScreenshot(page, 'console-job-narrow', { fullPage: true });
    expect(await errors.all()).toEqual([]);
  });
});
