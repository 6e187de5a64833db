import type { Command } from 'commander';
import { isTerminalStatus, JOB_STATUSES, type TJobStatus } from '../../contract/job-status.js';
import { CliError } from '../client.js';
import { exitCodeOf, followUntilInterrupted, printSummary } from '../watch.js';
import type { CommandEnv } from './start.js';
import { iso, withClient } from './with-client.js';

/** `jobs watch` (back to a job's live progress) and `jobs list` (every job, with the admin token). */
export function registerJobWatchCommands(jobs: Command, env: CommandEnv): void {
  jobs
    .command('watch')
    .argument('<jobId>')
    .description("follow a job's live progress again (after Ctrl-C or a closed terminal) until it ends")
    .action((jobId: string, _o: unknown, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        const job = await client.trpc.jobs.get.query({ jobId }, { context: { token } });
        if (!env.out.json) env.out.line(`${job.jobId} (${job.kind}): ${job.status}${job.phase && !isTerminalStatus(job.status) ? `, ${job.phase}` : ''}`);
        if (isTerminalStatus(job.status)) {
          if (!env.out.json) printSummary(env.out, job.kind, job.summary ?? undefined);
          env.exit(job.status === 'completed' ? 0 : 1);
          return;
        }
        // From now on: what happened before is in `jobs events`; the bars pick up at the next progress.
        const { terminal, interrupted } = await followUntilInterrupted(client, env.out, jobId, token, job.lastSeq);
        if (interrupted) {
          env.exit(130);
          return;
        }
        if (!env.out.json) printSummary(env.out, job.kind, terminal?.summary);
        env.exit(exitCodeOf(terminal));
      }),
    );

  jobs
    .command('list')
    .description('every job, newest first (needs the admin token: --token or BOOKSTRACK_TOKEN)')
    .option('--status <status>', `only jobs in this status (${JOB_STATUSES.join(', ')})`)
    .option('--kind <kind>', 'only jobs of this kind (csv-import, shelf-scan, enrichment)')
    .option('--limit <n>', 'at most this many', '50')
    .action((o: { status?: string; kind?: string; limit: string }, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('--limit must be a whole number from 1 to 500', 2);
        if (o.status !== undefined && !(JOB_STATUSES as readonly string[]).includes(o.status)) throw new CliError(`--status must be one of ${JOB_STATUSES.join(', ')}`, 2);
        const page = await client.trpc.jobs.list.query(
          { limit, ...(o.status ? { status: o.status as TJobStatus } : {}), ...(o.kind ? { kind: o.kind } : {}) },
          { context: { token } },
        );
        env.out.data(page.jobs, () => {
          env.out.table(
            ['job', 'kind', 'status', 'progress', 'items', 'created'],
            page.jobs.map((j) => [
              j.jobId,
              j.kind,
              j.status,
              j.progress && !isTerminalStatus(j.status) ? `${j.progress.phase} ${j.progress.done}/${j.progress.total}` : (j.phase ?? ''),
              Object.entries(j.counts).map(([k, n]) => `${k} ${String(n)}`).join(', '),
              iso(j.createdAt),
            ]),
          );
          if (page.nextCursor) env.out.line(`newest ${page.jobs.length} shown; --limit or --status/--kind reach further`);
        });
      }),
    );
}
