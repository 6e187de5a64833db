import { Command, CommanderError } from 'commander';
import { DEFAULT_URL, describeError, type GlobalOptions } from './client.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerReviewCommand } from './commands/review.js';
import { registerServeCommand } from './commands/serve.js';
import { registerStartCommands, type CommandEnv } from './commands/start.js';
import { Output, type CliIO } from './output.js';

/**
 * Runs `bookstrack` with `argv` (as in `process.argv`) and resolves with the exit status: 0 on
 * success, 1 when the job or the call failed, 2 for a usage error. Nothing exits the process here,
 * so tests run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIO, environment: Record<string, string | undefined> = process.env): Promise<number> {
  const json = argv.includes('--json');
  const out = new Output(io, json);
  let exitCode = 0;
  const program = new Command('bookstrack')
    .description('BooksTrack from the terminal: import CSV exports, scan shelf photos, follow and review jobs')
    .option('--url <url>', 'server URL (or BOOKSTRACK_URL)', environment.BOOKSTRACK_URL ?? DEFAULT_URL)
    .option('--token <token>', "the job's token (or BOOKSTRACK_TOKEN)", environment.BOOKSTRACK_TOKEN)
    .option('--api-key <key>', 'API key to start jobs, when the server requires one (or BOOKSTRACK_API_KEY)', environment.BOOKSTRACK_API_KEY)
    .option('--json', 'machine-readable output: one JSON document per line')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const env: CommandEnv = {
    out,
    options: (cmd) => cmd.optsWithGlobals<GlobalOptions>(),
    exit: (code) => (exitCode = code),
  };
  registerServeCommand(program, env);
  registerStartCommands(program, env);
  registerJobCommands(program, env);
  registerReviewCommand(program, env);
  for (const cmd of program.commands) cmd.exitOverride();
  for (const cmd of program.commands.flatMap((c) => c.commands)) cmd.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error: unknown) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    out.error(describeError(error, program.opts<GlobalOptions>().url));
    return typeof (error as { exitCode?: unknown }).exitCode === 'number' ? (error as { exitCode: number }).exitCode : 1;
  }
}
