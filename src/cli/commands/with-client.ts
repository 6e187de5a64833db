import type { Command } from 'commander';
import { connect, requireToken, type GlobalOptions } from '../client.js';
import type { CommandEnv } from './start.js';

/** A timestamp as a table shows it: `2026-12-03 11:36:29Z`. */
export const iso = (at: string) => at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/**
 * Runs `fn` with a client and the token the command needs (a job's, or the admin token for
 * `jobs list`), closing the client after.
 */
export async function withClient(env: CommandEnv, cmd: Command, fn: (client: ReturnType<typeof connect>, token: string, opts: GlobalOptions) => Promise<void>): Promise<void> {
  const opts = env.options(cmd);
  const token = requireToken(opts);
  const client = connect(opts);
  try {
    await fn(client, token, opts);
  } finally {
    await client.close();
  }
}
