import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built console (`npm run build:console`), resolved from this file so `src/` and `dist/` both find it. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/console', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The console's policy: its own scripts and styles only (no inline ones, no eval), calls and the
 * live WebSocket to this server only, images from here, from `blob:` (photo previews) and from
 * https (book covers), and no framing.
 */
function contentSecurityPolicy(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data: https:",
    `connect-src 'self' ws://${host} wss://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the console at `/` (its page) and `/assets/*` (hashed files, cached for good). False when
 * the path is not the console's. Without a build, `/` says how to make one.
 */
export async function serveConsole(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/' || path === '/index.html') {
    const page = join(CONSOLE_DIR, 'index.html');
    if (!existsSync(page)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The web console is not built: run `npm run build:console` (npm start and npm run demo build it).\n');
      return true;
    }
    res.writeHead(200, {
      'Content-Type': TYPES['.html'],
      'Content-Security-Policy': contentSecurityPolicy(req),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(page));
    return true;
  }
  if (!path.startsWith('/assets/')) return false;
  const file = normalize(join(CONSOLE_DIR, path));
  // Only files under the build folder, whatever `..` the path carries.
  if (!file.startsWith(join(CONSOLE_DIR, 'assets')) || !existsSync(file)) return false;
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=31536000, immutable',
  });
  res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  return true;
}
