import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { demoCatalogue, demoShelfReply } from '../fakes/demo.js';
import { startFakeGemini, startFakeUpstreams, type FakeGemini, type FakeUpstreams } from '../fakes/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

let server: TestServer | undefined;
let fakes: FakeUpstreams | undefined;
let gemini: FakeGemini | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  await fakes?.close();
  await gemini?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = fakes = gemini = dir = undefined;
});

/** The shell blocks of one README section, in order. */
function shellBlocks(readme: string, heading: string): string[] {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const rest = readme.slice(start + heading.length);
  const next = /\n#{1,3} /.exec(rest.replace(/```[\s\S]*?```/g, (block) => ' '.repeat(block.length)));
  const section = next ? rest.slice(0, next.index) : rest;
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe("the README's curl examples", () => {
  it('run as written against a server set up like the demo', { timeout: 60_000 }, async () => {
    fakes = await startFakeUpstreams({ catalogue: demoCatalogue() });
    gemini = await startFakeGemini();
    gemini.setDefault(() => demoShelfReply());
    server = await startTestServer({ ...fakes.env, OPENLIBRARY_REQUESTS_PER_MINUTE: '60000', GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url }, {}, { fastProviders: true });

    const blocks = shellBlocks(readFileSync(join(root, 'README.md'), 'utf8'), '### Try it with curl');
    expect(blocks).toHaveLength(2);
    const script = blocks.join('\n');
    const pointed = script.replace('API=http://127.0.0.1:8787/api/v1', `API=${server.url}/api/v1`);
    expect(pointed).not.toBe(script);
    // Run from a folder that sees the repository's files under the same relative paths; the
    // examples write their one output file (spine.jpg) to the temp folder, here that folder.
    dir = mkdtempSync(join(tmpdir(), 'bookstrack-readme-'));
    symlinkSync(join(root, 'test'), join(dir, 'test'));
    const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${pointed}`], { cwd: dir, env: { ...process.env, TMPDIR: dir }, maxBuffer: 64 * 1024 * 1024 });

    expect(stdout).toContain('event: end');
    expect(stdout).toMatch(/"type":"completed"/);
    expect(stdout).toMatch(/"items":\[\{"index":\d+,"status":"matched"/);
    expect(stdout).toMatch(/"kind":"csv-import","status":"(queued|running)"/);
    expect(stdout).toContain('"title":"Septology"');
    expect(stdout).toMatch(/"item":\{"index":5,"status":"matched"/);
    expect(existsSync(join(dir, 'spine.jpg'))).toBe(true);
    expect((await sharp(join(dir, 'spine.jpg')).metadata()).format).toBe('jpeg');
  });
});
