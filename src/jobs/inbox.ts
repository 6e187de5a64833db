/** Returned by `take()` when the inbox overflowed and dropped what it held. */
export const OVERFLOW = Symbol('overflow');
/** Returned by `take()` once the signal has aborted. */
export const CLOSED = Symbol('closed');

/**
 * A bounded single-consumer queue between a synchronous publisher and an async reader. When the
 * reader falls more than `highWaterMark` behind, the backlog is dropped and the reader is told
 * (`OVERFLOW`), so memory stays bounded and the reader catches up from the persisted log instead.
 */
export class Inbox<T> {
  private items: T[] = [];
  private overflowed = false;
  private waiter: (() => void) | undefined;

  constructor(
    private readonly signal: AbortSignal,
    private readonly highWaterMark: number,
  ) {
    signal.addEventListener('abort', () => this.wake(), { once: true });
  }

  push(item: T): void {
    if (this.overflowed) return;
    if (this.items.length >= this.highWaterMark) {
      this.items = [];
      this.overflowed = true;
    } else {
      this.items.push(item);
    }
    this.wake();
  }

  async take(): Promise<T | typeof OVERFLOW | typeof CLOSED> {
    for (;;) {
      if (this.signal.aborted) return CLOSED;
      if (this.overflowed) {
        this.overflowed = false;
        return OVERFLOW;
      }
      const item = this.items.shift();
      if (item !== undefined) return item;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
