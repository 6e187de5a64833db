import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import type { Command } from 'commander';
import { CSV_FORMATS, type TCsvImportStartInput } from '../../contract/imports.js';
import type { TJobStarted } from '../../contract/jobs.js';
import { CliError, connect, type GlobalOptions } from '../client.js';
import type { Output } from '../output.js';
import { exitCodeOf, followUntilInterrupted, printSummary } from '../watch.js';

export interface CommandEnv {
  out: Output;
  options(cmd: Command): GlobalOptions;
  /** Sets the process's exit status (the CLI's `main` returns it). */
  exit(code: number): void;
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error: unknown) {
    const code = (error as { code?: string }).code;
    throw new CliError(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * A refusal that names a field the CLI filled from a file (`csvBase64`, `photos.2`) is about that
 * file: it is said with the file's path, as the user typed it, not the API's field.
 */
function aboutFile(error: unknown, fileOf: (field: string) => string | undefined): unknown {
  if (!(error instanceof TRPCClientError)) return error;
  const data = (error.data ?? {}) as { appCode?: string; field?: string | null };
  const path = data.field ? fileOf(data.field) : undefined;
  return path === undefined ? error : new CliError(`${path}: ${error.message}${data.appCode ? ` (${data.appCode})` : ''}`);
}

/** Prints the new job and its token (the only time the token is shown), then follows it to its end. */
async function startAndFollow(
  env: CommandEnv,
  opts: GlobalOptions,
  label: string,
  start: (client: ReturnType<typeof connect>) => Promise<TJobStarted & { totalPhotos?: number }>,
  fileOf: (field: string) => string | undefined,
) {
  const client = connect(opts);
  try {
    const started = await start(client).catch((error: unknown) => {
      throw aboutFile(error, fileOf);
    });
    env.out.data(started, () => {
      env.out.line(`job   ${started.jobId} (${started.kind})`);
      env.out.line(`token ${started.token}`);
      env.out.line('      shown once: keep it to look the job up later (--token or BOOKSTRACK_TOKEN)');
      if (started.duplicateOf) env.out.line('      the same upload is already being processed: following that job, no second one was started');
    });
    const { terminal, interrupted } = await followUntilInterrupted(client, env.out, started.jobId, started.token);
    if (interrupted) {
      env.exit(130);
      return;
    }
    if (!env.out.json) printSummary(env.out, label, terminal?.summary);
    env.exit(exitCodeOf(terminal));
  } finally {
    await client.close();
  }
}

export function registerStartCommands(program: Command, env: CommandEnv): void {
  program
    .command('import')
    .description('import a CSV export (Goodreads, StoryGraph, LibraryThing or any spreadsheet) and follow it')
    .argument('<file>', 'the CSV or TSV file')
    .option('--format <format>', `auto, ${CSV_FORMATS.join(', ')}`, 'auto')
    .option('--no-enrich', 'only parse and map the rows; do not look the books up')
    .action(async (file: string, cmdOpts: { format: string; enrich: boolean }, cmd: Command) => {
      const bytes = await readInput(file);
      const input = { csvBase64: bytes.toString('base64'), filename: basename(file), format: cmdOpts.format as TCsvImportStartInput['format'], enrich: cmdOpts.enrich };
      await startAndFollow(env, env.options(cmd), 'import', (client) => client.trpc.imports.startCsv.mutate(input), (field) => (field === 'csvBase64' ? file : undefined));
    });

  program
    .command('scan')
    .description('scan 1–5 bookshelf photos and follow the scan')
    .argument('<photos...>', 'JPEG, PNG, GIF or WebP files')
    .action(async (files: string[], _cmdOpts: unknown, cmd: Command) => {
      const photos = await Promise.all(files.map(async (f) => ({ data: (await readInput(f)).toString('base64') })));
      const photoFile = (field: string) => files[Number(/^photos\.(\d+)/.exec(field)?.[1] ?? NaN)];
      await startAndFollow(env, env.options(cmd), 'scan', (client) => client.trpc.scans.start.mutate({ photos }), photoFile);
    });
}
