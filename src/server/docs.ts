import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Swagger UI's files, served from the installed package: the docs work offline (no CDN). */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const assetDir = (createRequire(import.meta.url)('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>BooksTrack API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="icon" href="/api/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

const INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/** Serves `/api/docs` and its assets; false when `path` is not a docs path. */
export function serveDocs(path: string, res: ServerResponse): boolean {
  if (path === '/api/docs' || path === '/api/docs/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(INDEX_HTML);
    return true;
  }
  if (!path.startsWith('/api/docs/')) return false;
  const name = path.slice('/api/docs/'.length);
  if (name === 'init.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(INIT_JS);
    return true;
  }
  const type = ASSETS[name];
  if (type === undefined) return false;
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  createReadStream(join(assetDir, name)).pipe(res);
  return true;
}
