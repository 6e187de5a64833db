// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint/layer-boundaries.js';

/**
 * The dependency direction of DESIGN §3, on resolved paths:
 * contract ← db ← jobs ← router ← server, providers beside (contract only), client a leaf.
 */
const layers = {
  'src/contract': { forbid: ['src/db', 'src/jobs', 'src/router', 'src/server', 'src/client', 'src/providers', 'src/errors.ts', 'test'], why: 'the contract imports only zod: clients share it' },
  'src/db': { forbid: ['src/jobs', 'src/router', 'src/server', 'src/client', 'src/providers', 'test'], why: 'the database layer depends on the contract only' },
  'src/providers': { forbid: ['src/db', 'src/jobs', 'src/router', 'src/server', 'src/client', 'test'], why: 'providers depend on the contract only; the server wires them in' },
  'src/jobs': { forbid: ['src/router', 'src/server', 'src/client', 'test'], why: 'domain code never imports the router or the server' },
  'src/router': { forbid: ['src/server', 'src/client', 'src/providers', 'src/db/repos', 'test'], why: 'the router reaches the database and providers only through its context' },
  'src/client': { forbid: ['src/server', 'src/db', 'src/jobs', 'src/providers', 'test'], why: 'the client depends on the contract and the router type only' },
  'src/server': { forbid: ['src/client', 'test'], why: 'nothing in src/ imports test/' },
  'src/cli': { forbid: ['src/db', 'src/jobs', 'src/router', 'src/providers', 'test'], why: 'the CLI is a client of the API (and starts the server through src/server)' },
  console: { forbid: ['src/db', 'src/jobs', 'src/router', 'src/server', 'src/providers', 'src/cli', 'src/errors.ts', 'test'], why: 'the web console is a client: it imports src/contract and src/client only' },
  'src/telemetry.ts': { forbid: ['src/db', 'src/jobs', 'src/router', 'src/server', 'src/client', 'src/providers', 'src/errors.ts', 'test'], why: 'telemetry records are plain data every layer reports; the server keeps the metrics' },
  'src/errors.ts': { forbid: ['src/db', 'src/jobs', 'src/router', 'src/server', 'src/client', 'test'], why: 'AppError is domain code' },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'drizzle/**', 'test/generated/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Un-awaited background work is the original `ctx.waitUntil` bug: it must not pass lint.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      // No empty catch, no catch that drops its error: name it and use it (log, wrap, rethrow).
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-syntax': ['error', { selector: 'CatchClause[param=null]', message: 'Name the caught error and handle it (log, wrap with cause, or rethrow).' }],
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'all', ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      'preserve-caught-error': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layers: { rules: { boundaries } } },
    rules: {
      'no-console': 'error',
      'layers/boundaries': ['error', { root: import.meta.dirname, rules: layers }],
      // Domain code never imports tRPC (it throws AppError; the router maps it).
      'no-restricted-imports': ['error', { patterns: [{ group: ['@trpc/*'], message: 'Only src/router, src/server and src/client use tRPC.' }] }],
    },
  },
  { files: ['src/router/**/*.ts', 'src/server/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // The web console: a client of the API that renders untrusted text (CSV rows, Gemini answers).
    files: ['console/**/*.ts'],
    plugins: { layers: { rules: { boundaries } } },
    rules: {
      'no-console': 'error',
      'layers/boundaries': ['error', { root: import.meta.dirname, rules: layers }],
      'no-restricted-imports': ['error', { patterns: [{ regex: '^[^.]', message: 'The console imports only src/contract and src/client (and its own files).' }] }],
      // Text only: no way from data to HTML. Elements are made with console/src/dom.ts.
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln'].map((property) => ({ property, message: 'Render data as text (console/src/dom.ts): never as HTML.' })),
      ],
    },
  },
  {
    files: ['src/client/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@trpc/server', '@trpc/server/*'], allowTypeImports: true, message: 'The client bundles @trpc/client only (type imports are fine).' }] }],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./).*', message: 'src/contract imports only zod and other contract files: clients share it.' }] }],
    },
  },
  {
    // The SQLite store is synchronous inside by design (no transaction spans an await); its
    // methods are async only to meet the store interface.
    files: ['src/db/sqlite-store.ts', 'src/db/file-blob-store.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      // Tests assert on values they just built; these rules only add noise there.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Type-level tests hold code that must not compile; they are checked by tsc and never run.
    files: ['test/types/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
