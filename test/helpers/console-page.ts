import type { Page } from 'playwright-core';

// Page-side code is given as strings: the tests compile without the DOM's types, and Playwright
// evaluates it over the DevTools protocol, which the page's CSP does not govern.

/** The counts by item status that a console page shows (job page or review). */
export async function pageCounts(page: Page): Promise<Record<string, number>> {
  const cells = await page.evaluate<[string, number][]>(`[...document.querySelectorAll('[data-testid="counts"] dd')].map((dd) => [dd.getAttribute('data-status'), Number(dd.textContent)])`);
  return Object.fromEntries(cells);
}

/** The seqs of the job page's event log lines, in page order. */
export const logSeqs = (page: Page): Promise<number[]> => page.evaluate<number[]>(`[...document.querySelectorAll('[data-testid="log"] li')].map((li) => Number(li.dataset.seq))`);

/** Waits for the job page's banner to say `pattern` (a locator, not a page function: the page's CSP forbids eval). */
export async function bannerText(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const banner = page.getByTestId('banner').filter({ hasText: pattern });
  await banner.waitFor({ timeout: timeoutMs });
  return (await banner.textContent()) ?? '';
}

/** The job id and token of the job page shown, the token as the page kept it in local storage. */
export async function shownJob(page: Page): Promise<{ jobId: string; token: string }> {
  const jobId = decodeURIComponent(/#\/jobs\/([^/?]+)/.exec(page.url())?.[1] ?? '');
  const kept = await page.evaluate<string | null>(`localStorage.getItem('bookstrack.jobs')`);
  const token = (JSON.parse(kept ?? '[]') as { jobId: string; token: string }[]).find((j) => j.jobId === jobId)?.token ?? '';
  return { jobId, token };
}
