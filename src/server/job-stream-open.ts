/**
 * Ends an async iterable that was never read, without starting it. The transports that push a
 * job's events themselves (`JobStreams`, SSE) call `jobs.onProgress` only for its checks (read
 * limit, input, job token, and their errors); the generator it returns has not run its body yet,
 * so `return()` releases it without it ever listening to the job.
 */
export async function discardUnstarted(result: unknown): Promise<void> {
  if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) {
    await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
  }
}
