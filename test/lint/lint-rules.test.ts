import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules that stand between us and the original backend's silent failures. Each snippet is
 * linted as if it were a file in that layer; if a config change lets one through, this fails.
 */
const cases: [name: string, filePath: string, code: string, rule: string][] = [
  ['un-awaited background work (the waitUntil bug)', 'src/jobs/runner.ts', `async function work(): Promise<void> {}\nexport function start(): void { work(); }\n`, '@typescript-eslint/no-floating-promises'],
  ['a promise passed where a callback is expected', 'src/jobs/runner.ts', `export function f(): void { setTimeout(async () => { await Promise.resolve(); }, 1); }\n`, '@typescript-eslint/no-misused-promises'],
  ['an empty catch', 'src/db/client.ts', `export function g(): void { try { JSON.parse('x'); } catch (error) { } }\n`, 'no-empty'],
  ['a catch that ignores its error', 'src/jobs/engine.ts', `export function f(): number { try { return JSON.parse('1') as number; } catch (e) { return 0; } }\n`, '@typescript-eslint/no-unused-vars'],
  ['a catch without a binding', 'src/jobs/engine.ts', `export function f(): number { try { return JSON.parse('1') as number; } catch { return 0; } }\n`, 'no-restricted-syntax'],
  ['domain code importing the router', 'src/jobs/queries.ts', `import { appRouter } from '../router/app.js';\nexport const r = appRouter;\n`, 'layers/boundaries'],
  ['the router importing a repository directly', 'src/router/jobs.router.ts', `import { JobsRepo } from '../db/repos/jobs.repo.js';\nexport const r = JobsRepo;\n`, 'layers/boundaries'],
  ['the database layer importing the job engine', 'src/db/client.ts', `export { JobEngine } from '../jobs/engine.js';\n`, 'layers/boundaries'],
  ['domain code importing tRPC', 'src/jobs/follow.ts', `import { TRPCError } from '@trpc/server';\nexport const e = TRPCError;\n`, 'no-restricted-imports'],
  ['the contract importing anything but zod', 'src/contract/jobs.ts', `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`, 'no-restricted-imports'],
  ['console.log in src/', 'src/jobs/engine.ts', `export function f(): void { console.log('hi'); }\n`, 'no-console'],
];

describe('lint rules for the bug classes', () => {
  const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
  it.each(cases)('rejects %s', { timeout: 60_000 }, async (_name, filePath, code, rule) => {
    const [result] = await eslint.lintText(code, { filePath });
    expect(result?.messages.map((m) => m.ruleId)).toContain(rule);
  });
});
