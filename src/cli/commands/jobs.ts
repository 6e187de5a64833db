import type { Command } from 'commander';
import { ITEM_STATUSES, type TItemStatus } from '../../contract/job-status.js';
import type { TResultItem } from '../../contract/jobs.js';
import { allPages, CliError } from '../client.js';
import { describeEvent } from '../progress.js';
import { exitCodeOf, followJob, printSummary } from '../watch.js';
import { registerJobWatchCommands } from './jobs-watch.js';
import type { CommandEnv } from './start.js';
import { iso, withClient } from './with-client.js';

function itemLine(item: TResultItem): (string | number | null)[] {
  const reason = item.error?.message ?? (typeof item.result?.status === 'string' && item.result.status !== item.status ? item.result.status : '');
  return [item.index, item.status, item.title, reason];
}

export function registerJobCommands(program: Command, env: CommandEnv): void {
  const jobs = program.command('jobs').description('look a job up, follow it, cancel or retry it (needs its token), or list every job (admin)');
  registerJobWatchCommands(jobs, env);

  jobs
    .command('show')
    .argument('<jobId>')
    .description("the job's status, phase, progress, counts and error")
    .action((jobId: string, _o: unknown, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        const job = await client.trpc.jobs.get.query({ jobId }, { context: { token } });
        env.out.data(job, () => {
          env.out.table(
            ['field', 'value'],
            [
              ['job', `${job.jobId} (${job.kind})`],
              ['status', job.status],
              ['phase', job.phase],
              ['progress', job.progress ? `${job.progress.done}/${job.progress.total} ${job.progress.phase}` : null],
              ['items', `${job.itemCount} ${JSON.stringify(job.counts)}`],
              ['attempts', `${job.attempts} of ${job.maxAttempts}`],
              ['error', job.error ? `${job.error.code}: ${job.error.message}${job.error.retryable ? ' (retryable)' : ''}` : null],
              ['created', iso(job.createdAt)],
              ['finished', job.finishedAt ? iso(job.finishedAt) : null],
              ['events', `${job.lastSeq} (bookstrack jobs events ${job.jobId})`],
            ],
          );
        });
      }),
    );

  jobs
    .command('events')
    .argument('<jobId>')
    .option('--after <seq>', 'only events after this seq', '0')
    .description("the job's stored event log, oldest first: what happened, when, and why")
    .action((jobId: string, o: { after: string }, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        let after = Number(o.after);
        if (!Number.isInteger(after) || after < 0) throw new CliError('--after must be a whole number', 2);
        for (;;) {
          const page = await client.trpc.jobs.events.query({ jobId, after, limit: 500 }, { context: { token } });
          for (const event of page.events) {
            env.out.data(event, () => {
              const text = event.type === 'progress' ? `${event.phase} ${event.done}/${event.total}${event.currentItem ? ` ${event.currentItem}` : ''}` : describeEvent(event);
              env.out.line(`${String(event.seq).padStart(5)}  ${iso(event.at)}  ${event.type.padEnd(9)} ${text ?? ''}`);
            });
          }
          if (page.nextAfter === null) break;
          after = page.nextAfter;
        }
      }),
    );

  jobs
    .command('results')
    .argument('<jobId>')
    .option('--status <status>', `only items in this status (${ITEM_STATUSES.join(', ')})`)
    .description("the job's result items, every page")
    .action((jobId: string, o: { status?: string }, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        if (o.status !== undefined && !(ITEM_STATUSES as readonly string[]).includes(o.status)) throw new CliError(`--status must be one of ${ITEM_STATUSES.join(', ')}`, 2);
        const status = o.status ? { status: o.status as TItemStatus } : {};
        const items = await allPages((cursor) => client.trpc.jobs.results.query({ jobId, limit: 500, ...cursor, ...status }, { context: { token } }));
        env.out.data(items, () => env.out.table(['#', 'status', 'title', 'why'], items.map(itemLine)));
      }),
    );

  jobs
    .command('cancel')
    .argument('<jobId>')
    .description('cancel the job (idempotent); partial results are kept')
    .action((jobId: string, _o: unknown, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        const job = await client.trpc.jobs.cancel.mutate({ jobId }, { context: { token } });
        env.out.data(job, () => env.out.line(`${job.jobId}: ${job.status}${job.cancelRequested && job.status === 'running' ? ' (stopping)' : ''}`));
      }),
    );

  jobs
    .command('retry')
    .argument('<jobId>')
    .description('re-run the items that failed for transient reasons, and follow the job again')
    .action((jobId: string, _o: unknown, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        const { job, retriedItems } = await client.trpc.jobs.retryFailed.mutate({ jobId }, { context: { token } });
        env.out.data({ jobId, retriedItems }, () => env.out.line(`retrying ${retriedItems} item(s) of ${jobId}`));
        const terminal = await followJob(client, env.out, jobId, token, job.lastSeq);
        if (!env.out.json) printSummary(env.out, 'retry', terminal?.summary);
        env.exit(exitCodeOf(terminal));
      }),
    );
}
