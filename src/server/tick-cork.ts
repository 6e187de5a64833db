/** Anything with the writable-stream cork pair (`net.Socket`, `http.ServerResponse`). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

const corked = new WeakSet<Corkable>();

/**
 * Holds `target`'s writes until the current wave of microtasks has run, so the frames one event
 * sends to every subscription sharing a connection leave in one `writev` instead of one syscall
 * each. The bus publishes synchronously and every subscriber's chain is the same depth, so all
 * of them send a given event in the same wave; the uncork, queued at the first send, runs right
 * after it. Not `process.nextTick`: that waits for the whole microtask drain, and at a job's end
 * the drain also tears down every subscription, which held the last frames back hundreds of ms.
 */
export function corkForTick(target: Corkable): void {
  if (corked.has(target)) return;
  corked.add(target);
  target.cork();
  queueMicrotask(() => {
    corked.delete(target);
    target.uncork();
  });
}
