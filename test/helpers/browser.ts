import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/**
 * Browser tests drive the system Chromium (Debian's `chromium` package, installed by `.ci/run`)
 * through playwright-core. playwright-core never downloads a browser, and nothing here asks it to:
 * the executable is the one on this machine, or `CHROMIUM_PATH`.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where `saveScreenshot` writes: the README embeds these files. */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

/** Headless Chromium on `CHROMIUM_PATH`; throws a message naming the apt package when it is missing. */
export async function launchBrowser(opts: { timeoutMs?: number } = {}): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch (error: unknown) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y --no-install-recommends chromium, as .ci/run does) ` +
        'or set CHROMIUM_PATH to a Chromium executable. Playwright browser downloads are not used.',
      { cause: error },
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // A cold start on a loaded 2-core machine can take a while; this bounds only the launch.
    timeout: opts.timeoutMs ?? 60_000,
    args: [
      // CI and this machine run as root in a container: as root Chromium exits at once unless
      // the sandbox is off ("Running as root without --no-sandbox is not supported"), and containers
      // usually lack the user namespaces the sandbox needs anyway. The pages under test are our own
      // (the test server on 127.0.0.1, or fixtures a test routes), never the open web.
      '--no-sandbox',
      // Containers often give /dev/shm 64 MB, and Chromium crashes when its shared memory there runs
      // out; this puts it under /tmp. Debian's /usr/bin/chromium wrapper tries to decide this itself
      // from `findmnt`, but its check breaks (a shell error, flag not added) when /dev/shm is mounted
      // twice, as it is here: pass it always.
      '--disable-dev-shm-usage',
    ],
  });
}

/** Writes a PNG of `page` to `docs/screenshots/<name>.png` (the folder is created); returns its path. */
export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name must be lowercase kebab-case (a file name, no extension): ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? false, animations: 'disabled' });
  return path;
}

export interface PageErrors {
  /** Uncaught exceptions and unhandled rejections in the page (`pageerror`). */
  readonly pageErrors: string[];
  /** Console messages of type `error` (Chromium logs a CSP violation as one too). */
  readonly consoleErrors: string[];
  /** Console messages that mention a Content Security Policy, whatever their type (report-only ones are warnings). */
  readonly cspConsole: string[];
  /**
   * All of the above plus the `securitypolicyviolation` events the page recorded in
   * `window.__cspViolations` (current document only): [] when nothing went wrong. One CSP
   * violation may show up to three times (console error, CSP console line, event).
   */
  all(): Promise<string[]>;
}

/** Records each `securitypolicyviolation` as one line; runs in every document before its own scripts. */
const CSP_INIT_SCRIPT = `
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber);
}, true);
`;

/**
 * Starts recording `page`'s errors. Await it before the first `goto`: the CSP listener is an init
 * script, which runs only in documents loaded after it is registered.
 */
export async function collectPageErrors(page: Page): Promise<PageErrors> {
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const cspConsole: string[] = [];
  page.on('pageerror', (error: Error) => pageErrors.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('console', (msg: ConsoleMessage) => {
    const { url, lineNumber } = msg.location();
    const line = `${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${line}`);
    if (line.includes('Content Security Policy')) cspConsole.push(`csp console.${msg.type()}: ${line}`);
  });
  await page.addInitScript(CSP_INIT_SCRIPT);
  return {
    pageErrors,
    consoleErrors,
    cspConsole,
    async all() {
      const inPage = page.isClosed() || page.url() === 'about:blank' ? [] : await page.evaluate<unknown>('window.__cspViolations');
      // Missing means the listener never ran in this document: a CSP check that cannot fail.
      const cspEvents = Array.isArray(inPage)
        ? inPage.map((v) => `securitypolicyviolation: ${String(v)}`)
        : [`no CSP listener in ${page.url()} (window.__cspViolations is ${inPage === undefined ? 'undefined' : JSON.stringify(inPage)}): await collectPageErrors before goto`];
      return [...pageErrors, ...consoleErrors, ...cspConsole, ...cspEvents];
    },
  };
}
