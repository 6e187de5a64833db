/**
 * Writes (or, with --check, verifies) the committed REST contract: `openapi.json` at the repo root
 * and the TypeScript types generated from it (what a non-tRPC client sees). CI runs --check.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { appRouter } from '../src/router/app.js';
import { buildOpenApiDocument } from '../src/server/openapi/build.js';

const root = new URL('../', import.meta.url);
const version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;

const doc = buildOpenApiDocument(appRouter, version);
const files = {
  'openapi.json': `${JSON.stringify(doc, null, 2)}\n`,
  'test/generated/openapi.d.ts': `/* Generated from openapi.json by scripts/openapi.ts; do not edit. */\n\n${astToString(await openapiTS(JSON.stringify(doc)))}`,
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, content] of Object.entries(files)) {
  const url = new URL(path, root);
  const current = existsSync(url) ? readFileSync(url, 'utf8') : undefined;
  if (current === content) continue;
  if (check) {
    stale++;
    process.stderr.write(`${path} is out of date with the router: run \`npm run openapi:generate\` and commit the result\n`);
  } else {
    writeFileSync(url, content);
    process.stdout.write(`wrote ${path}\n`);
  }
}
process.exit(stale > 0 ? 1 : 0);
