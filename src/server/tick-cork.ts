/** Anything with the writable-stream cork pair (`net.Socket`, `http.ServerResponse`). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

const corked = new WeakSet<Corkable>();

/**
 * Holds `target`'s writes until the current tick ends, so everything written to one connection in
 * a tick leaves in one `writev` instead of one syscall per frame. An event reaches all of a
 * job's subscribers in the same tick (the bus publishes synchronously and each subscriber's chain
 * resumes in the same microtask drain), so this batches one event's frames for every
 * subscription sharing a socket. `process.nextTick` runs after that microtask drain, before any
 * I/O, so no frame waits longer than the tick it was written in.
 */
export function corkForTick(target: Corkable): void {
  if (corked.has(target)) return;
  corked.add(target);
  target.cork();
  process.nextTick(() => {
    corked.delete(target);
    target.uncork();
  });
}
