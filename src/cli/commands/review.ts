import type { Command } from 'commander';
import type { TReviewDecision, TReviewItem } from '../../contract/review.js';
import { allPages, CliError } from '../client.js';
import type { CommandEnv } from './start.js';
import { withClient } from './with-client.js';

interface ReviewOptions {
  accept?: string;
  choose?: string;
  reject?: string;
  edit?: string;
  title?: string;
  author?: string;
  isbn?: string;
}

const index = (value: string, what: string): number => {
  if (!/^\d+$/.test(value)) throw new CliError(`${what} must be an item number (see \`bookstrack review JOBID\`)`, 2);
  return Number(value);
};

/** The decision the options ask for, or undefined to list (one action at a time). */
function decisionOf(o: ReviewOptions): { itemId: number; decision: TReviewDecision } | undefined {
  const actions = [o.accept, o.choose, o.reject, o.edit].filter((a) => a !== undefined);
  if (actions.length > 1) throw new CliError('give one of --accept, --choose, --reject or --edit', 2);
  if (o.accept !== undefined) return { itemId: index(o.accept, '--accept'), decision: { action: 'accept' } };
  if (o.reject !== undefined) return { itemId: index(o.reject, '--reject'), decision: { action: 'reject' } };
  if (o.choose !== undefined) {
    const [item = '', candidate = ''] = o.choose.split(':');
    return { itemId: index(item, '--choose ITEM:CANDIDATE'), decision: { action: 'choose', candidate: index(candidate, '--choose ITEM:CANDIDATE') } };
  }
  if (o.edit !== undefined) {
    const fields = { ...(o.title ? { title: o.title } : {}), ...(o.author ? { author: o.author } : {}), ...(o.isbn ? { isbn: o.isbn } : {}) };
    if (Object.keys(fields).length === 0) throw new CliError('--edit needs at least one of --title, --author, --isbn', 2);
    return { itemId: index(o.edit, '--edit'), decision: { action: 'edit', fields } };
  }
  return undefined;
}

function rows(item: TReviewItem): (string | number | null)[] {
  const where = item.photoIndex === null ? '' : `photo ${item.photoIndex + 1}${item.detection ? ` (read ${item.detection.confidence})` : ''}`;
  const options = [item.match, ...item.candidates].map((c, i) => (c ? `${i === 0 ? 'best' : `${i - 1}`}: ${c.work.title} (${c.score})` : '')).filter(Boolean);
  return [item.index, item.title, where, options.join('\n')];
}

export function registerReviewCommand(program: Command, env: CommandEnv): void {
  program
    .command('review')
    .argument('<jobId>')
    .description('list the items that need a decision, or decide one')
    .option('--accept <item>', 'take the best match')
    .option('--choose <item:candidate>', 'take one of the other candidates (numbered from 0)')
    .option('--reject <item>', 'not this book (or not a book)')
    .option('--edit <item>', "the user's own correction (with --title, --author, --isbn)")
    .option('--title <title>')
    .option('--author <author>')
    .option('--isbn <isbn>')
    .action((jobId: string, o: ReviewOptions, cmd: Command) =>
      withClient(env, cmd, async (client, token) => {
        const decision = decisionOf(o);
        if (decision) {
          const done = await client.trpc.review.resolve.mutate({ jobId, ...decision }, { context: { token } });
          env.out.data(done, () => env.out.line(`item ${done.item.index}: ${done.item.status} (${done.remaining} left to review)`));
          return;
        }
        const items = await allPages((cursor) => client.trpc.review.list.query({ jobId, limit: 500, ...cursor }, { context: { token } }));
        env.out.data(items, () => {
          if (items.length === 0) env.out.line('nothing to review');
          else env.out.table(['#', 'title', 'seen', 'candidates'], items.map(rows));
        });
      }),
    );
}
