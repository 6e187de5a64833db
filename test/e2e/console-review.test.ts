import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createBooksTrackClient } from '../../src/client/index.js';
import { DEMO_FILES, DEMO_SHELF, demoCatalogue } from '../fakes/demo.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { bannerText, logSeqs, pageCounts, shownJob } from '../helpers/console-page.js';
import { range } from '../helpers/events.js';
import { testTempDir } from '../helpers/temp-dir.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
let gemini: FakeGemini | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await server?.close();
  await fakes?.close();
  await gemini?.close();
  browser = server = fakes = gemini = undefined;
});

/** The demo shelf with every spine but Babel read doubtfully: five readings to confirm. */
const DOUBTFUL = DEMO_SHELF.map((b) => ({ ...b, confidence: b.title === 'Babel' ? 0.95 : 0.5, isbn: null, format: 'unknown' }));

describe('the web console in Chromium: review and retry', () => {
  it('scans a shelf photo, then decides its doubtful readings by keyboard and all the rest at once; the counts follow each decision', { timeout: 120_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    gemini = await startFakeGemini();
    gemini.setDefault(() => ({ json: { books: DOUBTFUL } }));
    server = await startTestServer({ ...fakes.env, ENRICH_PROVIDERS: 'openlibrary', GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url }, {}, { fastProviders: true });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = await collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.setInputFiles('input[aria-label="shelf photos"]', fileURLToPath(DEMO_FILES.shelf));
    await page.locator('.previews img').waitFor();
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.waitForURL(/#\/jobs\//);
    expect(await bannerText(page, /^Completed/)).toMatch(/^Completed: 6 item/);
    expect(await pageCounts(page)).toEqual({ matched: 1, needs_review: 5 });
    await saveScreenshot(page, 'console-scan', { fullPage: true });
    const { jobId, token } = await shownJob(page);

    await page.getByRole('link', { name: 'Review 5 item(s)' }).click();
    const item = page.locator('article.review-item');
    await item.waitFor();
    // The spine's crop came from the photo route (with the token in a header) and decoded.
    const spine = page.locator('img.spine');
    await spine.waitFor();
    await expect.poll(() => page.evaluate<number>(`document.querySelector('img.spine').naturalWidth`)).toBeGreaterThan(0);
    expect(await item.textContent()).toMatch(/read with 50 % confidence/);
    expect(await page.locator('.candidate').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'console-review', { fullPage: true });
    // On a phone the item and its candidates stack: nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 740 });
    const widths = await page.evaluate<{ scroll: number; client: number }>(`({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })`);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await page.setViewportSize({ width: 1100, height: 900 });
    const remaining = (n: number) => page.locator(`[data-testid="remaining"][data-remaining="${n}"]`).waitFor();
    await remaining(5);

    // S skips to the next item; R rejects it; E edits the one after, Enter saves; A accepts the next.
    const first = await item.getAttribute('data-index');
    await page.keyboard.press('s');
    await expect.poll(() => item.getAttribute('data-index')).not.toBe(first);
    const rejected = Number(await item.getAttribute('data-index'));
    await page.keyboard.press('r');
    await remaining(4);
    expect(await pageCounts(page)).toEqual({ matched: 1, needs_review: 4, not_found: 1 });
    const edited = Number(await item.getAttribute('data-index'));
    await page.keyboard.press('e');
    const title = page.getByLabel('title', { exact: true });
    await title.fill('My Own Shelf Title');
    await title.press('Enter');
    await remaining(3);
    const accepted = Number(await item.getAttribute('data-index'));
    await page.keyboard.press('a');
    await remaining(2);
    expect(await pageCounts(page)).toEqual({ matched: 3, needs_review: 2, not_found: 1 });

    // The rest at once, after a confirmation.
    await page.getByRole('button', { name: 'Accept all remaining' }).click();
    await page.getByRole('button', { name: 'Yes, accept all 2' }).click();
    await remaining(0);
    expect(await page.getByTestId('note').textContent()).toBe('Accepted 2.');
    expect(await page.locator('.stage').textContent()).toContain('All done.');

    const client = createBooksTrackClient({ url: server.url });
    const ctx = { context: { token } };
    const job = await client.trpc.jobs.get.query({ jobId }, ctx);
    expect(job.counts).toEqual({ matched: 5, not_found: 1 });
    expect(await pageCounts(page)).toEqual(job.counts);
    const { events } = await client.trpc.jobs.events.query({ jobId, after: 0, limit: 500 }, ctx);
    const reviews = events.flatMap((e) => (e.type === 'review' ? [[e.index, e.action]] : []));
    expect(reviews.slice(0, 3)).toEqual([[rejected, 'reject'], [edited, 'edit'], [accepted, 'accept']]);
    expect(reviews.slice(3).map(([, action]) => action)).toEqual(['accept', 'accept']);
    expect(new Set(reviews.map(([index]) => index)).size).toBe(5);
    const found = await client.trpc.jobs.results.query({ jobId, q: 'own shelf title' }, ctx);
    await client.close();
    expect(found.items.map((i) => [i.index, i.title])).toEqual([[edited, 'My Own Shelf Title']]);

    // The job page's results search finds the edit too.
    await page.getByRole('link', { name: /← job/ }).click();
    await bannerText(page, /^Completed/);
    await page.getByLabel('search results').fill('own shelf');
    await page.getByTestId('results-total').filter({ hasText: /^1 item\(s\)$/ }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await errors.all()).toEqual([]);
  });

  it('retries the rows of a provider outage from the job page once it is back; refuses a header-only CSV next to its file', { timeout: 120_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    fakes.openlibrary.faults.down = true;
    server = await startTestServer({ ...fakes.env, ENRICH_PROVIDERS: 'openlibrary' }, {}, { fastProviders: true });
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors = await collectPageErrors(page);
    await page.goto(`${server.url}/`);

    const dir = testTempDir('console-');
    const headerOnly = join(dir, 'header-only.csv');
    writeFileSync(headerOnly, 'Title,Author\r\n');
    await page.setInputFiles('input[aria-label="CSV or TSV file"]', headerOnly);
    await page.getByRole('button', { name: 'Import' }).click();
    const problem = page.locator('form[aria-label="import a CSV"] .problem');
    await problem.filter({ hasText: 'header-only.csv' }).waitFor();
    expect(await problem.textContent()).toBe('header-only.csv: the file has a header line but no rows (CSV_NO_ROWS)');
    expect(page.url()).not.toMatch(/#\/jobs\//);

    const books = demoCatalogue().slice(0, 3);
    const small = join(dir, 'three-books.csv');
    writeFileSync(small, Papa.unparse(books.map((b) => ({ Title: b.title, Author: b.authors[0] }))));
    await page.setInputFiles('input[aria-label="CSV or TSV file"]', small);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/#\/jobs\//);
    await bannerText(page, /^Completed/);
    expect(await pageCounts(page)).toEqual({ provider_unavailable: 3 });
    const retry = page.getByRole('button', { name: 'Retry failed items' });
    await retry.waitFor();

    fakes.openlibrary.faults.down = false;
    await new Promise((r) => setTimeout(r, 400)); // the breaker's open period in tests
    await retry.click();
    await page.locator('[data-testid="counts"] dd[data-status="matched"]', { hasText: '3' }).waitFor({ timeout: 60_000 });
    await bannerText(page, /^Completed: 3 item/);
    await expect.poll(() => retry.isHidden()).toBe(true);
    const { jobId, token } = await shownJob(page);
    const client = createBooksTrackClient({ url: server.url });
    const job = await client.trpc.jobs.get.query({ jobId }, { context: { token } });
    await client.close();
    expect(job.counts).toEqual({ matched: 3 });
    // The log went on across the retry: every event once.
    await page.locator('[data-testid="log"] li').nth(job.lastSeq - 1).waitFor();
    expect(await logSeqs(page)).toEqual(range(1, job.lastSeq));
    // Chromium logs the refused start's 400 itself: that one is expected, nothing else.
    expect((await errors.all()).filter((e) => !/status of 400 .*\/trpc\/imports\.startCsv/.test(e))).toEqual([]);
  });
});
