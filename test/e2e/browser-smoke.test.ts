import { statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** Chromium's cold start plus Swagger UI's render on a loaded 2-core machine: well past the 20 s default. */
const BROWSER_TEST_TIMEOUT_MS = 120_000;

describe('browser smoke: the API docs page in real Chromium', () => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  // Runs when the test fails or times out too: no Chromium or server outlives its test.
  afterEach(async () => {
    const [b, s] = [browser, server];
    browser = undefined;
    server = undefined;
    try {
      await b?.close();
    } finally {
      await s?.close();
    }
  }, 60_000);

  it('renders /api/docs (Swagger UI over /api/openapi.json) without page errors', { timeout: BROWSER_TEST_TIMEOUT_MS }, async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    const errors = await collectPageErrors(page);

    const response = await page.goto(`${server.url}/api/docs`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    // The <title> of src/server/docs.ts's page.
    expect(await page.title()).toBe('BooksTrack API');

    // Swagger UI rendered the spec it fetched: its heading is the document's info.title, and the
    // operations are listed.
    const heading = page.locator('.swagger-ui .info').getByRole('heading', { level: 1 });
    await heading.waitFor();
    expect(await heading.innerText()).toMatch(/^BooksTrack API\b/);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(5);

    expect(await errors.all()).toEqual([]);

    const file = await saveScreenshot(page, 'api-docs');
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('collectPageErrors reports page errors, console errors and CSP violations (the check above can fail)', { timeout: BROWSER_TEST_TIMEOUT_MS }, async () => {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors = await collectPageErrors(page);
    // A page served by the test itself (no network): a strict CSP, one blocked inline script, one throwing.
    await page.route('http://errors.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'Content-Security-Policy': "script-src 'nonce-ok'" },
        body: '<script nonce="ok">console.error("logged"); setTimeout(() => { throw new Error("thrown"); });</script><script>document.title = "ran";</script>',
      }),
    );
    await page.goto('http://errors.test/');
    await expect.poll(() => errors.pageErrors.length).toBe(1);
    const all = await errors.all();
    expect(all.some((line) => line.startsWith('pageerror: Error: thrown'))).toBe(true);
    expect(all.some((line) => line.startsWith('console.error: logged'))).toBe(true);
    expect(all.some((line) => line.startsWith('csp console.error:') && line.includes('Content Security Policy'))).toBe(true);
    expect(all.some((line) => line.startsWith('securitypolicyviolation: script-src'))).toBe(true);
    expect(await page.title()).toBe('');
  });
});
