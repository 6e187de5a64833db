/**
 * The jobs this browser started, with their tokens, kept in local storage: a reload or a later
 * visit reopens them. A job token is the only key to a job, so it never leaves this browser
 * unless the user shares a job link on purpose.
 */
export interface KeptJob {
  jobId: string;
  token: string;
  kind: string;
  /** What was started: the file's name, or how many photos. */
  label: string;
  startedAt: number;
}

const KEY = 'bookstrack.jobs';

export function keptJobs(): KeptJob[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as KeptJob[]).filter((j) => typeof j.jobId === 'string' && typeof j.token === 'string') : [];
  } catch (corrupt: unknown) {
    // A value another version wrote: start over rather than break the page.
    if (corrupt instanceof SyntaxError) return [];
    throw corrupt;
  }
}

export function keepJob(job: KeptJob): void {
  const others = keptJobs().filter((j) => j.jobId !== job.jobId);
  localStorage.setItem(KEY, JSON.stringify([job, ...others].slice(0, 200)));
}

export function tokenOf(jobId: string): string | undefined {
  return keptJobs().find((j) => j.jobId === jobId)?.token;
}
